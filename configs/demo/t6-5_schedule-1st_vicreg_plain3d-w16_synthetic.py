# Table 6 row 5 in miniature: VICReg with the schedule-1st view schedule (rows 1 and 9 are
# vicreg_ and vididi-vicreg_plain3d-w16_synthetic.py).
# The small-scale recipe (docs/demo.md), the same for every method.
_base_ = [
    '../_base_/models/vicreg_plain3d-w16.py',
    '../_base_/datasets/synthetic_two_clip.py',
    '../_base_/online_knn/synthetic.py',
    '../_base_/schedules/adamw_cosine_4e.py',
    '../_base_/view_schedules/schedule-1st.py',
    '../_base_/default_runtime.py',
]
default_hooks = dict(logger=dict(interval=1))
