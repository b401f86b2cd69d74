# Retrieval on the tiny synthetic videos with the narrow R3D-18 of the tiny
# pre-training configs. Paths come from --cfg-options.
_base_ = '../../configs/retrieval/retrieval_r3d18_ucf101.py'

model = dict(backbone=dict(base_channels=4))
retrieval_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=8, frame_interval=1, num_clips=3,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 32)),
    dict(type='CenterCrop', crop_size=24),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs',
         meta_keys=('img_shape', 'filename', 'retrieval_split')),
]
test_dataloader = dict(
    num_workers=0,
    dataset=dict(gallery_ann_file='', query_ann_file='', data_prefix=dict(video=''),
                 pipeline=retrieval_pipeline))
