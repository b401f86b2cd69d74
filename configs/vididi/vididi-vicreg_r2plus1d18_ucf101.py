_base_ = './vididi-vicreg_r3d18_ucf101.py'

# R(2+1)D-18 (Table 5) as its reference [58] and torchvision's r2plus1d_18 build
# it: each 3x3x3 convolution factorised into 1x3x3 and 3x1x1, a (2+1)D stem
# with 45 middle channels, no max-pool, plain 1x1x1 shortcuts; 31,300,125
# parameters. MMAction2's ResNet2Plus1d differs in the stem, the shortcuts and
# always max-pools (ResNet2Plus1dTV's docstring).
model = dict(
    backbone=dict(
        _delete_=True,
        type='ResNet2Plus1dTV',
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
