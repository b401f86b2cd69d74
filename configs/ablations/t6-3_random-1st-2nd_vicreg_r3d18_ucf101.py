_base_ = '../vididi/vididi-vicreg_r3d18_ucf101.py'

# Table 6, "+Random 1st & 2nd": order 0, 1 or 2 drawn per batch.
# Paper: 36.2 top-1.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(0, 0)], extra_order_probs=[1 / 3, 1 / 3, 1 / 3])
]
