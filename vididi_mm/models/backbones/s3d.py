"""S3D, the separable 3D Inception network (Xie et al., ECCV 2018)."""
from collections import OrderedDict
from typing import Tuple

import torch
from mmengine.model import BaseModule
from torch import nn
from mmaction.registry import MODELS


class ConvBNReLU3d(nn.Sequential):
    """Conv3d without bias, BatchNorm3d, ReLU."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1,
                 padding=0):
        super().__init__(
            nn.Conv3d(in_channels, out_channels, kernel_size, stride, padding,
                      bias=False),
            nn.BatchNorm3d(out_channels), nn.ReLU(inplace=True))


class SepConv3d(nn.Sequential):
    """A k x k x k convolution factorised into 1 x k x k then k x 1 x 1."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1,
                 padding=0):
        super().__init__(
            ConvBNReLU3d(in_channels, out_channels, (1, kernel_size, kernel_size),
                         (1, stride, stride), (0, padding, padding)),
            ConvBNReLU3d(out_channels, out_channels, (kernel_size, 1, 1),
                         (stride, 1, 1), (padding, 0, 0)))


class SepInception(nn.Module):
    """Inception block with separable 3 x 3 x 3 branches.

    Args:
        in_channels (int): Input width.
        widths (tuple): ``(b0, (b1_reduce, b1), (b2_reduce, b2), b3)``.
    """

    def __init__(self, in_channels: int, widths: Tuple) -> None:
        super().__init__()
        b0, (b1_red, b1), (b2_red, b2), b3 = widths
        self.branch0 = ConvBNReLU3d(in_channels, b0, 1)
        self.branch1 = nn.Sequential(
            ConvBNReLU3d(in_channels, b1_red, 1), SepConv3d(b1_red, b1, 3, padding=1))
        self.branch2 = nn.Sequential(
            ConvBNReLU3d(in_channels, b2_red, 1), SepConv3d(b2_red, b2, 3, padding=1))
        self.branch3 = nn.Sequential(
            nn.MaxPool3d(3, stride=1, padding=1), ConvBNReLU3d(in_channels, b3, 1))
        self.out_channels = b0 + b1 + b2 + b3

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.branch0(x), self.branch1(x), self.branch2(x),
                          self.branch3(x)], dim=1)


# (name, widths) of the Inception blocks; a pooling layer precedes 3b, 4b, 5b.
_BLOCKS = (
    ('mixed_3b', (64, (96, 128), (16, 32), 32)),
    ('mixed_3c', (128, (128, 192), (32, 96), 64)),
    ('mixed_4b', (192, (96, 208), (16, 48), 64)),
    ('mixed_4c', (160, (112, 224), (24, 64), 64)),
    ('mixed_4d', (128, (128, 256), (24, 64), 64)),
    ('mixed_4e', (112, (144, 288), (32, 64), 64)),
    ('mixed_4f', (256, (160, 320), (32, 128), 128)),
    ('mixed_5b', (256, (160, 320), (32, 128), 128)),
    ('mixed_5c', (384, (192, 384), (48, 128), 128)),
)


@MODELS.register_module()
class S3D(BaseModule):
    """S3D backbone: 1024-d features, one of the encoders of Table 5.

    MMAction2 1.2.0 has no S3D. This is the architecture of Xie et al.
    ("Rethinking spatiotemporal feature learning", ECCV 2018): a separable
    7 x 7 x 7 stem with stride 2, then separable Inception blocks; the output
    of ``mixed_5c`` (``(N, 1024, T', H', W')``) is pooled by the model.

    Args:
        in_channels (int): Defaults to 3.
        init_cfg (dict, optional): Defaults to Kaiming for convolutions and
            constant 1 for BatchNorm.
    """

    def __init__(self, in_channels: int = 3, init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg or [
            dict(type='Kaiming', layer='Conv3d'),
            dict(type='Constant', layer='BatchNorm3d', val=1)
        ])
        self.stem = nn.Sequential(
            SepConv3d(in_channels, 64, 7, stride=2, padding=3),
            nn.MaxPool3d((1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1)),
            ConvBNReLU3d(64, 64, 1),
            SepConv3d(64, 192, 3, padding=1),
            nn.MaxPool3d((1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1)))
        pools = dict(
            mixed_4b=nn.MaxPool3d(3, stride=2, padding=1),
            mixed_5b=nn.MaxPool3d(2, stride=2))
        layers, channels = [], 192
        for name, widths in _BLOCKS:
            if name in pools:
                layers.append((f'pool_{name[-2:]}', pools[name]))
            block = SepInception(channels, widths)
            layers.append((name, block))
            channels = block.out_channels
        self.blocks = nn.Sequential(OrderedDict(layers))
        self.out_channels = channels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, C, T, H, W) -> (N, 1024, T', H', W')."""
        return self.blocks(self.stem(x))
