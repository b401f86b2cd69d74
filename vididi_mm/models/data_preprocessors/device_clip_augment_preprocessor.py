"""Clip augmentation on the model's device, batched, before normalisation."""
from typing import List

import numpy as np
import torch
from mmaction.models.data_preprocessors import ActionDataPreprocessor
from mmaction.registry import MODELS
from mmengine.model.utils import stack_batch

from ...clip_augment_contract import (BOX, COLUMN, JITTER_FACTORS, JITTER_ORDER, OUT_SIZE,
                                      PARAMS_KEY)
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

    Where augmentation runs is this preprocessor's ``augment`` and the
    pipeline's choice together, and a training batch that contradicts the
    setting is refused rather than trained on: with ``augment=True`` every
    sample must carry its parameter rows (without them the model would see
    uncropped, unaugmented frames), with ``augment=False`` none may (the
    pipeline drew an augmentation nobody would apply). Batches outside
    training are only normalised.

    Args:
        augment (bool): Apply the parameter rows the pipeline drew
            (``TwoClipAugmentParams``); False for the CPU path
            (``TwoClipAugment``), where this is MMAction2's preprocessor.
        **kwargs: ``ActionDataPreprocessor``'s arguments (mean, std,
            format_shape='NCTHW').
    """

    def __init__(self, augment: bool, **kwargs) -> None:
        super().__init__(**kwargs)
        self.augment = augment

    def preprocess(self, inputs: List[torch.Tensor], data_samples,
                   training: bool = False):
        rows = [s.metainfo.get(PARAMS_KEY) for s in data_samples or []]
        if not training:
            return super().preprocess(inputs, data_samples, training)
        missing = sum(r is None for r in rows) + len(inputs) - len(rows)
        if not self.augment:
            if missing < len(inputs):
                raise ValueError(
                    f'{len(inputs) - missing} samples of the training batch carry '
                    f'{PARAMS_KEY!r}, but the data preprocessor has augment=False: the '
                    'pipeline (TwoClipAugmentParams) left the augmentation to the model. '
                    'Set model.data_preprocessor.augment=True, or augment in the pipeline '
                    '(TwoClipAugment)')
            return super().preprocess(inputs, data_samples, training)
        if missing:
            raise ValueError(
                f'{missing} of {len(inputs)} samples of the training batch have no '
                f'{PARAMS_KEY!r}, which the data preprocessor (augment=True) applies: '
                'the pipeline must draw them with TwoClipAugmentParams and keep them with '
                f"PackActionInputs(meta_keys=(..., '{PARAMS_KEY}')); for a pipeline that "
                'augments on the CPU (TwoClipAugment) set model.data_preprocessor.augment=False')
        clips = stack_batch(inputs).float()  # (N, 2, C, T, H, W), zero-padded
        params = torch.as_tensor(np.stack(rows), device=clips.device).flatten(0, 1)
        augmented = augment_clips(clips.flatten(0, 1), params)
        batch = augmented.view(*clips.shape[:2], *augmented.shape[1:])
        return super().preprocess([clip for clip in batch], data_samples, training)


def augment_clips(clips: torch.Tensor, params: torch.Tensor) -> torch.Tensor:
    """Apply parameter rows (:mod:`~vididi_mm.clip_augment_contract`) to clips
    ``(B, C, T, H, W)`` float in [0, 255]; returns ``(B, C, T, out_h, out_w)``."""
    sizes = params[:, OUT_SIZE].unique(dim=0)
    if len(sizes) != 1:
        raise ValueError(f'clips of one batch must share their output size, got {sizes}')
    out_size = tuple(int(v) for v in sizes[0])
    clips = crop_resize_flip(clips, params[:, BOX], out_size,
                             params[:, COLUMN['flip']] > 0).clamp(0, 255).round()
    clips = gaussian_blur3x3(clips, params[:, COLUMN['blur_sigma']]).round()
    clips = color_jitter(clips, params[:, JITTER_ORDER], params[:, JITTER_FACTORS],
                         params[:, COLUMN['jitter']] > 0).round()
    return torch.where((params[:, COLUMN['grey']] > 0).view(-1, 1, 1, 1, 1),
                       grey(clips).round(), clips)
