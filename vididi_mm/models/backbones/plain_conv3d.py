"""A plain (VGG-style) 3D CNN for small-scale experiments."""
from typing import Sequence

import torch
from mmengine.model import BaseModule
from torch import nn
from mmaction.registry import MODELS

from .s3d import ConvBNReLU3d


@MODELS.register_module()
class PlainConv3d(BaseModule):
    """R3D-18's stem and strides without its residual connections.

    A 3x7x7 stem with spatial stride 2, then one stage per width
    ``base_channels * m`` for ``m`` in ``width_multipliers``, each of
    ``convs_per_stage`` 3x3x3 Conv-BN-ReLU layers, the first with the
    stage's stride (temporal and spatial 2 in stages 2-4, as R3D-18 in
    MMAction2's ResNet3d, configs/_base_/models/r3d18.py). No max-pool.

    This is the encoder of the package's small-scale recipe
    (``configs/demo/``, docs/demo.md), not one of the paper's (Sec. 4.1,
    Table 4): on the synthetic dynamics videos and a few hundred iterations,
    R3D-18 at a quarter of its width stayed at the random-init floor of kNN
    retrieval where this plain network learned (the measurements are in
    docs/demo.md). The recipe strides its first stage too
    (``strides=(2, 2, 2, 2)``, configs/_base_/models/plain3d-w16.py), which
    makes its forward and backward 3x cheaper on a CPU. Its weights keep
    PyTorch's default initialisation.

    Args:
        base_channels (int): Width of the stem and the first stage.
            Defaults to 16.
        width_multipliers (Sequence[int]): Width of each stage relative to
            ``base_channels``. Defaults to (1, 2, 4, 8).
        strides (Sequence[int]): Stride (time and space alike) of each
            stage's first convolution. Defaults to (1, 2, 2, 2).
        convs_per_stage (int): Defaults to 2.
        in_channels (int): Defaults to 3.
        init_cfg (dict, optional): Defaults to None.
    """

    def __init__(self,
                 base_channels: int = 16,
                 width_multipliers: Sequence[int] = (1, 2, 4, 8),
                 strides: Sequence[int] = (1, 2, 2, 2),
                 convs_per_stage: int = 2,
                 in_channels: int = 3,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if len(width_multipliers) != len(strides):
            raise ValueError('width_multipliers and strides need one entry per '
                             f'stage, got {len(width_multipliers)} and '
                             f'{len(strides)}')
        if convs_per_stage < 1:
            raise ValueError(f'convs_per_stage must be >= 1, got {convs_per_stage}')
        self.stem = ConvBNReLU3d(in_channels, base_channels, (3, 7, 7),
                                 stride=(1, 2, 2), padding=(1, 3, 3))
        stages = []
        width = base_channels
        for multiplier, stride in zip(width_multipliers, strides):
            out_width = base_channels * multiplier
            layers = [ConvBNReLU3d(width, out_width, 3, stride=stride, padding=1)]
            layers += [ConvBNReLU3d(out_width, out_width, 3, padding=1)
                       for _ in range(convs_per_stage - 1)]
            stages.append(nn.Sequential(*layers))
            width = out_width
        self.stages = nn.Sequential(*stages)
        self.feat_dim = width

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C, T, H, W)`` clips -> the last stage's feature map."""
        return self.stages(self.stem(x))

