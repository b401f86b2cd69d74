"""Two random temporal crops of one video, decoded together."""
from typing import Dict

import numpy as np
from mmcv.transforms import BaseTransform
from mmaction.registry import TRANSFORMS


@TRANSFORMS.register_module()
class SampleTwoClips(BaseTransform):
    """Sample two independent random clips of ``clip_len`` frames (Sec. 3.2).

    ViDiDi's two views V and V' are two random temporal crops of the same
    video. Both come from ONE decode: ``frame_inds`` is set to the sorted
    union of the two clips' indices, which a decoder such as ``DecordDecode``
    reads once, and ``two_clip_inds`` records where each clip's frames lie in
    that union, for :class:`TwoClipAugment` to split them apart again.

    As MMAction2's ``SampleFrames`` does, a video shorter than a clip's span
    loops (indices are taken modulo the number of frames).

    Required Keys:

        - total_frames (int)
        - start_index (int, optional): Defaults to 0.

    Added Keys:

        - frame_inds (np.ndarray): The union of both clips' indices, sorted.
        - two_clip_inds (np.ndarray): ``(2, clip_len)`` positions into
          ``frame_inds`` of each clip's frames, in time order.
        - clip_len (int)
        - frame_interval (int)
        - num_clips (int): 2.

    Args:
        clip_len (int): Frames per clip (T). Defaults to 8.
        frame_interval (int): Temporal stride between sampled frames.
            Defaults to 3.
    """

    def __init__(self, clip_len: int = 8, frame_interval: int = 3) -> None:
        if clip_len < 1 or frame_interval < 1:
            raise ValueError('clip_len and frame_interval must be positive')
        self.clip_len = clip_len
        self.frame_interval = frame_interval

    def transform(self, results: Dict) -> Dict:
        total = results['total_frames']
        if total < 1:
            # RuntimeError, as decord's for unreadable files: the dataset
            # skips such videos (PretrainVideoDataset).
            raise RuntimeError(
                f'{results.get("filename", "video")} has no frames')
        span = (self.clip_len - 1) * self.frame_interval + 1
        starts = np.random.randint(0, max(total - span, 0) + 1, size=2)
        clip_inds = (starts[:, None] +
                     np.arange(self.clip_len)[None] * self.frame_interval)
        clip_inds %= total  # loop short videos
        union, positions = np.unique(clip_inds, return_inverse=True)
        results['frame_inds'] = union + results.get('start_index', 0)
        results['two_clip_inds'] = positions.reshape(2, self.clip_len)
        results['clip_len'] = self.clip_len
        results['frame_interval'] = self.frame_interval
        results['num_clips'] = 2
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(clip_len={self.clip_len}, '
                f'frame_interval={self.frame_interval})')
