_base_ = '../vididi/vididi-vicreg_r3d18_ucf101.py'

# Table 6, "Reverse ViDiDi-VIC": Alg. 1's pairs in reverse order.
# Paper: 39.1 top-1.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(0, 0), (0, 1), (1, 0), (1, 1)], extra_order_probs=[0.5, 0.5])
]
