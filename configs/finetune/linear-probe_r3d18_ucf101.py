# Linear probe: as finetune_r3d18_ucf101.py, but the pre-trained backbone is
# frozen (all stages, BatchNorm statistics included); only the classifier
# trains.
_base_ = './finetune_r3d18_ucf101.py'

model = dict(backbone=dict(frozen_stages=4, norm_eval=True))
