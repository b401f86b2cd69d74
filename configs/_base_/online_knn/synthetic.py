# Online kNN retrieval while pre-training on the synthetic dynamics videos
# (docs/getting_started.md, "Watching pre-training"). After every
# `train_cfg.val_interval` epochs (MMEngine's default: 1) the encoder being
# trained encodes a gallery of training videos and queries from the
# validation split, as configs/demo/retrieval_plain3d-w16_synthetic.py does
# but on 250 videos of each, spread over the lists, and 2 clips per video
# instead of 10 (as the demo's final retrieval): a cheap monitor, not the
# reported number. The runner logs
# retrieval/top1, top5, top10; keep the best encoder with
#   default_hooks = dict(checkpoint=dict(save_best='retrieval/top1'))
# Queries never come from the test split, which is read once per reported
# number.
online_knn_root = 'data/synthetic_dynamics'
val_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='RetrievalVideoDataset',
        gallery_ann_file=f'{online_knn_root}/train_list.txt',
        query_ann_file=f'{online_knn_root}/val_list.txt',
        gallery_size=250,
        query_size=250,
        data_prefix=dict(video=online_knn_root),
        pipeline=[
            dict(type='DecordInit'),
            dict(type='SampleFrames', clip_len=8, frame_interval=3, num_clips=2,
                 test_mode=True),
            dict(type='DecordDecode'),
            dict(type='Resize', scale=(-1, 64)),
            dict(type='CenterCrop', crop_size=56),
            dict(type='FormatShape', input_format='NCTHW'),
            dict(type='PackActionInputs',
                 meta_keys=('img_shape', 'filename', 'retrieval_split')),
        ],
        test_mode=True))
val_evaluator = dict(type='KNNRetrievalMetric', topk=(1, 5, 10))
val_cfg = dict(type='ValLoop')
