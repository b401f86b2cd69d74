_base_ = '../vididi/vididi-vicreg_r3d18_ucf101.py'

# Table 6, "Base": always (V, V'). Paper: 31.1 top-1.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(0, 0)], extra_order_probs=[1.0])
]
