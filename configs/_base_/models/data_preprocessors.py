# How clips reach an encoder (App. B.1): RGB in 0-255, normalised with
# ImageNet's per-channel mean and std, in MMAction2's NCTHW layout. Every model
# config of this project names one of these as its data_preprocessor (through
# r3d18.py, which inherits this file). Scoped types: the detection configs are
# built in MMDet's scope.
imagenet_mean = [123.675, 116.28, 103.53]
imagenet_std = [58.395, 57.12, 57.375]

# Retrieval, fine-tuning and detection: normalisation only.
encoder_preprocessor = dict(
    type='mmaction.ActionDataPreprocessor',
    mean=imagenet_mean,
    std=imagenet_std,
    format_shape='NCTHW')

# Pre-training: first the clip augmentation that the pipeline's
# TwoClipAugmentParams drew (App. B.3), applied to the whole batch on the
# model's device, then normalisation. With the CPU augmentation path
# (TwoClipAugment in the pipeline) set augment=False; a batch that does not
# match the setting is refused (DeviceClipAugmentPreprocessor).
two_stream_preprocessor = dict(
    encoder_preprocessor,
    type='mmaction.DeviceClipAugmentPreprocessor',
    augment=True)
