_base_ = '../vididi/vididi-vicreg_r3d18_ucf101.py'

# Table 6, "+Schedule 1st & Mix": (dV, dV') -> (dV, V') -> (V, V') by epoch.
# Paper: 39.3 top-1.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(1, 1), (1, 0), (0, 0)], extra_order_probs=[1.0])
]
