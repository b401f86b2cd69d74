_base_ = '../vididi/vididi-vicreg_r3d18_ucf101.py'

# Table 6, "+Schedule 1st": (dV, dV') -> (V, V') by epoch. Paper: 37.1 top-1.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(1, 1), (0, 0)], extra_order_probs=[1.0])
]
