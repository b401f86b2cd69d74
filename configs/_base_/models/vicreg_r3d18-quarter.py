_base_ = './vicreg_r3d18.py'

# R3D-18's layout at a quarter width (128-d features) with the paper's VICReg
# projector and loss: the demo's encoder (configs/demo/).
model = dict(
    backbone=dict(base_channels=16),
    neck=dict(in_channels=128))
