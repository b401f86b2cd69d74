_base_ = [
    '../../configs/_base_/models/vicreg_r3d18.py',
    './tiny_data_schedule.py',
    '../../configs/_base_/view_schedules/vididi.py',
    '../../configs/_base_/default_runtime.py',
]

# The paper's R3D-18 layout, 16x narrower.
model = dict(
    data_preprocessor=dict(augment=False),  # tiny_data_schedule.py augments on the CPU
    backbone=dict(base_channels=4),
    neck=dict(in_channels=32, hid_channels=32, out_channels=32))
default_hooks = dict(logger=dict(interval=1))
