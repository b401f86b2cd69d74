_base_ = './vididi-vicreg_r3d18_ucf101.py'

# S3D (Table 5), 1024-d features; MMAction2 1.2.0 has none, vididi_mm does.
model = dict(
    backbone=dict(_delete_=True, type='S3D'),
    neck=dict(in_channels=1024))
