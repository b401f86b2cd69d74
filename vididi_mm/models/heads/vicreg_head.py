"""VICReg's variance-invariance-covariance loss (eq. 8-11)."""
import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmaction.registry import MODELS

from ..utils.gather import gather_with_grad
from .infonce_head import _check_pair


def invariance(z: torch.Tensor, z_prime: torch.Tensor,
               reduction: str = 'mean') -> torch.Tensor:
    """``s(Z, Z')``, eq. (8): squared distance between paired embeddings.

    Eq. (8) as printed sums over the D dimensions; VICReg's reference code
    (and so the weights lambda = mu = 1 that the paper takes from it) averages
    over them. ``reduction='mean'`` (default) averages, ``'sum'`` is eq. (8)
    literally.
    """
    dist = (z - z_prime).pow(2)
    per_sample = dist.mean(dim=1) if reduction == 'mean' else dist.sum(dim=1)
    return per_sample.mean()


def variance(z: torch.Tensor, gamma: float = 1.0, eps: float = 1e-4) -> torch.Tensor:
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


def vicreg_loss(z: torch.Tensor, z_prime: torch.Tensor,
                sim_weight: float = 1.0, var_weight: float = 1.0,
                cov_weight: float = 0.05, gamma: float = 1.0,
                eps: float = 1e-4, invariance_reduction: str = 'mean') -> dict:
    """The three weighted terms of eq. (11), by name.

    ``L = lambda s(Z, Z') + mu [v(Z) + v(Z')] + nu [c(Z) + c(Z')]``.

    Returns:
        dict: ``loss_invariance``, ``loss_variance`` and ``loss_covariance``,
        each already weighted; their sum is eq. (11).
    """
    _check_pair(z, z_prime)
    if len(z) < 2:
        raise ValueError('VICReg needs at least 2 samples for a variance')
    return dict(
        loss_invariance=sim_weight * invariance(z, z_prime, invariance_reduction),
        loss_variance=var_weight * (variance(z, gamma, eps) +
                                    variance(z_prime, gamma, eps)),
        loss_covariance=cov_weight * (covariance(z) + covariance(z_prime)))


@MODELS.register_module()
class VICRegHead(BaseModule):
    """VICReg's loss head (App. A.4, B.2).

    Args:
        sim_weight (float): lambda. Defaults to 1.0.
        var_weight (float): mu. Defaults to 1.0.
        cov_weight (float): nu. Defaults to 0.05 (the authors' code: 0.04).
        gamma (float): Target standard deviation. Defaults to 1.0.
        eps (float): Defaults to 1e-4.
        invariance_reduction (str): See :func:`invariance`.
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
                 gather: bool = True,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if invariance_reduction not in ('mean', 'sum'):
            raise ValueError("invariance_reduction must be 'mean' or 'sum'")
        self.weights = dict(sim_weight=sim_weight, var_weight=var_weight,
                            cov_weight=cov_weight, gamma=gamma, eps=eps,
                            invariance_reduction=invariance_reduction)
        self.gather = gather

    def loss(self, z: torch.Tensor, z_prime: torch.Tensor) -> dict:
        if self.gather:
            z, z_prime = gather_with_grad(z), gather_with_grad(z_prime)
        return vicreg_loss(z, z_prime, **self.weights)
