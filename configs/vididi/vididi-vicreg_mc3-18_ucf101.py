_base_ = './vididi-vicreg_r3d18_ucf101.py'

# MC3-18 (Table 5) as torchvision's mc3_18: 3D convolutions in the first stage
# only, 2D (1x3x3) after, which downsample space but not time.
model = dict(backbone=dict(inflate=(1, 0, 0, 0), temporal_strides=(1, 1, 1, 1)))
