"""BYOL's regression loss (eq. 7)."""
import torch
import torch.nn.functional as F

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
