"""Clip-consistent colour jitter."""
import cv2
import numpy as np
from mmaction.registry import TRANSFORMS

from .clip_random_transform import ClipRandomTransform, rgb_to_gray


@TRANSFORMS.register_module()
class ClipColorJitter(ClipRandomTransform):
    """Jitter brightness, contrast, saturation and hue, in a random order.

    App. B.3: applied with probability 0.8, brightness/contrast/saturation
    0.2, hue 0.05; one draw per clip (see :class:`ClipRandomTransform`).

    Args:
        brightness (float): Factor drawn from ``[1 - b, 1 + b]``.
            Defaults to 0.2.
        contrast (float): Factor drawn from ``[1 - c, 1 + c]``.
            Defaults to 0.2.
        saturation (float): Factor drawn from ``[1 - s, 1 + s]``.
            Defaults to 0.2.
        hue (float): Shift drawn from ``[-h, h]``, in turns of the colour
            wheel (at most 0.5). Defaults to 0.05.
        prob (float): Defaults to 0.8.
        per_frame (bool): Defaults to False.
    """

    def __init__(self,
                 brightness: float = 0.2,
                 contrast: float = 0.2,
                 saturation: float = 0.2,
                 hue: float = 0.05,
                 prob: float = 0.8,
                 per_frame: bool = False) -> None:
        super().__init__(prob, per_frame)
        if min(brightness, contrast, saturation, hue) < 0 or hue > 0.5:
            raise ValueError('jitter strengths must be >= 0, hue <= 0.5')
        self.brightness = brightness
        self.contrast = contrast
        self.saturation = saturation
        self.hue = hue

    def draw(self) -> dict:
        return dict(
            order=np.random.permutation(4),
            brightness=np.random.uniform(1 - self.brightness, 1 + self.brightness),
            contrast=np.random.uniform(1 - self.contrast, 1 + self.contrast),
            saturation=np.random.uniform(1 - self.saturation, 1 + self.saturation),
            hue=np.random.uniform(-self.hue, self.hue))

    def apply(self, frames, order, brightness, contrast, saturation, hue):
        for op in order:
            if op == 0:
                frames = frames * brightness
            elif op == 1:
                mean = rgb_to_gray(frames).mean(axis=(1, 2, 3), keepdims=True)
                frames = (frames - mean) * contrast + mean
            elif op == 2:
                gray = rgb_to_gray(frames)
                frames = (frames - gray) * saturation + gray
            else:
                frames = self._shift_hue(frames, hue)
            frames = np.clip(frames, 0, 255)
        return frames

    @staticmethod
    def _shift_hue(frames: np.ndarray, hue: float) -> np.ndarray:
        # OpenCV's 8-bit HSV has hue in [0, 180).
        shift = int(round(hue * 180))
        out = np.empty_like(frames)
        for i, frame in enumerate(frames.round().astype(np.uint8)):
            hsv = cv2.cvtColor(frame, cv2.COLOR_RGB2HSV)
            hsv[..., 0] = (hsv[..., 0].astype(np.int16) + shift) % 180
            out[i] = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
        return out

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(brightness={self.brightness}, '
                f'contrast={self.contrast}, saturation={self.saturation}, '
                f'hue={self.hue}, prob={self.prob}, per_frame={self.per_frame})')
