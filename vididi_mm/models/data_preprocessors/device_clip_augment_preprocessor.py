"""Clip augmentation on the model's device, batched, before normalisation."""
from typing import List

import numpy as np
import torch
from mmaction.models.data_preprocessors import ActionDataPreprocessor
from mmaction.registry import MODELS
from mmengine.model.utils import stack_batch

from ...datasets.transforms.two_clip_augment_params import COLUMN
from ..utils.batched_clip_augment import (color_jitter, crop_resize_flip, gaussian_blur3x3,
                                          grey)


@MODELS.register_module()
class DeviceClipAugmentPreprocessor(ActionDataPreprocessor):
    """MMAction2's data preprocessor, with ViDiDi's clip augmentation first.

    With :class:`~vididi_mm.datasets.TwoClipAugmentParams` in the pipeline,
    CPU workers only decode and resize the two clips once, and draw each
    clip's augmentation (``clip_aug_params``); here, on the model's device,
    the whole batch is cropped, resized and flipped in one resampling, then
    blurred, colour-jittered and turned grey per clip, each step rounded to
    8 bits as the CPU transforms do, and normalised (App. B.1, B.3). The
    derivatives (eq. 3-4) follow in the model, as on the CPU path.

    Batches without ``clip_aug_params`` (evaluation, or the CPU path) are
    only normalised.

    Args:
        **kwargs: ``ActionDataPreprocessor``'s arguments (mean, std,
            format_shape='NCTHW').
    """

    def preprocess(self, inputs: List[torch.Tensor], data_samples,
                   training: bool = False):
        rows = [s.metainfo.get('clip_aug_params') for s in data_samples or []]
        drawn = [r is not None for r in rows]
        if not any(drawn):
            return super().preprocess(inputs, data_samples, training)
        if not all(drawn):
            raise ValueError(f'{drawn.count(False)} of {len(rows)} samples of the batch '
                             'have no clip_aug_params: every sample of a batch must come '
                             'through TwoClipAugmentParams (and PackActionInputs with '
                             "meta_keys=(..., 'clip_aug_params'))")
        clips = stack_batch(inputs).float()  # (N, 2, C, T, H, W), zero-padded
        params = torch.as_tensor(np.stack(rows), device=clips.device).flatten(0, 1)
        augmented = augment_clips(clips.flatten(0, 1), params)
        batch = augmented.view(*clips.shape[:2], *augmented.shape[1:])
        return super().preprocess([clip for clip in batch], data_samples, training)


def augment_clips(clips: torch.Tensor, params: torch.Tensor) -> torch.Tensor:
    """Apply parameter rows (:data:`PARAM_COLUMNS`) to clips ``(B, C, T, H, W)``
    float in [0, 255]; returns ``(B, C, T, out_h, out_w)``."""
    def column(name):
        return params[:, COLUMN[name]]

    sizes = params[:, [COLUMN['out_h'], COLUMN['out_w']]].unique(dim=0)
    if len(sizes) != 1:
        raise ValueError(f'clips of one batch must share their output size, got {sizes}')
    out_size = tuple(int(v) for v in sizes[0])
    boxes = params[:, [COLUMN['x1'], COLUMN['y1'], COLUMN['x2'], COLUMN['y2']]]
    clips = crop_resize_flip(clips, boxes, out_size, column('flip') > 0).clamp(0, 255).round()
    clips = gaussian_blur3x3(clips, column('blur_sigma')).round()
    order = params[:, COLUMN['order0']:COLUMN['order3'] + 1]
    factors = params[:, [COLUMN[k] for k in ('brightness', 'contrast', 'saturation', 'hue')]]
    clips = color_jitter(clips, order, factors, column('jitter') > 0).round()
    return torch.where((column('grey') > 0).view(-1, 1, 1, 1, 1), grey(clips).round(), clips)
