"""A clip pair as pre-training feeds it to the encoder: both views and their derivatives."""
import random
from typing import Dict, Tuple

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import Compose

from vididi_mm.temporal_derivative import MAX_ORDER, temporal_difference


def pretraining_views(cfg: Config, filename: str, seed: int = 0
                      ) -> Tuple[torch.Tensor, Dict[Tuple[int, int], torch.Tensor]]:
    """Run a pre-training config's data path on one video.

    The config's training pipeline (decoding, the two clips and their
    augmentation, or its draws for the device) with its random draws seeded
    by ``seed``, then the model's data preprocessor (the device's
    augmentation where the pipeline left it there, normalisation, App. B.1),
    then the derivatives the
    model takes (eq. 3-4), as :class:`~vididi_mm.models.BaseTwoStream` does.

    Returns:
        tuple: The normalised clip pair ``(2, C, T, H, W)`` and, by
        ``(clip, order)`` for both clips and orders 0 to ``MAX_ORDER``, the
        view ``(C, T - order, H, W)``.
    """
    from mmaction.registry import MODELS
    pipeline = Compose(cfg.train_dataloader.dataset.pipeline)
    np.random.seed(seed)
    random.seed(seed)
    try:
        packed = pipeline(dict(filename=filename, label=-1, start_index=0,
                               modality='RGB'))
    except Exception as error:  # decord raises its own error types
        raise RuntimeError(f'cannot read {filename}: {error}') from error
    preprocessor = MODELS.build(cfg.model.data_preprocessor)
    clips = preprocessor(dict(inputs=[packed['inputs']],
                              data_samples=[packed['data_samples']]),
                         training=True)['inputs'][0]
    if clips.ndim != 5 or clips.shape[0] != 2:
        raise ValueError(f'{filename}: expected a pair of clips (2, C, T, H, W) from '
                         f'the pre-training pipeline, got {tuple(clips.shape)}')
    views = {(clip, order): temporal_difference(clips[clip], order, dim=1)
             for clip in range(2) for order in range(MAX_ORDER + 1)}
    return clips, views
