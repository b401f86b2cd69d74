"""The BYOL target network: an EMA of the online network."""
import math

import torch
from mmengine.model import BaseAveragedModel


class CosineEMA(BaseAveragedModel):
    """Exponential moving average with BYOL's cosine momentum schedule.

    App. A.3: ``xi <- tau xi + (1 - tau) theta`` after each step, with
    ``tau = 1 - (1 - tau_base) (cos(pi k / K) + 1) / 2`` rising from
    ``tau_base`` at step ``k = 0`` to 1 at the last step ``K``.

    Args:
        model (nn.Module): The online network to follow (deep-copied).
        base_momentum (float): ``tau_base``. Defaults to 0.99.
        cosine (bool): Follow the cosine schedule; with False ``tau`` stays
            ``tau_base`` (what the authors' research code effectively did).
            Defaults to True.
    """

    def __init__(self, model: torch.nn.Module, base_momentum: float = 0.99,
                 cosine: bool = True) -> None:
        super().__init__(model, interval=1, update_buffers=True)
        if not 0 <= base_momentum <= 1:
            raise ValueError(f'base_momentum must be in [0, 1], got {base_momentum}')
        self.base_momentum = base_momentum
        self.cosine = cosine
        self.momentum = base_momentum

    def set_progress(self, step: int, max_steps: int) -> None:
        """Set ``tau`` for step ``k`` of ``K`` (Sec. A.3)."""
        if self.cosine and max_steps:
            progress = min(step / max_steps, 1.0)
            self.momentum = 1 - (1 - self.base_momentum) * (
                math.cos(math.pi * progress) + 1) / 2

    def avg_func(self, averaged_param: torch.Tensor,
                 source_param: torch.Tensor, steps: torch.Tensor) -> None:
        averaged_param.lerp_(source_param, 1 - self.momentum)
