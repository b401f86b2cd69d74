# Table 6, "Reverse ViDiDi": Alg. 1's pairs in reverse order, (V, V') first.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(0, 0), (0, 1), (1, 0), (1, 1)],
         extra_order_probs=[0.5, 0.5])
]
