"""BYOL's loss head: the predictor and the symmetric loss of eq. (7)."""
import torch
from mmengine.model import BaseModule
from mmaction.registry import MODELS

from ..losses import byol_loss


@MODELS.register_module()
class BYOLHead(BaseModule):
    """The online predictor ``g`` and BYOL's loss in both directions.

    Args:
        predictor (dict): Config of the predictor MLP (App. B.2: 2 layers,
            4096 hidden, 256 out).
    """

    def __init__(self, predictor: dict, init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.predictor = MODELS.build(predictor)

    def loss(self, online: torch.Tensor, online_prime: torch.Tensor,
             target: torch.Tensor, target_prime: torch.Tensor) -> dict:
        """Eq. (7): each view's online projection predicts the other view's
        target projection, the two directions summed."""
        return dict(loss=byol_loss(self.predictor(online), target_prime) +
                    byol_loss(self.predictor(online_prime), target))
