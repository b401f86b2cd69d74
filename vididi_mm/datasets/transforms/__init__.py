from .clip_color_jitter import ClipColorJitter
from .clip_gaussian_blur import ClipGaussianBlur
from .clip_grayscale import ClipGrayscale
from .pyav_seek_decode import PyAVSeekDecode, PyAVSeekInit
from .sample_two_clips import SampleTwoClips
from .temporal_difference import TemporalDifference
from .two_clip_augment import TwoClipAugment
from .two_clip_augment_params import TwoClipAugmentParams

__all__ = [
    'ClipColorJitter', 'ClipGaussianBlur', 'ClipGrayscale', 'PyAVSeekDecode',
    'PyAVSeekInit', 'SampleTwoClips', 'TemporalDifference', 'TwoClipAugment', 'TwoClipAugmentParams'
]
