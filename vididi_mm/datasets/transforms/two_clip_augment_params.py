"""Draw the two clips' augmentation on the CPU, for the model's device to apply."""
import copy
from typing import Dict, List

import numpy as np
from mmcv.transforms import BaseTransform
from mmaction.registry import TRANSFORMS

from ...clip_augment_contract import (BOX, COLUMN, JITTER_FACTORS, JITTER_ORDER, OUT_SIZE,
                                      PARAM_COLUMNS, PARAMS_KEY, empty_row)
from .clip_color_jitter import ClipColorJitter
from .clip_gaussian_blur import ClipGaussianBlur
from .clip_grayscale import ClipGrayscale

GEOMETRIC = ('RandomResizedCrop', 'Resize', 'Flip')



@TRANSFORMS.register_module()
class TwoClipAugmentParams(BaseTransform):
    """:class:`TwoClipAugment`'s random draws without its pixel work.

    The same ``transforms`` config, drawn in the same order from the same
    random stream (MMAction2's own ``RandomResizedCrop``, ``Resize`` and
    ``Flip`` run in their lazy mode, which records the crop and the flip
    without touching the frames; the photometric transforms through
    :meth:`ClipRandomTransform.draw_clip`), so that for a given sample seed
    both paths make the same views (Sec. 3.2; App. B.3). The frames of each
    clip are passed on uncropped, and one row of ``PARAM_COLUMNS`` per clip
    goes to ``clip_aug_params`` for the device to apply in a batch (the layout
    is :mod:`~vididi_mm.clip_augment_contract`'s).

    Supported: ``RandomResizedCrop``, ``Resize`` (fixed size), ``Flip``, then
    ``ClipGaussianBlur``, ``ClipColorJitter``, ``ClipGrayscale``, each once,
    clip-consistent (``per_frame=False``), geometric ones first.

    Required Keys:

        - imgs (list[np.ndarray]): The decoded union of frames.
        - two_clip_inds (np.ndarray): ``(2, clip_len)``.
        - img_shape (tuple[int])

    Modified Keys:

        - imgs: The first clip's frames, then the second's, uncropped.

    Added Keys:

        - clip_aug_params (np.ndarray): ``(2, len(PARAM_COLUMNS))`` float32.

    Args:
        transforms (list[dict]): The clip augmentation, as for
            :class:`TwoClipAugment`.
    """

    def __init__(self, transforms: List[dict]) -> None:
        self.geometric, self.photometric = [], []
        for cfg in transforms:
            cfg = copy.deepcopy(cfg)
            if cfg['type'] in GEOMETRIC:
                if self.photometric:
                    raise ValueError(f'{cfg["type"]} after a colour transform: put the '
                                     'geometric transforms first for device augmentation')
                if cfg['type'] == 'Resize' and cfg.get('keep_ratio', True):
                    raise ValueError('device augmentation needs a fixed-size Resize '
                                     '(keep_ratio=False)')
                self.geometric.append(TRANSFORMS.build(dict(cfg, lazy=True)))
                continue
            transform = TRANSFORMS.build(cfg)
            if not isinstance(transform, (ClipGaussianBlur, ClipColorJitter, ClipGrayscale)):
                raise ValueError(f'{cfg["type"]} cannot be applied on the device; supported: '
                                 f'{GEOMETRIC} then ClipGaussianBlur, ClipColorJitter, '
                                 'ClipGrayscale')
            if transform.per_frame:
                raise ValueError(f'{cfg["type"]}(per_frame=True) cannot be applied on the '
                                 'device; use the CPU path (TwoClipAugment)')
            if any(type(t) is type(transform) for t in self.photometric):
                raise ValueError(f'{cfg["type"]} appears twice')
            if isinstance(transform, ClipGaussianBlur) and transform.kernel_size != 3:
                raise ValueError('device blur supports kernel_size=3 (App. B.3)')
            self.photometric.append(transform)

    def draw(self, img_shape) -> np.ndarray:
        """One clip's parameter row, drawing as :class:`TwoClipAugment` would."""
        row = empty_row()
        height, width = img_shape
        lazy = dict(img_shape=img_shape, modality='RGB', imgs=None)
        for transform in self.geometric:
            lazy = transform(lazy)
        box = lazy['lazy']['crop_bbox'] if 'lazy' in lazy else (0, 0, width, height)
        row[BOX] = box
        row[OUT_SIZE] = lazy['img_shape']
        row[COLUMN['flip']] = bool(lazy.get('lazy', {}).get('flip', False))
        for transform in self.photometric:
            params = transform.draw_clip()
            if params is None:
                continue
            if isinstance(transform, ClipGaussianBlur):
                row[COLUMN['blur_sigma']] = params['sigma']
            elif isinstance(transform, ClipColorJitter):
                row[COLUMN['jitter']] = 1
                row[JITTER_ORDER] = params['order']
                row[JITTER_FACTORS] = [params[name] for name in
                                       ('brightness', 'contrast', 'saturation', 'hue')]
            else:
                row[COLUMN['grey']] = 1
        return row

    def transform(self, results: Dict) -> Dict:
        union = results.pop('imgs')
        clip_inds = results.pop('two_clip_inds')
        img_shape = tuple(union[0].shape[:2])
        rows = [self.draw(img_shape) for _ in clip_inds]
        results['imgs'] = [union[i] for inds in clip_inds for i in inds]
        results['img_shape'] = img_shape
        results['num_clips'] = 2
        results[PARAMS_KEY] = np.stack(rows)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(geometric={self.geometric}, '
                f'photometric={self.photometric})')
