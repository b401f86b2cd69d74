"""Global pooling of backbone outputs."""
import torch


def global_average_pool(feats) -> torch.Tensor:
    """``(N, C, T, H, W)`` (or a tuple ending with it) -> ``(N, C)``."""
    if isinstance(feats, (tuple, list)):
        feats = feats[-1]
    return feats.mean(dim=tuple(range(2, feats.ndim)))
