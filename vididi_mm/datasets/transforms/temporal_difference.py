"""A pipeline transform that replaces each clip by its temporal difference."""
from typing import Dict, Optional, Sequence

import numpy as np
from mmcv.transforms import BaseTransform
from mmaction.registry import TRANSFORMS

from ...temporal_derivative import MAX_ORDER, temporal_difference


@TRANSFORMS.register_module()
class TemporalDifference(BaseTransform):
    """Differentiate every clip of a sample along time (eq. 3-4, Sec. 3.1).

    For a fixed order, e.g. to evaluate an encoder on derivative inputs.
    ViDiDi's training draws the order per batch instead and differentiates on
    the model's device (:class:`~vididi_mm.models.BaseTwoStream`); both use
    :func:`~vididi_mm.temporal_derivative.temporal_difference`.

    All augmentation, normalisation included, comes before differentiation
    (App. B.1), so this transform normalises with ``mean``/``std`` itself and
    must come after the spatial augmentations and before ``FormatShape``. The
    data preprocessor must then not normalise again: the mean of a derivative
    is not the mean of the frames.

    Required Keys:

        - imgs (list[np.ndarray] | np.ndarray): ``num_clips * clip_len``
          frames of shape ``(H, W, C)``.
        - clip_len (int)
        - num_clips (int)

    Modified Keys:

        - imgs: float32, ``num_clips * (clip_len - order)`` frames.
        - clip_len: ``clip_len - order``.

    Added Keys:

        - diff_order (int)

    Args:
        order (int): 0, 1 or 2. Defaults to 1.
        mean (Sequence[float], optional): Per-channel mean on the 0-255 scale.
            Defaults to None (no normalisation).
        std (Sequence[float], optional): Per-channel standard deviation.
            Defaults to None.
    """

    def __init__(self,
                 order: int = 1,
                 mean: Optional[Sequence[float]] = None,
                 std: Optional[Sequence[float]] = None) -> None:
        if (mean is None) != (std is None):
            raise ValueError('give both mean and std, or neither')
        if not 0 <= order <= MAX_ORDER:
            raise ValueError(f'order must be in 0..{MAX_ORDER}, got {order}')
        self.order = order
        self.mean = None if mean is None else np.asarray(mean, np.float32)
        self.std = None if std is None else np.asarray(std, np.float32)

    def transform(self, results: Dict) -> Dict:
        num_clips, clip_len = results['num_clips'], results['clip_len']
        frames = np.asarray(results['imgs'], dtype=np.float32)
        if len(frames) != num_clips * clip_len:
            raise ValueError(f'expected {num_clips} x {clip_len} frames, '
                             f'got {len(frames)}')
        if self.mean is not None:
            frames = (frames - self.mean) / self.std
        clips = frames.reshape(num_clips, clip_len, *frames.shape[1:])
        clips = temporal_difference(clips, self.order, dim=1)
        results['imgs'] = clips.reshape(-1, *clips.shape[2:])
        results['clip_len'] = clip_len - self.order
        results['diff_order'] = self.order
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(order={self.order}, '
                f'normalise={self.mean is not None})')
