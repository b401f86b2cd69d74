_base_ = './lars_cosine_400e.py'

# BYOL only (App. B.3): 10 epochs of linear warm-up, then the cosine decay.
# The cosine part ends at train_cfg.max_epochs.
warmup_epochs = 10
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=True, begin=0,
         end=warmup_epochs, convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=0.0, by_epoch=True,
         begin=warmup_epochs, convert_to_iter_based=True),
]
