# Table 6, "+Schedule 1st & Mix": (dV, dV') -> (dV, V') -> (V, V') by epoch.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(1, 1), (1, 0), (0, 0)],
         extra_order_probs=[1.0])
]
