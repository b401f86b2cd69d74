# The small-scale recipe's schedule (configs/demo/; docs/demo.md), the same
# for every method: AdamW, lr 1e-3, weight decay 1e-6, cosine decay per
# iteration to 0 over 4 epochs of the 2,000 training videos (248 iterations;
# one round of ViDiDi's 4 phases), no warm-up. Departs from App. B.3 (LARS,
# lr 1.2 at batch 64, 400 epochs, BYOL warm-up): LARS at a few hundred
# iterations of a small batch left every method near collapse; 2,000 videos
# for 4 epochs lifted every method above 1,000 for 8 at the same cost (r13a).
max_epochs = 4
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=1e-6))
# No end: MMEngine ends a scheduler at train_cfg.max_epochs, so overriding
# that one key shortens the whole schedule.
param_scheduler = [
    dict(type='CosineAnnealingLR', eta_min=0.0, by_epoch=True, begin=0,
         convert_to_iter_based=True),
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs)
