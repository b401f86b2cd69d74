"""The BYOL target network: an EMA of the online network."""
import copy
import math

import torch
from torch import nn


class CosineEMA(nn.Module):
    """Exponential moving average with BYOL's cosine momentum schedule.

    App. A.3: ``xi <- tau xi + (1 - tau) theta`` after each step, with
    ``tau = 1 - (1 - tau_base) (cos(pi k / K) + 1) / 2`` rising from
    ``tau_base`` at step ``k = 0`` to 1 at the last step ``K``. Every
    floating-point tensor of the state is averaged, BatchNorm statistics
    included; the first update copies the online network.

    The state dict has MMEngine's ``BaseAveragedModel`` layout (``module.*``,
    ``steps``), which this class replaced: that one, with buffers averaged,
    keeps views of the tensors it was built with, and once the runner moves
    the model to its device they are no longer the model's, so the target
    never moved on a GPU (``test_byol_target_follows_a_moved_model``). Here
    both networks' tensors are read at each update.

    Args:
        model (nn.Module): The online network to follow (deep-copied).
        base_momentum (float): ``tau_base``. Defaults to 0.99.
        cosine (bool): Follow the cosine schedule; with False ``tau`` stays
            ``tau_base`` (what the authors' research code effectively did).
            Defaults to True.
    """

    def __init__(self, model: nn.Module, base_momentum: float = 0.99,
                 cosine: bool = True) -> None:
        super().__init__()
        if not 0 <= base_momentum <= 1:
            raise ValueError(f'base_momentum must be in [0, 1], got {base_momentum}')
        self.module = copy.deepcopy(model).requires_grad_(False)
        self.register_buffer('steps', torch.tensor(0, dtype=torch.long))
        self.base_momentum = base_momentum
        self.cosine = cosine
        self.momentum = base_momentum
        # Kept on the host, so that an update never waits for the device to
        # tell whether ``steps`` is 0.
        self._copy_next = True

    def set_progress(self, step: int, max_steps: int) -> None:
        """Set ``tau`` for step ``k`` of ``K`` (Sec. A.3)."""
        if self.cosine and max_steps:
            progress = min(step / max_steps, 1.0)
            self.momentum = 1 - (1 - self.base_momentum) * (
                math.cos(math.pi * progress) + 1) / 2

    def restart(self, model: nn.Module) -> None:
        """Become a copy of ``model`` at step 0 (after its initialisation)."""
        self.steps.zero_()
        self._copy_next = True
        self.update_parameters(model)

    @torch.no_grad()
    def update_parameters(self, model: nn.Module) -> None:
        """Average ``model`` (the online network) into the target.

        One multi-tensor ``lerp`` for all floating-point tensors: on a GPU a
        few kernel launches rather than one per tensor.
        """
        target = [*self.module.parameters(), *self.module.buffers()]
        source = [*model.parameters(), *model.buffers()]
        if len(target) != len(source):
            raise ValueError(f'the target has {len(target)} tensors, the online '
                             f'network {len(source)}')
        if self._copy_next:
            for averaged, online in zip(target, source):
                averaged.copy_(online)
            self._copy_next = False
        else:
            floats = [i for i, t in enumerate(target) if t.is_floating_point()]
            torch._foreach_lerp_([target[i] for i in floats], [source[i] for i in floats],
                                 1 - self.momentum)
        self.steps += 1

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs) -> None:
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)
        # A target saved after its first update is averaged into, not copied
        # over; read once per load, not per update.
        self._copy_next = int(self.steps) == 0
