# The small-scale recipe's encoder (configs/demo/, docs/demo.md): a plain
# 3D CNN with R3D-18's 3x7x7 stem, one stage of two 3x3x3 convolutions per
# width 16-32-64-128, no residual connections, 128-d features. Not an
# encoder of the paper (Table 4): at this scale R3D-18 at a quarter of its
# width stayed at the random-init floor where this network learned.
# Every stage halves time and space, the first too (R3D-18's does not): the
# encoder costs 3x less on a CPU, a demo iteration 1.8x less, and
# ViDiDi-VICReg stayed more than 11 points above VICReg in every seed on the
# validation split (docs/demo.md, r8).
# `_delete_` replaces the R3D-18 backbone of the config that takes it.
plain3d_w16 = dict(_delete_=True, type='mmaction.PlainConv3d', base_channels=16,
                   strides=(2, 2, 2, 2))
