"""The projector and predictor MLPs of SimCLR, BYOL and VICReg."""
import torch
from mmengine.model import BaseModule
from torch import nn
from mmaction.registry import MODELS


@MODELS.register_module()
class ProjectionMLP(BaseModule):
    """An MLP with BatchNorm and ReLU after every hidden layer (App. B.2).

    The paper's sizes: SimCLR 3 layers, 2048 hidden, 128 out; BYOL projector
    and predictor 2 layers, 4096 hidden, 256 out; VICReg 3 layers,
    2048-2048-2048. The last layer is a plain linear map.

    Args:
        in_channels (int): Input width (the backbone's pooled feature).
        hid_channels (int): Width of the hidden layers.
        out_channels (int): Output width.
        num_layers (int): Number of linear layers, at least 1.
            Defaults to 2.
        init_cfg (dict, optional): Defaults to None.
    """

    def __init__(self,
                 in_channels: int,
                 hid_channels: int,
                 out_channels: int,
                 num_layers: int = 2,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if num_layers < 1:
            raise ValueError(f'num_layers must be >= 1, got {num_layers}')
        widths = [in_channels] + [hid_channels] * (num_layers - 1)
        layers = []
        for fan_in, fan_out in zip(widths[:-1], widths[1:]):
            layers += [nn.Linear(fan_in, fan_out, bias=False),
                       nn.BatchNorm1d(fan_out), nn.ReLU(inplace=True)]
        layers.append(nn.Linear(widths[-1], out_channels))
        self.mlp = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, in_channels) -> (N, out_channels)."""
        return self.mlp(x)
