"""Kinetics CSVs -> MMAction2 list files.

    python tools/data/kinetics/build_file_list.py kinetics400 \
        --train-csv data/kinetics400/annotations/train.csv \
        --val-csv data/kinetics400/annotations/validate.csv \
        --video-dir data/kinetics400/videos [--out-dir data/kinetics400]

Writes {name}_{train,val}_list_videos.txt and {name}_classes.txt. Videos named
{youtube_id}_{start:06d}_{end:06d}.<ext> are found anywhere under --video-dir;
absent ones are dropped and counted.
"""
import argparse
import os
import os.path as osp
import sys

# tools.* modules are imported by their path from the repository root.
sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..', '..', '..')))

from tools.data.file_lists import kinetics_lists, write_list


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('name', help='kinetics400, kinetics600, kinetics700, ...')
    parser.add_argument('--train-csv', required=True)
    parser.add_argument('--val-csv', required=True)
    parser.add_argument('--video-dir', required=True)
    parser.add_argument('--out-dir', default=None, help='default: data/NAME')
    args = parser.parse_args()
    out_dir = args.out_dir or osp.join('data', args.name)
    lists, classes = kinetics_lists(dict(train=args.train_csv, val=args.val_csv),
                                    args.video_dir)
    os.makedirs(out_dir, exist_ok=True)
    with open(osp.join(out_dir, f'{args.name}_classes.txt'), 'w') as f:
        f.write('\n'.join(classes) + '\n')
    for part, (entries, missing) in lists.items():
        path = osp.join(out_dir, f'{args.name}_{part}_list_videos.txt')
        write_list(path, entries)
        print(f'{path}: {len(entries)} videos, {missing} listed but absent')


if __name__ == '__main__':
    main()
