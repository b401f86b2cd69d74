_base_ = './r3d18.py'

# App. B.2: projector of 3 layers, 2048 hidden, 128 out; temperature 0.1.
model = dict(
    type='SimCLR',
    data_preprocessor={{_base_.two_stream_preprocessor}},
    backbone={{_base_.backbone}},
    neck=dict(
        type='ProjectionMLP',
        in_channels={{_base_.feat_dim}},
        hid_channels=2048,
        out_channels=128,
        num_layers=3),
    loss=dict(type='InfoNCELoss', temperature=0.1, gather=True))
