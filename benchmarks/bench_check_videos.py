"""Time tools/analysis/check_videos.py on UCF101-shaped videos and extrapolate to UCF101.

    python benchmarks/bench_check_videos.py [--videos 64] [--workers 2]
        [--dataset-videos 13320] [--dataset-workers 16]

Writes ``--videos`` videos shaped like UCF101's (bench_input_pipeline.write_videos:
320x240, 25 fps, 4-10 s, half MPEG-4 .avi, half H.264 .mp4), checks them with the
UCF101 pre-training config's decoder (2% compared with a sequential decode, at least
``--verify-min``), and reports the wall time, the seconds per video per worker once
the workers have started, and what that extrapolates to for ``--dataset-videos`` on
``--dataset-workers`` workers (checking scales with workers: each video is read by
one process on its own).
"""
import argparse
import json
import os.path as osp
import subprocess
import sys
import tempfile
import time

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.join(ROOT, 'benchmarks'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--videos', type=int, default=64)
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument('--verify-min', type=int, default=2)
    parser.add_argument('--dataset-videos', type=int, default=13320)
    parser.add_argument('--dataset-workers', type=int, default=16)
    args = parser.parse_args()
    from bench_input_pipeline import write_videos
    with tempfile.TemporaryDirectory() as folder:
        videos = write_videos(folder, args.videos)
        listing = osp.join(folder, 'list.txt')
        with open(listing, 'w') as f:
            f.writelines(f'{osp.basename(v)} 0\n' for v in videos)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, osp.join(ROOT, 'tools', 'analysis', 'check_videos.py'),
             osp.join(ROOT, 'configs', 'vididi', 'vididi-vicreg_r3d18_ucf101.py'), listing,
             '--workers', str(args.workers), '--verify-min', str(args.verify_min),
             '--out', osp.join(folder, 'report.json'), '--cfg-options',
             f'train_dataloader.dataset.data_prefix.video={folder}'],
            capture_output=True, text=True, cwd=ROOT)
        wall = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
        report = json.load(open(osp.join(folder, 'report.json')))
    records = report['videos']
    per_video = sum(r['seconds'] for r in records) / len(records)
    plain = [r['seconds'] for r in records if 'sequential_frames' not in r]
    extrapolated = args.dataset_videos * per_video / args.dataset_workers
    print(f'{len(records)} videos checked in {wall:.1f} s on {args.workers} workers (start-up '
          f'included); {report["summary"]["verified"]} compared with a sequential decode')
    print(f'seconds per video per worker: {per_video:.3f} (checked only: '
          f'{sum(plain) / max(len(plain), 1):.3f})')
    print(f'{args.dataset_videos} videos on {args.dataset_workers} workers: about '
          f'{extrapolated / 60:.1f} min plus start-up')


if __name__ == '__main__':
    main()
