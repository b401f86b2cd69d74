# Table 6, "Base": always (V, V'), the plain instance-discrimination baseline.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(0, 0)],
         extra_order_probs=[1.0])
]
