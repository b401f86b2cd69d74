# R3D-18 (torchvision's r3d_18 without its fc, 33,166,272 parameters) as
# MMAction2's ResNet3d (the paper's encoder, Table 4): 3x7x7 stem with temporal stride
# 1, no max-pool, 3x3x3 convolutions, temporal stride 2 in stages 2-4.
# The algorithm configs below take `backbone` from here, and every model
# config its data_preprocessor (data_preprocessors.py).
_base_ = './data_preprocessors.py'

backbone = dict(
    type='mmaction.ResNet3d',  # scoped: detectors are built in MMDet's scope
    depth=18,
    pretrained=None,
    pretrained2d=False,
    conv1_kernel=(3, 7, 7),
    conv1_stride_t=1,
    pool1_stride_t=1,
    with_pool1=False,
    # torchvision's r3d_18 has no temporal max-pool after stage 1; MMAction2's
    # ResNet3d adds one unless told not to (test_the_exported_encoder_computes_
    # what_torchvisions_network_computes).
    with_pool2=False,
    inflate=(1, 1, 1, 1),
    inflate_style='3x3x3',
    spatial_strides=(1, 2, 2, 2),
    temporal_strides=(1, 2, 2, 2),
    norm_eval=False)
feat_dim = 512
