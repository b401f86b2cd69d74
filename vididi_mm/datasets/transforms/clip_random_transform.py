"""Shared base of the clip-consistent photometric augmentations."""
from typing import Dict, Optional

import numpy as np
from mmcv.transforms import BaseTransform

from ...clip_augment_contract import LUMA


class ClipRandomTransform(BaseTransform):
    """Apply a random photometric change with the same draw to a whole clip.

    ViDiDi's augmentations are clip-consistent: every frame of a clip shares
    the random parameters (App. B.3), so that differentiating along time
    (eq. 3-4) sees the motion, not flicker from the augmentation. With
    ``per_frame=True`` each frame draws its own parameters instead, as the
    authors' research code did for jitter and greyscale.

    Subclasses define :meth:`draw` (the random parameters) and :meth:`apply`
    (the change, on float32 RGB frames ``(T, H, W, 3)`` in [0, 255]).

    Required Keys:

        - imgs (list[np.ndarray]): uint8 RGB frames, ``num_clips * clip_len``.
        - num_clips (int, optional): Defaults to 1.

    Modified Keys:

        - imgs

    Args:
        prob (float): Probability of changing a clip (or frame).
        per_frame (bool): Draw per frame instead of per clip.
            Defaults to False.
    """

    def __init__(self, prob: float, per_frame: bool = False) -> None:
        if not 0 <= prob <= 1:
            raise ValueError(f'prob must be in [0, 1], got {prob}')
        self.prob = prob
        self.per_frame = per_frame

    def draw(self) -> dict:
        raise NotImplementedError

    def apply(self, frames: np.ndarray, **params) -> np.ndarray:
        raise NotImplementedError

    def draw_clip(self) -> Optional[dict]:
        """One clip's (or frame's) random decision: None to leave it alone,
        else the parameters for :meth:`apply`. The device-side augmentation
        (:class:`TwoClipAugmentParams`) draws through this too, so both paths
        consume the random stream alike and give the same views."""
        if np.random.rand() >= self.prob:
            return None
        return self.draw()

    def transform(self, results: Dict) -> Dict:
        imgs = results['imgs']
        num_clips = results.get('num_clips', 1)
        group = 1 if self.per_frame else len(imgs) // num_clips
        out = list(imgs)
        for start in range(0, len(imgs), group):
            params = self.draw_clip()
            if params is None:
                continue
            frames = np.stack(imgs[start:start + group]).astype(np.float32)
            frames = self.apply(frames, **params)
            frames = np.clip(frames, 0, 255).round().astype(np.uint8)
            out[start:start + group] = list(frames)
        results['imgs'] = out
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(prob={self.prob}, '
                f'per_frame={self.per_frame})')


def rgb_to_gray(frames: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma of RGB frames ``(..., 3)``, keeping a channel axis."""
    return frames @ np.array(LUMA, np.float32)[:, None]
