# SimCLR (simclr_r3d18.py) on R3D-18 at a quarter of its width (128-d
# features), projector hidden width at a quarter of the paper's (512), output
# 128 as in the paper. The small-scale recipe's model.
_base_ = './simclr_r3d18.py'

model = dict(
    backbone=dict(base_channels=16),
    neck=dict(in_channels=128, hid_channels=512))
