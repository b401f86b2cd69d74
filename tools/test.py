"""Test a checkpoint with a config, with MMAction2's command-line interface."""
import argparse
import os

import vididi_mm  # noqa: F401  (stack fixes and registration come first)
from mmengine.config import Config, DictAction

from vididi_mm import compat
from vididi_mm.utils import build_runner, merge_common_args


def parse_args():
    parser = argparse.ArgumentParser(description='Test a checkpoint (vididi_mm)')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--work-dir', help='the dir to save the evaluation metrics and logs')
    parser.add_argument(
        '--dump',
        type=str,
        help='dump the predictions to this pickle file for offline analysis')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config keys, e.g. test_dataloader.batch_size=8')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def merge_args(cfg, args):
    """Merge the test options into the config."""
    cfg.load_from = args.checkpoint
    if args.dump is not None:
        if not args.dump.endswith(('.pkl', '.pickle')):
            raise ValueError(f'--dump must name a .pkl file, got {args.dump}')
        dump_metric = dict(type='DumpResults', out_file_path=args.dump)
        evaluator = cfg.test_evaluator
        if isinstance(evaluator, (list, tuple)):
            cfg.test_evaluator = [*evaluator, dump_metric]
        else:
            cfg.test_evaluator = [evaluator, dump_metric]
    return merge_common_args(cfg, args)


def main():
    args = parse_args()
    cfg = merge_args(Config.fromfile(args.config), args)
    runner = build_runner(cfg)
    runner.test()
    del runner  # before the process group: see compat.destroy_process_group
    compat.destroy_process_group()


if __name__ == '__main__':
    main()
