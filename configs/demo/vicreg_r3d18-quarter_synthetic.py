# `make demo`: the VICReg baseline (always (V, V')), same budget and seed.
_base_ = [
    '../_base_/models/vicreg_r3d18-quarter.py',
    '../_base_/datasets/synthetic_two_clip.py',
    '../_base_/schedules/lars_cosine_24e_b16.py',
    '../_base_/view_schedules/base.py',
    '../_base_/default_runtime.py',
]
default_hooks = dict(logger=dict(interval=5))
