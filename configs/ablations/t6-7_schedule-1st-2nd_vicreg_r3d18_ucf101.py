_base_ = '../vididi/vididi-vicreg_r3d18_ucf101.py'

# Table 6, "+Schedule 1st & 2nd": +Schedule 1st with the random extra
# differentiation per batch. Paper: 40.7 top-1.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(1, 1), (0, 0)], extra_order_probs=[0.5, 0.5])
]
