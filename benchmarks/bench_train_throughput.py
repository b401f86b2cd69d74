"""Pre-training throughput and how busy the input pipeline keeps the model, through tools/train.py.

    python benchmarks/bench_train_throughput.py [--config configs/vididi/vididi-byol_r3d18_ucf101.py]
        [--videos 128] [--batch 64] [--workers 16] [--iters 50] [--amp] [--channels-last]
        [--cfg-options ...] [--out throughput.json]

Writes UCF101-shaped videos (benchmarks/bench_input_pipeline.py; needs PyAV), runs the
config through tools/train.py for `--iters` iterations on one process, and reads MMEngine's
per-iteration `time` (a whole step) and `data_time` (the wait for the next batch) from the
run's scalars.json. Reported, over the iterations after the first few (start-up): videos per
second (batch / time) and the share of each step not spent waiting for data, which is the
share of time the model (the GPU) is fed. Run it on the GPU machine with and without
`--amp` (bf16 autocast: tools/train.py's AmpOptimWrapper with dtype bfloat16) and
`--channels-last` (the model's `channels_last=True`: NDHWC weights and inputs); on a CPU
it runs too, slowly, as a check of the script (without --amp, which MMEngine allows on
accelerators only).
"""
import argparse
import glob
import json
import os.path as osp
import subprocess
import sys
import tempfile

import numpy as np

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.join(ROOT, 'benchmarks'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', default='configs/vididi/vididi-byol_r3d18_ucf101.py')
    parser.add_argument('--videos', type=int, default=128)
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--workers', type=int, default=16)
    parser.add_argument('--iters', type=int, default=50)
    parser.add_argument('--skip', type=int, default=5, help='start-up iterations left out')
    parser.add_argument('--amp', action='store_true', help='bf16 automatic mixed precision')
    parser.add_argument('--channels-last', action='store_true',
                        help='channels_last_3d memory for the encoder and its inputs')
    parser.add_argument('--cfg-options', nargs='+', default=[])
    parser.add_argument('--out')
    args = parser.parse_args()
    from bench_input_pipeline import write_videos

    with tempfile.TemporaryDirectory() as folder:
        videos = write_videos(folder, args.videos)
        list_file = osp.join(folder, 'list.txt')
        with open(list_file, 'w') as f:
            f.write(''.join(f'{osp.basename(v)}\n' for v in videos))
        epoch = max(1, len(videos) // args.batch)
        work_dir = osp.join(folder, 'work')
        cmd = [sys.executable, osp.join(ROOT, 'tools', 'train.py'), args.config,
               '--work-dir', work_dir, *(['--amp'] if args.amp else []), '--cfg-options',
               f'train_dataloader.dataset.ann_file={list_file}',
               f'train_dataloader.dataset.data_prefix.video={folder}',
               f'train_dataloader.batch_size={args.batch}',
               f'train_dataloader.num_workers={args.workers}',
               f'train_dataloader.persistent_workers={args.workers > 0}',
               f'train_cfg.max_epochs={-(-args.iters // epoch)}',
               'default_hooks.logger.interval=1', 'default_hooks.checkpoint.interval=1000',
               # The learning-rate schedule does not change a step's cost, and a
               # 10-epoch warm-up (BYOL) cannot fit a run of a few epochs.
               'param_scheduler=[]',
               *(['optim_wrapper.dtype=bfloat16'] if args.amp else []),
               *(['model.channels_last=True'] if args.channels_last else []),
               *args.cfg_options]
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
        scalars = [json.loads(line) for path in sorted(
            glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')))
                   for line in open(path)]
    steps = [s for s in scalars if 'time' in s and 'data_time' in s][args.skip:args.iters]
    if not steps:
        raise SystemExit('no timed iterations past --skip; raise --iters')
    time_s = np.array([s['time'] for s in steps])
    data_s = np.array([s['data_time'] for s in steps])
    report = dict(config=args.config, batch=args.batch, workers=args.workers, amp=args.amp,
                  channels_last=args.channels_last,
                  iterations=len(steps), step_s=float(time_s.mean()),
                  data_wait_s=float(data_s.mean()),
                  videos_per_s=float(args.batch / time_s.mean()),
                  fed_share=float(1 - data_s.sum() / time_s.sum()))
    print(f'{args.config}, batch {args.batch}, {args.workers} workers, amp {args.amp}, '
          f'channels-last {args.channels_last}: '
          f'{report["videos_per_s"]:.1f} videos/s, step {report["step_s"] * 1000:.0f} ms, '
          f'waiting for data {report["data_wait_s"] * 1000:.0f} ms, model fed '
          f'{100 * report["fed_share"]:.1f}% of the time ({len(steps)} iterations)')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(report, f, indent=1)


if __name__ == '__main__':
    main()
