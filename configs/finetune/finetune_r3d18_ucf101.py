# Fine-tuned action recognition (Table 1) from a pre-training checkpoint:
#   tools/dist_train.sh configs/finetune/finetune_r3d18_ucf101.py 8 \
#       --cfg-options model.backbone_checkpoint=work_dirs/vididi-byol_r3d18_ucf101/epoch_400.pth
#   python tools/test.py configs/finetune/finetune_r3d18_ucf101.py work_dirs/finetune_r3d18_ucf101/best_*.pth
# The checkpoint's 'backbone.' weights must fit R3D-18 exactly, or the run
# stops naming the keys that do not (model.backbone_prefix to choose another
# part, e.g. BYOL's target 'target_net.module.0.').
_base_ = [
    '../_base_/models/r3d18.py',
    '../_base_/datasets/ucf101_recognition.py',
    '../_base_/schedules/sgd_100e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    type='PretrainedRecognizer3D',
    backbone_checkpoint=None,
    backbone_prefix='backbone.',
    backbone={{_base_.backbone}},
    cls_head=dict(
        type='I3DHead',
        num_classes=101,
        in_channels={{_base_.feat_dim}},
        spatial_type='avg',
        dropout_ratio=0.5,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor={{_base_.encoder_preprocessor}})
default_hooks = dict(
    checkpoint=dict(save_best='auto', max_keep_ckpts=3, interval=5))
