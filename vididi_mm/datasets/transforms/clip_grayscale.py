"""Clip-consistent random greyscale."""
import numpy as np
from mmaction.registry import TRANSFORMS

from .clip_random_transform import ClipRandomTransform, rgb_to_gray


@TRANSFORMS.register_module()
class ClipGrayscale(ClipRandomTransform):
    """Turn a clip grey (three equal channels), with probability ``prob``.

    App. B.3: probability 0.5, the same decision for every frame of a clip.

    Args:
        prob (float): Defaults to 0.5.
        per_frame (bool): Defaults to False.
    """

    def __init__(self, prob: float = 0.5, per_frame: bool = False) -> None:
        super().__init__(prob, per_frame)

    def draw(self) -> dict:
        return {}

    def apply(self, frames: np.ndarray) -> np.ndarray:
        return np.repeat(rgb_to_gray(frames), 3, axis=-1)
