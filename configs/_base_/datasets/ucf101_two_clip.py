# Pre-training data: two clips of 8 frames, 1 every 3, from one decode of each
# video, each augmented on its own, all frames of a clip alike (App. B.1, B.3).
# Paths follow MMAction2's conventions; override with --cfg-options.
dataset_type = 'PretrainVideoDataset'
data_root = 'data/ucf101/videos'
ann_file_train = 'data/ucf101/ucf101_train_split_1_videos.txt'

clip_augment = [
    dict(type='RandomResizedCrop', area_range=(0.08, 1.0),
         aspect_ratio_range=(3 / 4, 4 / 3)),
    dict(type='Resize', scale=(112, 112), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='ClipGaussianBlur', kernel_size=3, sigma=(0.1, 2.0), prob=0.5),
    dict(type='ClipColorJitter', brightness=0.2, contrast=0.2, saturation=0.2,
         hue=0.05, prob=0.8, per_frame=False),
    dict(type='ClipGrayscale', prob=0.5, per_frame=False),
]
# The CPU path: data workers decode, crop, resize, flip, blur, jitter and grey.
# Decoding is PyAV's (PyAVSeekReader): frame i is the i-th frame of a
# sequential decode on every encoding tested (UCF101's XviD AVIs with packed
# B-frames, H.264 MP4/MKV with B-frames, variable frame rate; docs/decoding.md).
# MMAction2's decord 0.6.0 (DecordInit, DecordDecode) misreads MPEG-4 AVIs with
# unpacked B-frames and can hang on a wrong header (dmlc/decord#373).
cpu_augment_pipeline = [
    dict(type='PyAVSeekInit'),
    dict(type='SampleTwoClips', clip_len=8, frame_interval=3),
    dict(type='PyAVSeekDecode'),
    # Once for the union of both clips' frames: short side 150.
    dict(type='Resize', scale=(-1, 150)),
    dict(type='TwoClipAugment', transforms=clip_augment),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
# The device path (default): workers decode, resize once and draw the same
# augmentation from the same random stream; the model's data preprocessor
# (two_stream_preprocessor in ../models/data_preprocessors.py, augment=True)
# applies it to the whole batch on the GPU. Same views as the CPU path
# (docs/performance.md). For the CPU path, both:
#   train_dataloader = dict(dataset=dict(pipeline={{_base_.cpu_augment_pipeline}}))
#   model = dict(data_preprocessor=dict(augment=False))
device_augment_pipeline = [
    *cpu_augment_pipeline[:4],
    dict(type='TwoClipAugmentParams', transforms=clip_augment),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs', meta_keys=('img_shape', 'clip_aug_params')),
]
train_pipeline = device_augment_pipeline
train_dataloader = dict(
    batch_size=8,  # per process: 8 processes x 8 = the paper's 64
    num_workers=8,
    # A last batch of 1 would break BatchNorm and VICReg's variance.
    drop_last=True,
    persistent_workers=True,
    sampler=dict(type='SeededSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        ann_file=ann_file_train,
        data_prefix=dict(video=data_root),
        pipeline=train_pipeline))
# Normalisation (ImageNet mean and std) is the model's data preprocessor's.
