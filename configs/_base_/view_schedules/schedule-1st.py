# Table 6, "+Schedule 1st": (dV, dV') -> (V, V') alternating by epoch.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(1, 1), (0, 0)],
         extra_order_probs=[1.0])
]
