# Fine-tuning (App. B.5): SGD, momentum 0.9, lr 0.2 at a total batch of 128
# (scaled linearly), weight decay 1e-4, 100 epochs, lr x0.1 at 60 and 80.
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.2, momentum=0.9, weight_decay=1e-4),
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, by_epoch=True, milestones=[60, 80],
         gamma=0.1)
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=100, val_begin=1,
                 val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
auto_scale_lr = dict(enable=True, base_batch_size=128)
