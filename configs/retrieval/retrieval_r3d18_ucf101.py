# kNN video retrieval with a pre-trained R3D-18 (Table 3):
#   python tools/test.py configs/retrieval/retrieval_r3d18_ucf101.py CHECKPOINT
# CHECKPOINT: any pre-training checkpoint of this project (configs/vididi,
# baselines, ablations). The encoder is taken from 'backbone.' (BYOL: the
# online encoder); BYOL's target: --cfg-options
# model.backbone_prefix=target_net.module.0.
# Features for tools/analysis/clustering.py:
#   --cfg-options test_evaluator.dump_file=work_dirs/features_ucf101.npz
_base_ = [
    '../_base_/models/r3d18.py',
    '../_base_/datasets/ucf101_retrieval.py',
    '../_base_/default_runtime.py',
]

model = dict(
    type='RetrievalEncoder',
    backbone={{_base_.backbone}},
    backbone_prefix='backbone.',
    data_preprocessor={{_base_.encoder_preprocessor}})
test_evaluator = dict(type='KNNRetrievalMetric', topk=(1, 5, 10))
test_cfg = dict(type='TestLoop')
custom_hooks = [dict(type='ProgressBarHook')]
