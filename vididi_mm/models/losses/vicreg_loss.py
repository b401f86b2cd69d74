"""VICReg's variance-invariance-covariance loss (eq. 8-11)."""
from typing import Dict

import torch
import torch.nn.functional as F
from torch import nn
from mmaction.registry import MODELS

from ..utils.gather import gather_with_grad
from .embedding_pair import check_embedding_pair

#: How eq. (8) reduces over the D dimensions: VICReg's reference code (and so
#: the weights lambda = mu = 1 the paper takes from it) averages; eq. (8) as
#: printed sums.
INVARIANCE_REDUCTIONS = {'mean': torch.mean, 'sum': torch.sum}


def invariance(z: torch.Tensor, z_prime: torch.Tensor, reduction: str) -> torch.Tensor:
    """``s(Z, Z')``, eq. (8): squared distance between paired embeddings,
    reduced over D by :data:`INVARIANCE_REDUCTIONS` ``[reduction]``, averaged
    over the batch."""
    return INVARIANCE_REDUCTIONS[reduction]((z - z_prime).pow(2), dim=1).mean()


def variance(z: torch.Tensor, gamma: float, eps: float) -> torch.Tensor:
    """``v(Z)``, eq. (9): hinge on each dimension's regularised std."""
    std = torch.sqrt(z.var(dim=0) + eps)
    return F.relu(gamma - std).mean()


def covariance(z: torch.Tensor) -> torch.Tensor:
    """``c(Z)``, eq. (10): squared off-diagonal covariances over D."""
    batch, dim = z.shape
    centred = z - z.mean(dim=0)
    cov = centred.T @ centred / (batch - 1)  # (D, D)
    off_diagonal = cov - torch.diag(torch.diagonal(cov))
    return off_diagonal.pow(2).sum() / dim


@MODELS.register_module()
class VICRegLoss(nn.Module):
    """VICReg's objective (App. A.4, B.2): the three weighted terms of eq. (11).

    ``L = lambda s(Z, Z') + mu [v(Z) + v(Z')] + nu [c(Z) + c(Z')]``.

    Both views' variance terms are summed, as eq. (11) writes them. VICReg's
    reference code (Bardes et al., 2022), where lambda = mu come from,
    averages them (``mu / 2 [v(Z) + v(Z')]``) and sums the covariance terms
    as here; so at the same ``var_weight`` the variance hinge weighs twice
    as much here. Halve ``var_weight`` to match that code.

    Args:
        sim_weight (float): lambda. Defaults to 1.0.
        var_weight (float): mu. Defaults to 1.0.
        cov_weight (float): nu. Defaults to 0.05 (the authors' code: 0.04).
        gamma (float): Target standard deviation. Defaults to 1.0.
        eps (float): Defaults to 1e-4.
        invariance_reduction (str): A key of :data:`INVARIANCE_REDUCTIONS`.
            Defaults to 'mean'.
        gather (bool): Variance and covariance of the global batch of all
            processes; False keeps them per process, as the authors' research
            code did. Defaults to True.
    """

    def __init__(self,
                 sim_weight: float = 1.0,
                 var_weight: float = 1.0,
                 cov_weight: float = 0.05,
                 gamma: float = 1.0,
                 eps: float = 1e-4,
                 invariance_reduction: str = 'mean',
                 gather: bool = True) -> None:
        super().__init__()
        if invariance_reduction not in INVARIANCE_REDUCTIONS:
            raise ValueError(f'invariance_reduction must be one of '
                             f'{sorted(INVARIANCE_REDUCTIONS)}, got {invariance_reduction!r}')
        self.sim_weight, self.var_weight, self.cov_weight = sim_weight, var_weight, cov_weight
        self.gamma, self.eps = gamma, eps
        self.invariance_reduction = invariance_reduction
        self.gather = gather

    def forward(self, z: torch.Tensor, z_prime: torch.Tensor) -> Dict[str, torch.Tensor]:
        """``loss_invariance``, ``loss_variance`` and ``loss_covariance``,
        each already weighted; their sum is eq. (11)."""
        if self.gather:
            z, z_prime = gather_with_grad(z), gather_with_grad(z_prime)
        check_embedding_pair(z, z_prime)
        if len(z) < 2:
            raise ValueError('VICReg needs at least 2 samples for a variance')
        return dict(
            loss_invariance=self.sim_weight * invariance(z, z_prime, self.invariance_reduction),
            loss_variance=self.var_weight * (variance(z, self.gamma, self.eps) +
                                             variance(z_prime, self.gamma, self.eps)),
            loss_covariance=self.cov_weight * (covariance(z) + covariance(z_prime)))
