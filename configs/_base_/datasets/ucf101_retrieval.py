# kNN retrieval (App. B.4): gallery = the training list, queries = the test
# list (split 1); per video 10 uniformly spaced clips of 16 frames.
# Deterministic: test-mode clip positions and a centre crop (short side 128,
# then 112x112), so the same checkpoint always gives the same recall.
data_root = 'data/ucf101/videos'

retrieval_pipeline = [
    dict(type='PyAVSeekInit'),
    dict(type='SampleFrames', clip_len=16, frame_interval=1, num_clips=10,
         test_mode=True),
    dict(type='PyAVSeekDecode'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=112),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs',
         meta_keys=('img_shape', 'filename', 'retrieval_split')),
]
test_dataloader = dict(
    batch_size=4,
    num_workers=4,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='RetrievalVideoDataset',
        gallery_ann_file='data/ucf101/ucf101_train_split_1_videos.txt',
        query_ann_file='data/ucf101/ucf101_val_split_1_videos.txt',
        data_prefix=dict(video=data_root),
        pipeline=retrieval_pipeline,
        test_mode=True))
