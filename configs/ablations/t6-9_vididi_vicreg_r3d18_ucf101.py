_base_ = '../vididi/vididi-vicreg_r3d18_ucf101.py'

# Table 6, "ViDiDi-VIC" (Alg. 1). Paper: 47.6 top-1.
custom_hooks = [
    dict(type='ViewScheduleHook', pairs=[(1, 1), (1, 0), (0, 1), (0, 0)], extra_order_probs=[0.5, 0.5])
]
