"""A pre-trained encoder as a feature extractor for kNN video retrieval."""
from typing import List, Optional

import torch
from mmaction.registry import MODELS

from ..utils.backbone_weights import select_backbone_state
from ..utils.video_encoder import VideoEncoderModel


@MODELS.register_module()
class RetrievalEncoder(VideoEncoderModel):
    """The backbone of a pre-training model, giving one feature per video.

    Sec. 4.1 / App. B.4: no fine-tuning, projector discarded; each of a
    video's clips is encoded and globally average-pooled, the clip features
    are averaged and L2-normalised.

    The encoder's weights come from a pre-training checkpoint, the one given
    to ``tools/test.py CONFIG CHECKPOINT`` as usual with MMAction2, with the
    option and the checks of a fine-tuned recognizer's
    (:class:`~vididi_mm.models.PretrainedBackboneMixin`): the part under
    ``backbone_prefix``, checked key by key against the backbone by
    :func:`~vididi_mm.models.select_backbone_state`. This model only ever
    loads pre-training checkpoints, so any state dict loaded into it is read
    that way.

    Args:
        backbone_prefix (str): Where the encoder lives in the checkpoint.
            Defaults to ``'backbone.'`` (BYOL's online encoder; its target is
            ``'target_net.module.0.'``).
        **kwargs: :class:`~vididi_mm.models.VideoEncoderModel`'s arguments:
            the backbone config as in pre-training, and the configs'
            ``encoder_preprocessor`` (ImageNet normalisation, ``NCTHW``) as
            ``data_preprocessor``.
    """

    def __init__(self, backbone_prefix: str = 'backbone.', **kwargs) -> None:
        super().__init__(**kwargs)
        self.backbone_prefix = backbone_prefix
        self._register_load_state_dict_pre_hook(self._take_backbone)

    def _take_backbone(self, state_dict, prefix, *args) -> None:
        # Keep only the encoder, renamed to this model's keys, or fail with
        # the keys named (select_backbone_state).
        selected = select_backbone_state(
            state_dict, self.backbone, prefix + self.backbone_prefix,
            'the checkpoint')
        state_dict.clear()
        state_dict.update({prefix + 'backbone.' + k: v for k, v in selected.items()})

    def forward(self, inputs: torch.Tensor, data_samples: Optional[List] = None,
                mode: str = 'tensor'):
        """``'tensor'``: ``(N, D)`` video features
        (:meth:`~vididi_mm.models.VideoEncoderModel.video_features`);
        ``'predict'``: the samples with their ``feature``."""
        if mode == 'tensor':
            return self.video_features(inputs)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        raise RuntimeError(f'{type(self).__name__} extracts features only; '
                           f'it has no {mode!r} mode')
