_base_ = './r3d18.py'

# App. B.2: projector and predictor of 2 layers, 4096 hidden, 256 out;
# target momentum from 0.99 along the cosine schedule.
model = dict(
    type='BYOL',
    data_preprocessor={{_base_.two_stream_preprocessor}},
    backbone={{_base_.backbone}},
    neck=dict(
        type='ProjectionMLP',
        in_channels={{_base_.feat_dim}},
        hid_channels=4096,
        out_channels=256,
        num_layers=2),
    predictor=dict(
        type='ProjectionMLP',
        in_channels=256,
        hid_channels=4096,
        out_channels=256,
        num_layers=2),
    loss=dict(type='BYOLLoss'),
    base_momentum=0.99,
    cosine_momentum=True)
