# Online kNN retrieval while pre-training on UCF101 (docs/getting_started.md,
# "Watching pre-training"). Add this file to a pre-training config's _base_
# and choose how often it runs:
#   train_cfg = dict(val_interval=20)
# Every val_interval epochs the encoder being trained encodes 1,000 training
# videos as the gallery and 1,000 queries, spread over the lists, with 2 clips
# per video instead of configs/_base_/datasets/ucf101_retrieval.py's 10: a
# monitor, not the reported number. The runner logs retrieval/top1, top5,
# top10; keep the best encoder with
#   default_hooks = dict(checkpoint=dict(save_best='retrieval/top1'))
# UCF101 has no validation split: the queries here are split 1's test list,
# as in solo-learn's online kNN. Choosing checkpoints or recipes on them and
# then reporting test retrieval reads the test split twice: hold out part of
# the training list instead (val_dataloader.dataset.query_ann_file=...).
online_knn_root = 'data/ucf101'
val_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='RetrievalVideoDataset',
        gallery_ann_file=f'{online_knn_root}/ucf101_train_split_1_videos.txt',
        query_ann_file=f'{online_knn_root}/ucf101_val_split_1_videos.txt',
        gallery_size=1000,
        query_size=1000,
        data_prefix=dict(video=f'{online_knn_root}/videos'),
        pipeline=[
            dict(type='PyAVSeekInit'),
            dict(type='SampleFrames', clip_len=16, frame_interval=1, num_clips=2,
                 test_mode=True),
            dict(type='PyAVSeekDecode'),
            dict(type='Resize', scale=(-1, 128)),
            dict(type='CenterCrop', crop_size=112),
            dict(type='FormatShape', input_format='NCTHW'),
            dict(type='PackActionInputs',
                 meta_keys=('img_shape', 'filename', 'retrieval_split')),
        ],
        test_mode=True))
val_evaluator = dict(type='KNNRetrievalMetric', topk=(1, 5, 10))
val_cfg = dict(type='ValLoop')
