# Table 6 row 2 (paper: 35.2 top-1): ViDiDi-VICReg's recipe on UCF101 with
# the view schedule of _base_/view_schedules/random-1st.py.
_base_ = [
    '../_base_/models/vicreg_r3d18.py',
    '../_base_/datasets/ucf101_two_clip.py',
    '../_base_/schedules/lars_cosine_400e.py',
    '../_base_/view_schedules/random-1st.py',
    '../_base_/default_runtime.py',
]
