# The demo's schedule (configs/demo/): LARS with lr 1.2 at batch 64, scaled
# to its batch of 16; cosine decay per iteration over 24 epochs, a multiple
# of ViDiDi's 4 phases.
max_epochs = 24
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='LARS', lr=1.2 * 16 / 64, momentum=0.9,
                   weight_decay=1e-6))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_epochs, eta_min=0.0, by_epoch=True,
         begin=0, end=max_epochs, convert_to_iter_based=True),
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs)
