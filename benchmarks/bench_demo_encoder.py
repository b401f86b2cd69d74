"""Seconds per forward and backward pass of the demo's encoder, the bulk of a demo iteration.

    python benchmarks/bench_demo_encoder.py [--size 56] [--convs-per-stage 2]
        [--strides 2 2 2 2] [--channels-last] [--threads N] [--repeats 4]

Builds ``PlainConv3d`` from configs/_base_/models/plain3d-w16.py and times its
forward and backward on one demo batch: 2 views x 32 clips of 8 frames at
``--size`` pixels (the recipe's 56). ``--strides 1 2 2 2`` gives the first
stage R3D-18's stride, as the recipe had before r8 (docs/demo.md). Two copies
started side by side with ``--threads 1`` show what two 1-thread processes get
from the cores against one process with all of them.
"""
import argparse
import time

import torch
from mmengine.config import Config

import vididi_mm  # noqa: F401
from mmaction.registry import MODELS

CONFIG = 'configs/_base_/models/plain3d-w16.py'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--size', type=int, default=56)
    parser.add_argument('--convs-per-stage', type=int, default=None)
    parser.add_argument('--strides', type=int, nargs=4, default=None)
    parser.add_argument('--channels-last', action='store_true')
    parser.add_argument('--threads', type=int, default=None)
    parser.add_argument('--repeats', type=int, default=4)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    cfg = dict(Config.fromfile(CONFIG).plain3d_w16)
    cfg.pop('_delete_')
    cfg['type'] = cfg['type'].split('.')[-1]
    if args.convs_per_stage:
        cfg['convs_per_stage'] = args.convs_per_stage
    if args.strides:
        cfg['strides'] = tuple(args.strides)
    torch.manual_seed(0)
    encoder = MODELS.build(cfg)
    clips = torch.randn(64, 3, 8, args.size, args.size)
    if args.channels_last:
        encoder.to(memory_format=torch.channels_last_3d)
        clips = clips.to(memory_format=torch.channels_last_3d)
    times = []
    for i in range(args.repeats + 2):  # two warm-up passes
        start = time.perf_counter()
        encoder(clips).mean().backward()
        if i >= 2:
            times.append(time.perf_counter() - start)
    print(f'size {args.size}, convs per stage {cfg.get("convs_per_stage", 2)}, '
          f'strides {tuple(cfg["strides"])}, '
          f'channels-last {args.channels_last}, {torch.get_num_threads()} threads: '
          f'{sum(times) / len(times):.2f} s per forward and backward of 64 clips')


if __name__ == '__main__':
    main()
