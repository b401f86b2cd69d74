"""Two clips from one decode against two separate decodes: clips/s and peak memory.

    python benchmarks/bench_two_clip_decoding.py [--videos 8] [--frames 150] [--size 240]

Writes UCF101-sized synthetic mp4 videos (tools/data/synthetic), then runs each
way of producing ViDiDi's two augmented clips per video in its own process
(so that peak resident memory is that method's alone) through the pre-training
pipeline of configs/_base_/datasets/ucf101_two_clip.py:

- one decode: SampleTwoClips -> DecordDecode of the union -> Resize once ->
  TwoClipAugment (the project's pipeline);
- two decodes: for each clip, DecordInit -> SampleFrames -> DecordDecode ->
  Resize -> the same augmentation.

Peak memory is reported twice: the largest Python (numpy) allocation peak while
making one video's two clips (tracemalloc), and the process's peak resident
memory, which imports dominate.
"""
import argparse
import copy
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from os import path as osp

# tools.* modules are imported by their path from the repository root.
sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))


def run(method, list_file, root, passes):
    import numpy as np
    from mmcv.transforms import Compose
    from mmengine.config import Config
    from mmengine.registry import init_default_scope

    import vididi_mm  # noqa: F401
    init_default_scope('mmaction')
    cfg = Config.fromfile('configs/_base_/datasets/ucf101_two_clip.py')
    augment = cfg.clip_augment
    if method == 'one decode':
        pipeline = Compose(cfg.train_pipeline[:-2])  # up to TwoClipAugment
    else:
        single = Compose([
            dict(type='DecordInit'),
            dict(type='SampleFrames', clip_len=8, frame_interval=3, num_clips=1),
            dict(type='DecordDecode'),
            dict(type='Resize', scale=(-1, 150)),
            *augment,
        ])
    videos = [line.split()[0] for line in open(list_file)]
    np.random.seed(0)
    tracemalloc.start()
    sample_peak = 0
    clips, start = 0, time.perf_counter()
    for _ in range(passes):
        for name in videos:
            tracemalloc.reset_peak()
            info = dict(filename=f'{root}/{name}', start_index=0, modality='RGB')
            if method == 'one decode':
                out = pipeline(copy.copy(info))
                assert len(out['imgs']) == 16
            else:
                for _ in range(2):
                    assert len(single(copy.copy(info))['imgs']) == 8
            clips += 2
            sample_peak = max(sample_peak, tracemalloc.get_traced_memory()[1])
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(dict(clips_per_s=clips / seconds, peak_mb=peak_mb,
                          sample_peak_mb=sample_peak / 2**20)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--videos', type=int, default=10,
                        help='videos in all, over the 5 classes')
    parser.add_argument('--frames', type=int, default=150)
    parser.add_argument('--size', type=int, default=240)
    parser.add_argument('--passes', type=int, default=3)
    parser.add_argument('--method', help=argparse.SUPPRESS)
    parser.add_argument('--data', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.method:
        run(args.method, f'{args.data}/train_list.txt', args.data, args.passes)
        return

    from tools.data.synthetic.synthetic_dynamics import generate_dataset
    with tempfile.TemporaryDirectory() as data:
        generate_dataset(data, videos_per_class=(max(1, args.videos // 5), 0, 0),
                         num_frames=args.frames, size=args.size)
        results = {}
        for method in ('one decode', 'two decodes'):
            out = subprocess.run(
                [sys.executable, __file__, '--method', method, '--data', data,
                 '--passes', str(args.passes)],
                capture_output=True, text=True, check=True)
            results[method] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f'{max(1, args.videos // 5) * 5} videos of {args.frames} frames, '
          f'{args.size}x{args.size}, {args.passes} passes; two 8x3 clips each\n')
    print('| method | clips/s | peak Python allocations per video (MB) | '
          'peak RSS of the process (MB) |')
    print('|---|---|---|---|')
    for method, r in results.items():
        print(f'| {method} | {r["clips_per_s"]:.1f} | {r["sample_peak_mb"]:.1f} | '
              f'{r["peak_mb"]:.0f} |')
    speedup = results['one decode']['clips_per_s'] / results['two decodes']['clips_per_s']
    print(f'\none decode is {speedup:.2f}x the throughput of two decodes')


if __name__ == '__main__':
    main()
