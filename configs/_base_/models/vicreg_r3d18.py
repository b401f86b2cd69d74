_base_ = './r3d18.py'

# App. B.2: projector 2048-2048-2048; eq. (11) with lambda = mu = 1,
# nu = 0.05, gamma = 1, epsilon = 1e-4.
model = dict(
    type='VICReg',
    data_preprocessor={{_base_.two_stream_preprocessor}},
    backbone={{_base_.backbone}},
    neck=dict(
        type='ProjectionMLP',
        in_channels={{_base_.feat_dim}},
        hid_channels=2048,
        out_channels=2048,
        num_layers=3),
    loss=dict(
        type='VICRegLoss',
        sim_weight=1.0,
        var_weight=1.0,
        cov_weight=0.05,
        gamma=1.0,
        eps=1e-4,
        gather=True))
