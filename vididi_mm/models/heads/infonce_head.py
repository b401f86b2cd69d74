"""SimCLR's symmetric InfoNCE loss (eq. 5)."""
import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmaction.registry import MODELS

from ..utils.gather import gather_with_grad


def infonce_loss(z: torch.Tensor, z_prime: torch.Tensor,
                 temperature: float = 0.1) -> torch.Tensor:
    """Symmetric InfoNCE over cross-view cosine similarities, eq. (5)/(6).

    ``s_ij = cos(z_i, z'_j)``; each clip's positive is the other view of the
    same video, its negatives the other videos' other views, in both
    directions (rows and columns of ``s``)::

        L = -1/(2B) sum_i log softmax_j(s_ij / a)[i]
            -1/(2B) sum_i log softmax_j(s_ji / a)[i]

    Args:
        z, z_prime (Tensor): ``(B, D)`` embeddings of the two views.
        temperature (float): ``alpha``. Defaults to 0.1.
    """
    _check_pair(z, z_prime)
    sim = F.normalize(z, dim=1) @ F.normalize(z_prime, dim=1).T  # (B, B)
    logits = sim / temperature
    target = torch.arange(len(z), device=z.device)
    return (F.cross_entropy(logits, target) +
            F.cross_entropy(logits.T, target)) / 2


def _check_pair(z, z_prime):
    if z.ndim != 2 or z.shape != z_prime.shape:
        raise ValueError(f'expected two (B, D) embeddings of one shape, got '
                         f'{tuple(z.shape)} and {tuple(z_prime.shape)}')


@MODELS.register_module()
class InfoNCEHead(BaseModule):
    """SimCLR's loss head.

    Args:
        temperature (float): Defaults to 0.1 (App. B.2).
        gather (bool): Contrast against the global batch of all processes,
            as one process would with that batch. False keeps each process's
            negatives local, as the authors' research code did.
            Defaults to True.
    """

    def __init__(self, temperature: float = 0.1, gather: bool = True,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.temperature = temperature
        self.gather = gather

    def loss(self, z: torch.Tensor, z_prime: torch.Tensor) -> dict:
        if self.gather:
            z, z_prime = gather_with_grad(z), gather_with_grad(z_prime)
        return dict(loss=infonce_loss(z, z_prime, self.temperature))
