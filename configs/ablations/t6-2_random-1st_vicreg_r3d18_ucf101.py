_base_ = '../vididi/vididi-vicreg_r3d18_ucf101.py'

# Table 6, "+Random 1st": both streams differentiated once with probability 0.5.
# Paper: 35.2 top-1.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(0, 0)], extra_order_probs=[0.5, 0.5])
]
