# VICReg (vicreg_r3d18.py) on R3D-18 at a quarter of its width (16 stem
# channels, 128-d features), with the projector at a quarter of the paper's
# width too: 512-512-512. A batch of N gives embeddings of rank at most N - 1,
# so a 2048-d projector at a batch of 32 cannot meet the variance and
# covariance terms together (method.md 6b). The small-scale recipe's model.
_base_ = './vicreg_r3d18.py'

model = dict(
    backbone=dict(base_channels=16),
    neck=dict(in_channels=128, hid_channels=512, out_channels=512))
