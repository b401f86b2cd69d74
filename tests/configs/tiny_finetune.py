# Fine-tuning on the tiny synthetic videos (5 classes) with the narrow
# R3D-18 of the tiny pre-training configs, 1 epoch. Paths and the
# pre-training checkpoint come from --cfg-options.
_base_ = '../../configs/finetune/finetune_r3d18_ucf101.py'

model = dict(backbone=dict(base_channels=4),
             cls_head=dict(num_classes=5, in_channels=32))
clip = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=8, frame_interval=1, num_clips=1,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='Resize', scale=(-1, 32)),
    dict(type='CenterCrop', crop_size=24),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
train_dataloader = dict(batch_size=4, num_workers=0, persistent_workers=False,
                        dataset=dict(pipeline=clip))
val_dataloader = dict(batch_size=4, num_workers=0, persistent_workers=False,
                      dataset=dict(pipeline=clip))
test_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
                       dataset=dict(pipeline=clip))
train_cfg = dict(max_epochs=1, val_interval=1)
auto_scale_lr = dict(enable=False)
optim_wrapper = dict(optimizer=dict(lr=0.01))
default_hooks = dict(checkpoint=dict(interval=1), logger=dict(interval=1))
