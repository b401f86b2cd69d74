# AVA v2.1 spatio-temporal action detection with a pre-trained R3D-18
# (Table 4, App. B.6, the CVRL protocol): MMAction2's AVA data, metric and
# pipelines, MMDet's FastRCNN on person proposals from a Faster R-CNN person
# detector (tools/detection/generate_proposals.py makes them).
#   tools/dist_train.sh configs/detection/fastrcnn_r3d18_8x4x1-20e_ava21.py 8 \
#       --cfg-options model.backbone_checkpoint=work_dirs/vididi-byol_r3d18_ucf101/epoch_400.pth
#   python tools/test.py configs/detection/fastrcnn_r3d18_8x4x1-20e_ava21.py CHECKPOINT
_base_ = [
    'mmaction::detection/slowonly/'
    'slowonly_kinetics400-pretrained-r50_8xb16-4x16x1-20e_ava21-rgb.py',
    '../_base_/models/r3d18.py',
]
# The project's import (configs/_base_/default_runtime.py holds the same;
# MMAction2's AVA config brings MMAction2's runtime, so it cannot be a base too).
custom_imports = dict(imports=['vididi_mm'], allow_failed_imports=False)

model = dict(
    _delete_=True,
    type='PretrainedFastRCNN',
    _scope_='mmdet',
    backbone_checkpoint=None,
    backbone_prefix='backbone.',
    backbone={{_base_.backbone}},
    roi_head=dict(
        type='AVARoIHead',
        # 3D RoIAlign on the last block (stride 16), every frame kept ...
        bbox_roi_extractor=dict(
            type='SingleRoIExtractor3D',
            roi_layer_type='RoIAlign',
            output_size=8,
            with_temporal_pool=False),
        # ... then temporal average and spatial max pooling, dropout 0.5 and
        # a sigmoid multi-label classifier.
        bbox_head=dict(
            type='BBoxHeadAVA',
            background_class=True,
            in_channels={{_base_.feat_dim}},
            num_classes=81,
            multilabel=True,
            temporal_pool_type='avg',
            spatial_pool_type='max',
            dropout_ratio=0.5)),
    data_preprocessor={{_base_.encoder_preprocessor}},
    train_cfg=dict(
        rcnn=dict(
            assigner=dict(
                type='MaxIoUAssignerAVA',
                pos_iou_thr=0.9,
                neg_iou_thr=0.9,
                min_pos_iou=0.9),
            sampler=dict(
                type='RandomSampler',
                num=32,
                pos_fraction=1,
                neg_pos_ub=-1,
                add_gt_as_proposals=True),
            pos_weight=1.0)),
    test_cfg=dict(rcnn=None))

# Clips of 8 frames, 1 every 4.
train_pipeline = [
    dict(type='SampleAVAFrames', clip_len=8, frame_interval=4),
    dict(type='RawFrameDecode'),
    dict(type='RandomRescale', scale_range=(256, 320)),
    dict(type='RandomCrop', size=256),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW', collapse=True),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    dict(type='SampleAVAFrames', clip_len=8, frame_interval=4, test_mode=True),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='FormatShape', input_format='NCTHW', collapse=True),
    dict(type='PackActionInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader

# AdamW, lr 0.01 halved after epoch 5, 20 epochs, evaluated every epoch,
# keeping the best-mAP checkpoint.
optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=0.01),
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=20, by_epoch=True, milestones=[5],
         gamma=0.5)
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=20, val_begin=1,
                 val_interval=1)
default_hooks = dict(
    checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=3,
                    save_best='auto'))
