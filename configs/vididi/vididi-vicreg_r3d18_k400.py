_base_ = [
    '../_base_/models/vicreg_r3d18.py',
    '../_base_/datasets/k400_two_clip.py',
    '../_base_/schedules/lars_cosine_400e.py',
    '../_base_/view_schedules/vididi.py',
    '../_base_/default_runtime.py',
]

# Kinetics-400: lr 1.2 at a total batch of 256 (App. B.3).
auto_scale_lr = dict(base_batch_size=256)
