"""Test a checkpoint with a config, with MMAction2's command-line interface."""
import argparse

import vididi_mm  # noqa: F401  (stack fixes and registration come first)
from mmengine.config import Config

from vididi_mm import compat
from vididi_mm.utils import (add_common_args, build_runner, merge_common_args,
                             parse_common)


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
    add_common_args(parser)
    return parse_common(parser)


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
    compat.shut_down_loader_workers(runner)
    del runner  # before the process group: see compat.destroy_process_group
    compat.destroy_process_group()


if __name__ == '__main__':
    main()
