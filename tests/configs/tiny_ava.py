# The AVA detection config on the generated AVA-format fixture
# (tests/ava_fixture.py: 3 actions, 8 fps, keyframes from 0 s),
# with the narrow R3D-18 of the tiny pre-training configs, 1 epoch. The
# fixture's folder comes from --cfg-options (see tests/test_detection.py).
_base_ = '../../configs/detection/fastrcnn_r3d18_8x4x1-20e_ava21.py'

model = dict(
    backbone=dict(base_channels=4),
    roi_head=dict(bbox_head=dict(in_channels=32, num_classes=4, topk=(1, 3))))
dataset = dict(fps=8, timestamp_start=0, timestamp_end=8, num_classes=4)
train_pipeline = [
    dict(type='SampleAVAFrames', clip_len=8, frame_interval=4),
    dict(type='RawFrameDecode'),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW', collapse=True),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    dict(type='SampleAVAFrames', clip_len=8, frame_interval=4, test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='FormatShape', input_format='NCTHW', collapse=True),
    dict(type='PackActionInputs'),
]
train_dataloader = dict(
    batch_size=2, num_workers=0, persistent_workers=False,
    dataset=dict(pipeline=train_pipeline, **dataset))
val_dataloader = dict(
    num_workers=0, persistent_workers=False,
    dataset=dict(pipeline=val_pipeline, **dataset))
test_dataloader = val_dataloader
val_evaluator = dict(num_classes=4)
test_evaluator = val_evaluator
train_cfg = dict(max_epochs=1)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
default_hooks = dict(logger=dict(interval=1))
