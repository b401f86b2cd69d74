# vididi-vicreg_r3d18_ucf101.py reading extracted frames instead of videos
# (data/ucf101/rawframes, MMAction2's rawframe lists): the same views.
_base_ = [
    '../_base_/models/vicreg_r3d18.py',
    '../_base_/datasets/ucf101_two_clip_rawframes.py',
    '../_base_/schedules/lars_cosine_400e.py',
    '../_base_/view_schedules/vididi.py',
    '../_base_/default_runtime.py',
]
