"""Clip-consistent Gaussian blur."""
import cv2
import numpy as np
from mmaction.registry import TRANSFORMS

from .clip_random_transform import ClipRandomTransform


@TRANSFORMS.register_module()
class ClipGaussianBlur(ClipRandomTransform):
    """Blur every frame of a clip with one Gaussian kernel.

    App. B.3: probability 0.5, kernel 3x3, sigma drawn from (0.1, 2.0).

    Args:
        kernel_size (int): Odd kernel side. Defaults to 3.
        sigma (tuple[float, float]): Range of the standard deviation.
            Defaults to (0.1, 2.0).
        prob (float): Defaults to 0.5.
        per_frame (bool): Defaults to False.
    """

    def __init__(self,
                 kernel_size: int = 3,
                 sigma: tuple = (0.1, 2.0),
                 prob: float = 0.5,
                 per_frame: bool = False) -> None:
        super().__init__(prob, per_frame)
        if kernel_size < 1 or kernel_size % 2 == 0:
            raise ValueError(f'kernel_size must be odd, got {kernel_size}')
        self.kernel_size = kernel_size
        self.sigma = tuple(sigma)

    def draw(self) -> dict:
        return dict(sigma=np.random.uniform(*self.sigma))

    def apply(self, frames: np.ndarray, sigma: float) -> np.ndarray:
        size = (self.kernel_size, self.kernel_size)
        return np.stack([cv2.GaussianBlur(f, size, sigma) for f in frames])

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(kernel_size={self.kernel_size}, '
                f'sigma={self.sigma}, prob={self.prob}, per_frame={self.per_frame})')
