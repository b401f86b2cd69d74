"""The shape check every two-view objective starts with."""
import torch


def check_embedding_pair(z: torch.Tensor, z_prime: torch.Tensor) -> None:
    """Refuse anything but two ``(B, D)`` embeddings of one shape."""
    if z.ndim != 2 or z.shape != z_prime.shape:
        raise ValueError(f'expected two (B, D) embeddings of one shape, got '
                         f'{tuple(z.shape)} and {tuple(z_prime.shape)}')
