"""SimCLR's symmetric InfoNCE loss (eq. 5-6)."""
import torch
import torch.nn.functional as F

from .embedding_pair import check_embedding_pair


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
    check_embedding_pair(z, z_prime)
    sim = F.normalize(z, dim=1) @ F.normalize(z_prime, dim=1).T  # (B, B)
    logits = sim / temperature
    target = torch.arange(len(z), device=z.device)
    return (F.cross_entropy(logits, target) +
            F.cross_entropy(logits.T, target)) / 2
