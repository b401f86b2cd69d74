"""VICReg's variance-invariance-covariance loss (eq. 8-11)."""
import torch
import torch.nn.functional as F

from .embedding_pair import check_embedding_pair


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

    Both views' variance terms are summed, as eq. (11) writes them. VICReg's
    reference code (Bardes et al., 2022), where lambda = mu come from,
    averages them (``mu / 2 [v(Z) + v(Z')]``) and sums the covariance terms
    as here; so at the same ``var_weight`` the variance hinge weighs twice
    as much here. Halve ``var_weight`` to match that code.

    Returns:
        dict: ``loss_invariance``, ``loss_variance`` and ``loss_covariance``,
        each already weighted; their sum is eq. (11).
    """
    check_embedding_pair(z, z_prime)
    if len(z) < 2:
        raise ValueError('VICReg needs at least 2 samples for a variance')
    return dict(
        loss_invariance=sim_weight * invariance(z, z_prime, invariance_reduction),
        loss_variance=var_weight * (variance(z, gamma, eps) +
                                    variance(z_prime, gamma, eps)),
        loss_covariance=cov_weight * (covariance(z) + covariance(z_prime)))
