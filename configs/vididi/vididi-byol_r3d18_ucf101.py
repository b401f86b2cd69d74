_base_ = [
    '../_base_/models/byol_r3d18.py',
    '../_base_/datasets/ucf101_two_clip.py',
    '../_base_/schedules/lars_cosine_warmup10_400e.py',
    '../_base_/view_schedules/vididi.py',
    '../_base_/default_runtime.py',
]
