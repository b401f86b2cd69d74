# Tiny data and a 2-epoch schedule for end-to-end tests on the synthetic
# videos of tests/conftest.py (16 frames of 32x32). Paths are given on the
# command line with --cfg-options.
clip_augment = [
    dict(type='RandomResizedCrop', area_range=(0.3, 1.0)),
    dict(type='Resize', scale=(24, 24), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='ClipGaussianBlur', prob=0.5),
    dict(type='ClipColorJitter', prob=0.8),
    dict(type='ClipGrayscale', prob=0.5),
]
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleTwoClips', clip_len=6, frame_interval=2),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 32)),
    dict(type='TwoClipAugment', transforms=clip_augment),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
# The same draws, applied on the model's device (tiny_vicreg_device-aug.py).
device_augment_pipeline = [
    *train_pipeline[:4],
    dict(type='TwoClipAugmentParams', transforms=clip_augment),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs', meta_keys=('img_shape', 'clip_aug_params')),
]
train_dataloader = dict(
    batch_size=4,
    num_workers=0,
    # A last batch of 1 would break BatchNorm and VICReg's variance.
    drop_last=True,
    persistent_workers=False,
    sampler=dict(type='SeededSampler', shuffle=True),
    dataset=dict(
        type='PretrainVideoDataset',
        ann_file='',
        data_prefix=dict(video=''),
        pipeline=train_pipeline))
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='LARS', lr=0.3, momentum=0.9, weight_decay=1e-6))
param_scheduler = [
    # An explicit end, so that a run stopped early (max_epochs=1, as the
    # resume test does) keeps the same schedule as the full one.
    dict(type='CosineAnnealingLR', T_max=2, begin=0, end=2, by_epoch=True,
         convert_to_iter_based=True)
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=2)
