"""BYOL's predictor and regression loss (eq. 7)."""
import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmaction.registry import MODELS

from .infonce_head import _check_pair


def byol_loss(prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """``mean_i (2 - 2 cos(p_i, t_i))``, one direction of eq. (7).

    Args:
        prediction (Tensor): ``(B, D)`` online predictions ``g(h(f(X)))``.
        target (Tensor): ``(B, D)`` target projections; no gradient flows
            into them.
    """
    _check_pair(prediction, target)
    cos = F.cosine_similarity(prediction, target.detach(), dim=1)
    return (2 - 2 * cos).mean()


@MODELS.register_module()
class BYOLHead(BaseModule):
    """The online predictor ``g`` and BYOL's loss.

    Args:
        predictor (dict): Config of the predictor MLP (App. B.2: 2 layers,
            4096 hidden, 256 out).
    """

    def __init__(self, predictor: dict, init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.predictor = MODELS.build(predictor)

    def loss(self, online: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """One direction: predict ``target`` from the ``online`` projection."""
        return byol_loss(self.predictor(online), target)
