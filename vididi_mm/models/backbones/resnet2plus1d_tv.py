"""R(2+1)D-18 as Tran et al. (2018) and torchvision's ``r2plus1d_18`` build it."""
import torch
from mmcv.cnn import ConvModule, build_norm_layer
from mmaction.models.backbones import ResNet2Plus1d
from mmaction.registry import MODELS


def set_middle_width(conv: torch.nn.Module, width: int) -> None:
    """Rebuild an MMAction2 ``Conv2plus1d``'s spatial and temporal
    convolutions around ``width`` middle channels (fresh weights)."""
    bias = conv.conv_s.bias is not None
    conv.conv_s = torch.nn.Conv3d(conv.in_channels, width, conv.conv_s.kernel_size,
                                  conv.conv_s.stride, conv.conv_s.padding, bias=bias)
    conv.bn_s = build_norm_layer(conv.norm_cfg, width)[1]
    conv.conv_t = torch.nn.Conv3d(width, conv.out_channels, conv.conv_t.kernel_size,
                                  conv.conv_t.stride, conv.conv_t.padding, bias=bias)
    conv.init_weights()


@MODELS.register_module()
class ResNet2Plus1dTV(ResNet2Plus1d):
    """MMAction2's ``ResNet2Plus1d`` with torchvision's stem and shortcuts.

    The paper's R(2+1)D-18 (Sec. 4.1, Table 5) is the network of its reference
    [58], which torchvision's ``r2plus1d_18`` implements. MMAction2's
    ``ResNet2Plus1d`` differs from it in three places, fixed here so that an
    encoder has torchvision's layout, parameter count (31,300,125 without
    ``fc``) and computation, and ``tools/export_encoder.py --format
    torchvision`` can write it:

    - the stem: a 1x7x7 convolution to ``stem_mid_channels`` (45), BN, ReLU,
      then 3x1x1 to 64, BN, ReLU (MMAction2 factorises the stem with the
      block formula, 83 middle channels);
    - the shortcut of a block that changes width or resolution: a plain 1x1x1
      convolution and BN (MMAction2: a (2+1)D one);
    - the middle width of that block's second convolution: the same as its
      first's, ``(in * out * 27) // (in * 9 + 3 * out)`` from the block's input
      and output widths (MMAction2 computes it from the second convolution's
      own, wider, input);
    - ``with_pool1=False`` leaves out the stem's max-pool
      (``ResNet2Plus1d.forward`` applies it whatever ``with_pool1`` says).

    Args:
        stem_mid_channels (int): Width between the stem's two convolutions.
            Defaults to 45.
        **kwargs: ``ResNet2Plus1d``'s arguments (``conv_cfg`` must be
            ``Conv2plus1d``).
    """

    def __init__(self, stem_mid_channels: int = 45, **kwargs) -> None:
        self.stem_mid_channels = stem_mid_channels
        super().__init__(**kwargs)
        for i, layer_name in enumerate(self.res_layers):
            first = getattr(self, layer_name)[0]
            if first.downsample is not None:
                planes = self.base_channels * 2**i
                stride_t, stride_s = self.temporal_strides[i], self.spatial_strides[i]
                first.downsample = ConvModule(
                    first.inplanes, planes, kernel_size=1,
                    stride=(stride_t, stride_s, stride_s), bias=False,
                    conv_cfg=dict(type='Conv3d'), norm_cfg=self.norm_cfg, act_cfg=None)
                set_middle_width(first.conv2.conv, first.conv1.conv.conv_s.out_channels)

    def _make_stem_layer(self) -> None:
        super()._make_stem_layer()  # the pools
        stem = dict(bias=False, conv_cfg=dict(type='Conv3d'), norm_cfg=self.norm_cfg,
                    act_cfg=self.act_cfg)
        self.conv1 = torch.nn.Sequential(
            ConvModule(self.in_channels, self.stem_mid_channels, kernel_size=(1, 7, 7),
                       stride=(1, self.conv1_stride_s, self.conv1_stride_s),
                       padding=(0, 3, 3), **stem),
            ConvModule(self.stem_mid_channels, self.base_channels, kernel_size=(3, 1, 1),
                       stride=(self.conv1_stride_t, 1, 1), padding=(1, 0, 0), **stem))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C, T, H, W)`` clips -> the last stage's feature map."""
        x = self.conv1(x)
        if self.with_pool1:
            x = self.maxpool(x)
        for layer_name in self.res_layers:
            x = getattr(self, layer_name)(x)
        return x
