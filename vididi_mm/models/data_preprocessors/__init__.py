from .device_clip_augment_preprocessor import DeviceClipAugmentPreprocessor, augment_clips

__all__ = ['DeviceClipAugmentPreprocessor', 'augment_clips']
