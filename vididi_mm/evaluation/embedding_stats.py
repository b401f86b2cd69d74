"""How far embeddings are from collapse: per-dimension spread and effective rank."""
import torch


def per_dimension_std(features: torch.Tensor) -> torch.Tensor:
    """Standard deviation of each dimension over the samples: ``(N, D)`` -> ``(D,)``.

    VICReg's variance term (eq. 9) pushes each of these towards ``gamma``;
    a dimension whose std is near 0 carries no information about the sample.
    """
    if features.ndim != 2 or len(features) < 2:
        raise ValueError(f'expected (N >= 2, D) features, got {tuple(features.shape)}')
    return features.double().std(dim=0)


def effective_rank(features: torch.Tensor) -> float:
    """The effective rank of ``(N, D)`` features (Roy & Vetterli, EUSIPCO 2007).

    ``exp(H(p))`` with ``p`` the singular values of the centred features
    normalised to sum to 1 and ``H`` the Shannon entropy: between 1 (all
    samples on one line, complete collapse) and ``min(N - 1, D)`` (all
    directions used equally).
    """
    centred = features.double() - features.double().mean(dim=0)
    singular = torch.linalg.svdvals(centred)
    p = singular / singular.sum()
    p = p[p > 0]
    return float(torch.exp(-(p * p.log()).sum()))


def collapse_summary(features: torch.Tensor) -> dict:
    """``std_mean``, ``std_min``, ``std_max`` over dimensions and ``effective_rank``
    of ``(N, D)`` features, with ``dim`` and ``samples``."""
    std = per_dimension_std(features)
    return dict(samples=len(features), dim=features.shape[1],
                std_mean=float(std.mean()), std_min=float(std.min()),
                std_max=float(std.max()), effective_rank=effective_rank(features))
