# Table 6, "ViDiDi" (Alg. 1): (dV, dV') -> (dV, V') -> (V, dV') -> (V, V') by
# epoch mod 4, and at every batch both streams differentiated once more with
# probability 0.5.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(1, 1), (1, 0), (0, 1), (0, 0)],
         extra_order_probs=[0.5, 0.5])
]
