"""Generate the synthetic dynamics video dataset (docs/demo.md, "The synthetic dataset").

    python tools/data/synthetic/generate.py OUT_DIR [--videos-per-class N ...]
"""
import argparse
import os.path as osp
import sys

# tools.* modules are imported by their path from the repository root.
sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..', '..', '..')))

from tools.data.synthetic.synthetic_dynamics import (LAWS_OF_MOTION, SPLITS,
                                                   generate_dataset)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('out_dir', help='output folder')
    parser.add_argument(
        '--videos-per-class', type=int, nargs='+', default=[20, 5, 10],
        metavar='N',
        help='videos per class for train, val and test; one number is used '
        'for all three (default: 20 5 10)')
    parser.add_argument('--num-frames', type=int, default=32)
    parser.add_argument('--size', type=int, default=64, help='frame side')
    parser.add_argument(
        '--shortcut-prob', type=float, default=0.8,
        help='train split: probability that the background hue follows the '
        'class (default: 0.8)')
    parser.add_argument(
        '--scene-pool', type=int, default=40, metavar='K',
        help='draw every static scene from a pool of K shared by all videos, so '
        'that a scene no longer identifies a video (default: 40, the demo\'s; '
        '0: each video its own)')
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args()


def main():
    args = parse_args()
    counts = args.videos_per_class
    if len(counts) == 1:
        counts = counts * len(SPLITS)
    lists = generate_dataset(
        args.out_dir, videos_per_class=counts, num_frames=args.num_frames,
        size=args.size, shortcut_prob=args.shortcut_prob, seed=args.seed,
        progress=True, scene_pool=args.scene_pool)
    print(f'{len(LAWS_OF_MOTION)} classes ({", ".join(LAWS_OF_MOTION)}); '
          'lists: ' + ', '.join(lists.values()))


if __name__ == '__main__':
    main()
