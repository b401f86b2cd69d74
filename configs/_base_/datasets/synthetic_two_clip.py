# The demo's data (configs/demo/): the synthetic dynamics videos written by
# tools/data/synthetic/generate.py (64x64, 32 frames), 8-frame clips at
# interval 2 cropped to 48x48. Input size and the encoder's width
# (models/vicreg_r3d18-quarter.py) are the demo's only departures from the
# paper's recipe, so that it runs on a 2-core CPU in minutes.
data_root = 'data/synthetic_dynamics'
crop_size = 48
clip_augment = [
    dict(type='RandomResizedCrop', area_range=(0.08, 1.0),
         aspect_ratio_range=(3 / 4, 4 / 3)),
    dict(type='Resize', scale=(crop_size, crop_size), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='ClipGaussianBlur', kernel_size=3, sigma=(0.1, 2.0), prob=0.5),
    dict(type='ClipColorJitter', brightness=0.2, contrast=0.2, saturation=0.2,
         hue=0.05, prob=0.8),
    dict(type='ClipGrayscale', prob=0.5),
]
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleTwoClips', clip_len=8, frame_interval=2),
    dict(type='DecordDecode'),
    dict(type='TwoClipAugment', transforms=clip_augment),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    drop_last=True,
    persistent_workers=True,
    sampler=dict(type='SeededSampler', shuffle=True),
    dataset=dict(
        type='PretrainVideoDataset',
        ann_file=f'{data_root}/train_list.txt',
        data_prefix=dict(video=data_root),
        pipeline=train_pipeline))
