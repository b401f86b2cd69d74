# App. B.3: LARS, base lr 1.2 at a total batch of 64 scaled linearly with the
# total batch (auto_scale_lr), weight decay 1e-6 on weights only (LARS excludes
# biases and norm parameters from decay and from the trust ratio), cosine
# decay per iteration over 400 epochs.
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='LARS', lr=1.2, momentum=0.9, weight_decay=1e-6,
                   exclude_1d=True))
max_epochs = 400
# No end: MMEngine ends a scheduler at train_cfg.max_epochs, so overriding
# that one key shortens the whole schedule.
param_scheduler = [
    dict(type='CosineAnnealingLR', eta_min=0.0, by_epoch=True, begin=0,
         convert_to_iter_based=True),
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs)
auto_scale_lr = dict(enable=True, base_batch_size=64)

