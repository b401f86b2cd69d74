# Everything as configs/vididi/vididi-vicreg_r3d18_ucf101.py but the views:
# always (V, V') (Table 6, "Base").
_base_ = [
    '../_base_/models/vicreg_r3d18.py',
    '../_base_/datasets/ucf101_two_clip.py',
    '../_base_/schedules/lars_cosine_400e.py',
    '../_base_/view_schedules/base.py',
    '../_base_/default_runtime.py',
]
