"""BYOL's regression loss (eq. 7)."""
from typing import Dict

import torch
import torch.nn.functional as F
from torch import nn
from mmaction.registry import MODELS

from .embedding_pair import check_embedding_pair


def byol_loss(prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """``mean_i (2 - 2 cos(p_i, t_i))``, one direction of eq. (7).

    Args:
        prediction (Tensor): ``(B, D)`` online predictions ``g(h(f(X)))``.
        target (Tensor): ``(B, D)`` target projections; no gradient flows
            into them.
    """
    check_embedding_pair(prediction, target)
    cos = F.cosine_similarity(prediction, target.detach(), dim=1)
    return (2 - 2 * cos).mean()


@MODELS.register_module()
class BYOLLoss(nn.Module):
    """BYOL's objective (App. A.3): eq. (7) in both directions, summed.

    Per sample, so a process's loss needs no other process's batch.
    """

    def forward(self, prediction: torch.Tensor, prediction_prime: torch.Tensor,
                target: torch.Tensor, target_prime: torch.Tensor
                ) -> Dict[str, torch.Tensor]:
        """Each view's online prediction regresses the other view's target
        projection: ``{'loss': byol(p, t') + byol(p', t)}``."""
        return dict(loss=byol_loss(prediction, target_prime) +
                    byol_loss(prediction_prime, target))
