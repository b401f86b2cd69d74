# kNN retrieval on the synthetic dynamics videos: gallery = the training
# split, queries = the test split (no static shortcut there; `tools/demo.py`
# points the queries at the validation split while a recipe is chosen).
# Per video 10 uniformly spaced clips shaped like the training clips (8
# frames at interval 3), centre-cropped to 56 from 64 px frames, the share of
# the frame a training crop covers on average. Departure from App. B.4 (16
# consecutive frames): an encoder of motion would see motion at another speed
# than it was trained on.
_base_ = [
    '../retrieval/retrieval_r3d18_ucf101.py',
    '../_base_/models/plain3d-w16.py',
]

data_root = 'data/synthetic_dynamics'
model = dict(backbone={{_base_.plain3d_w16}})
retrieval_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=8, frame_interval=3, num_clips=10,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 64)),
    dict(type='CenterCrop', crop_size=56),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs',
         meta_keys=('img_shape', 'filename', 'retrieval_split')),
]
test_dataloader = dict(
    batch_size=16,
    num_workers=2,
    dataset=dict(
        gallery_ann_file=f'{data_root}/train_list.txt',
        query_ann_file=f'{data_root}/test_list.txt',
        data_prefix=dict(video=data_root),
        pipeline=retrieval_pipeline))
