"""Augment the two clips of :class:`SampleTwoClips` independently."""
import copy
from typing import Dict, List

from mmcv.transforms import BaseTransform, Compose
from mmaction.registry import TRANSFORMS


@TRANSFORMS.register_module()
class TwoClipAugment(BaseTransform):
    """Split the decoded union into the two clips and augment each on its own.

    Each clip goes through ``transforms`` with its own random draws, and every
    frame of a clip shares them (clip-consistent augmentation, App. B.3). Work
    that does not depend on the draw, such as resizing to the short side,
    belongs before this wrapper so that it runs once on the union.

    Required Keys:

        - imgs (list[np.ndarray]): The decoded union of frames.
        - two_clip_inds (np.ndarray): ``(2, clip_len)``, from
          :class:`SampleTwoClips`.

    Modified Keys:

        - imgs: The first clip's augmented frames, then the second's.
        - img_shape, and whatever ``transforms`` modify (from the first clip).

    Added Keys:

        - whatever ``transforms`` add (from the first clip).

    Args:
        transforms (list[dict]): The clip-level augmentation pipeline.
    """

    def __init__(self, transforms: List[dict]) -> None:
        self.pipeline = Compose(transforms)

    def transform(self, results: Dict) -> Dict:
        union = results.pop('imgs')
        clip_inds = results.pop('two_clip_inds')
        outputs = []
        for inds in clip_inds:
            view = copy.copy(results)
            # Copies, because overlapping clips share frames and some
            # transforms (MMAction2's Flip) work in place.
            view['imgs'] = [union[i].copy() for i in inds]
            view['num_clips'] = 1
            view = self.pipeline(view)
            if view is None:
                return None
            outputs.append(view)
        if outputs[0]['img_shape'] != outputs[1]['img_shape']:
            raise ValueError('the two clips were augmented to different '
                             f'shapes {outputs[0]["img_shape"]} and '
                             f'{outputs[1]["img_shape"]}; end the pipeline '
                             'with a fixed-size Resize')
        merged = outputs[0]
        merged['imgs'] = outputs[0]['imgs'] + outputs[1]['imgs']
        merged['num_clips'] = 2
        return merged

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(transforms={self.pipeline})'
