# MMAction2's runtime, plus the import that registers this project's modules
# (and applies its fixes for the pinned stack) wherever the config is used:
# tools/train.py, tools/test.py or `mim train mmaction`.
_base_ = 'mmaction::_base_/default_runtime.py'

custom_imports = dict(imports=['vididi_mm'], allow_failed_imports=False)

# A checkpoint every epoch so that a week-long run loses at most one epoch
# (resume with --resume); only the last 3 are kept.
# Videos that cannot be read are replaced during pre-training; more than 1% of
# an epoch's samples replaced stops the run (after its checkpoint), naming them.
default_hooks = dict(
    checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=3,
                    save_best=None),
    read_failures=dict(type='ReadFailureHook', max_failure_share=0.01))

# A fixed default seed, so that a resumed run shuffles, augments
# (SeededSampler) and draws its view orders (ViewScheduleHook) exactly as the
# uninterrupted run would. Change it with --seed.
randomness = dict(seed=0, diff_rank_seed=False, deterministic=False)
