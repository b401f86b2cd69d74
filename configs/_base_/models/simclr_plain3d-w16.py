# SimCLR (simclr_r3d18.py) on the small plain 3D CNN (plain3d-w16.py, 128-d
# features), projector hidden width at a quarter of the paper's (512), output
# 128 as in the paper. The small-scale recipe's model.
_base_ = ['./simclr_r3d18.py', './plain3d-w16.py']

model = dict(
    # The demo's pipeline augments on the CPU (synthetic_two_clip.py).
    data_preprocessor=dict(augment=False),
    backbone={{_base_.plain3d_w16}},
    neck=dict(in_channels=128, hid_channels=512))
