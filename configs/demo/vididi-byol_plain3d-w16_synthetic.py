# ViDiDi-BYOL on the synthetic dynamics videos (Table 3 in miniature).
# The small-scale recipe (docs/demo.md), the same for every method.
_base_ = [
    '../_base_/models/byol_plain3d-w16.py',
    '../_base_/datasets/synthetic_two_clip.py',
    '../_base_/online_knn/synthetic.py',
    '../_base_/schedules/adamw_cosine_4e.py',
    '../_base_/view_schedules/vididi.py',
    '../_base_/default_runtime.py',
]
default_hooks = dict(logger=dict(interval=1))
