"""Move a pre-trained encoder's weights into a downstream model's backbone."""
from typing import Dict, Optional

import torch
from torch import nn

from ...compat import load_checkpoint_file


class BackboneWeightsError(ValueError):
    """A checkpoint's backbone weights do not fit the backbone they are for."""


def _examples(keys, limit=5):
    keys = sorted(keys)
    more = f' and {len(keys) - limit} more' if len(keys) > limit else ''
    return ', '.join(keys[:limit]) + more


def select_backbone_state(state_dict: Dict[str, torch.Tensor], backbone: nn.Module,
                          prefix: str = 'backbone.',
                          source: str = 'the checkpoint') -> Dict[str, torch.Tensor]:
    """The entries of ``state_dict`` under ``prefix``, checked against ``backbone``.

    Every parameter and buffer of ``backbone`` must be there with its shape,
    and nothing else may be under ``prefix``: a downstream encoder is never
    left silently random-initialised.

    Args:
        state_dict (dict): A model's state dict, e.g. a pre-training
            checkpoint's ``state_dict``.
        backbone (nn.Module): The module to load.
        prefix (str): Where the encoder lives in ``state_dict``:
            ``'backbone.'`` for every model of this project (BYOL's online
            encoder); ``'target_net.module.0.'`` for BYOL's target encoder.
        source (str): Named in the error message.

    Returns:
        dict: ``backbone``'s state dict, keys without the prefix.

    Raises:
        BackboneWeightsError: Naming the missing, unexpected and
            wrongly-shaped keys.
    """
    own = backbone.state_dict()
    selected = {k[len(prefix):]: v for k, v in state_dict.items() if k.startswith(prefix)}
    if not selected:
        tops = sorted({k.split('.', 1)[0] + '.' for k in state_dict})
        raise BackboneWeightsError(
            f'{source} has no weights under {prefix!r} (it has {_examples(tops)}); '
            'set the prefix of the encoder to load')
    missing = set(own) - set(selected)
    unexpected = set(selected) - set(own)
    reshaped = {k for k in set(own) & set(selected) if own[k].shape != selected[k].shape}
    if missing or unexpected or reshaped:
        problems = []
        if missing:
            problems.append(f'{len(missing)} missing ({_examples(missing)})')
        if unexpected:
            problems.append(f'{len(unexpected)} unexpected ({_examples(unexpected)})')
        if reshaped:
            problems.append(f'{len(reshaped)} of another shape ({_examples(reshaped)})')
        raise BackboneWeightsError(
            f'the {prefix!r} weights of {source} do not fit the '
            f'{type(backbone).__name__} backbone: ' + '; '.join(problems))
    return selected


def load_backbone_weights(backbone: nn.Module, checkpoint: str,
                          prefix: str = 'backbone.') -> None:
    """Load ``backbone`` from the ``prefix`` part of a checkpoint file.

    Reads as data (:func:`vididi_mm.compat.load_checkpoint_file`); see
    :func:`select_backbone_state` for the checks.
    """
    state = load_checkpoint_file(checkpoint, map_location='cpu')
    state = state.get('state_dict', state)
    backbone.load_state_dict(
        select_backbone_state(state, backbone, prefix, checkpoint), strict=True)


class PretrainedBackboneMixin:
    """A downstream model whose ``backbone`` starts from a pre-training run.

    The weights are loaded strictly when the runner initialises the model
    (before ``--resume`` or ``load_from``, which take precedence), so a
    checkpoint that does not fit fails with the keys named.

    Args:
        backbone_checkpoint (str, optional): A pre-training checkpoint of any
            model of this project. None leaves the backbone random.
        backbone_prefix (str): See :func:`select_backbone_state`.
            Defaults to ``'backbone.'``.
        **kwargs: The downstream model's own arguments.
    """

    def __init__(self, backbone_checkpoint: Optional[str] = None,
                 backbone_prefix: str = 'backbone.', **kwargs) -> None:
        super().__init__(**kwargs)
        self.backbone_checkpoint = backbone_checkpoint
        self.backbone_prefix = backbone_prefix

    def init_weights(self) -> None:
        super().init_weights()
        if self.backbone_checkpoint:
            load_backbone_weights(self.backbone, self.backbone_checkpoint,
                                  self.backbone_prefix)
