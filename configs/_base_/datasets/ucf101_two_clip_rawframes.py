# Pre-training data from extracted frames (MMAction2's rawframes: a folder of
# img_00001.jpg, ... per video and a list of "frame_dir total_frames label",
# as MMAction2's tools/data/build_rawframes.py and build_file_list.py write
# them). The same two clips and augmentation as ucf101_two_clip.py: the frames
# are read with RawFrameDecode instead of decoded from the video, and the views
# equal the video's when the frames are its frames. Use it in place of
# ucf101_two_clip.py in a pre-training config's _base_.
_base_ = './ucf101_two_clip.py'

dataset_type = 'PretrainRawframeDataset'
data_root = 'data/ucf101/rawframes'
ann_file_train = 'data/ucf101/ucf101_train_split_1_rawframes.txt'

cpu_augment_pipeline = [
    dict(type='SampleTwoClips', clip_len=8, frame_interval=3),
    # One read of the union of both clips' frames.
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 150)),
    dict(type='TwoClipAugment', transforms={{_base_.clip_augment}}),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
device_augment_pipeline = [
    *cpu_augment_pipeline[:3],
    dict(type='TwoClipAugmentParams', transforms={{_base_.clip_augment}}),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs', meta_keys=('img_shape', 'clip_aug_params')),
]
train_dataloader = dict(
    dataset=dict(
        type=dataset_type,
        ann_file=ann_file_train,
        data_prefix=dict(_delete_=True, img=data_root),
        filename_tmpl='img_{:05}.jpg',
        pipeline=device_augment_pipeline))
