# VICReg (vicreg_r3d18.py) on the small plain 3D CNN (plain3d-w16.py, 128-d
# features), with the projector at a quarter of the paper's width:
# 512-512-512. A batch of N gives embeddings of rank at most N - 1, so a
# 2048-d projector at a batch of 32 cannot meet the variance and covariance
# terms together (docs/demo.md). The small-scale recipe's model.
_base_ = ['./vicreg_r3d18.py', './plain3d-w16.py']

model = dict(
    # The demo's pipeline augments on the CPU (synthetic_two_clip.py).
    data_preprocessor=dict(augment=False),
    backbone={{_base_.plain3d_w16}},
    neck=dict(in_channels=128, hid_channels=512, out_channels=512))
