"""Train a model from a config, with MMAction2's command-line interface."""
import argparse

import vididi_mm  # noqa: F401  (stack fixes and registration come first)
from mmengine.config import Config

from vididi_mm import compat
from vididi_mm.utils import (add_common_args, build_runner, merge_common_args,
                             parse_common)
from vididi_mm.utils.resume import choose_resume_checkpoint


def parse_args():
    parser = argparse.ArgumentParser(description='Train a model (vididi_mm)')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from this checkpoint, or, without a path, from the '
        'latest checkpoint in the work dir')
    parser.add_argument(
        '--amp', action='store_true', help='enable automatic mixed precision')
    parser.add_argument(
        '--no-validate',
        action='store_true',
        help='do not evaluate checkpoints during training')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the learning rate with the total batch size '
        '(auto_scale_lr.base_batch_size in the config)')
    parser.add_argument('--seed', type=int, default=None, help='random seed')
    parser.add_argument(
        '--diff-rank-seed',
        action='store_true',
        help='give each rank a different seed')
    parser.add_argument(
        '--deterministic',
        action='store_true',
        help='set deterministic options for the CUDNN backend and torch')
    add_common_args(parser)
    return parse_common(parser)


def merge_args(cfg, args):
    """Merge the training options into the config."""
    if args.no_validate:
        cfg.val_cfg = None
        cfg.val_dataloader = None
        cfg.val_evaluator = None
    if args.amp:
        optim_type = cfg.optim_wrapper.get('type', 'OptimWrapper')
        if optim_type not in ('OptimWrapper', 'AmpOptimWrapper'):
            raise ValueError(f'--amp needs an OptimWrapper, got {optim_type}')
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
    if args.resume == 'auto':
        cfg.resume, cfg.load_from = True, None
    elif args.resume is not None:
        cfg.resume, cfg.load_from = True, args.resume
    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg:
            raise ValueError('--auto-scale-lr needs auto_scale_lr in the config')
        cfg.auto_scale_lr.enable = True
    randomness = dict(cfg.get('randomness') or {})
    if args.seed is not None:
        randomness['seed'] = args.seed
    if args.diff_rank_seed:
        randomness['diff_rank_seed'] = True
    if args.deterministic:
        randomness['deterministic'] = True
    if randomness:
        randomness.setdefault('seed', None)  # None: MMEngine draws one
        cfg.randomness = randomness
    return merge_common_args(cfg, args)


def main():
    args = parse_args()
    cfg = merge_args(Config.fromfile(args.config), args)
    if cfg.get('resume'):
        # MMEngine would die on a truncated last checkpoint without naming it.
        cfg.load_from = choose_resume_checkpoint(cfg.work_dir, cfg.get('load_from'))
    runner = build_runner(cfg)
    runner.train()
    compat.shut_down_loader_workers(runner)
    del runner  # before the process group: see compat.destroy_process_group
    compat.destroy_process_group()


if __name__ == '__main__':
    main()
