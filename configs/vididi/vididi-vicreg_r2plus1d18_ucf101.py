_base_ = './vididi-vicreg_r3d18_ucf101.py'

# R(2+1)D-18 (Table 5): each 3x3x3 convolution factorised into 1x3x3 and
# 3x1x1, with the R3D-18 stem and strides.
model = dict(
    backbone=dict(
        _delete_=True,
        type='ResNet2Plus1d',
        depth=18,
        pretrained=None,
        pretrained2d=False,
        conv_cfg=dict(type='Conv2plus1d'),
        conv1_kernel=(3, 7, 7),
        conv1_stride_t=1,
        pool1_stride_t=1,
        with_pool1=False,
        inflate=(1, 1, 1, 1),
        spatial_strides=(1, 2, 2, 2),
        temporal_strides=(1, 2, 2, 2),
        norm_eval=False))
