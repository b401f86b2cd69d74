"""HMDB51 split files -> MMAction2 list files.

    python tools/data/hmdb51/build_file_list.py data/hmdb51/testTrainMulti_7030_splits \
        data/hmdb51/videos [--out-dir data/hmdb51] [--split 1] [--allow-missing]

Writes hmdb51_{train,val}_split_N_videos.txt ("brush_hair/<video>.avi 0").
"""
import argparse
import os.path as osp

from vididi_mm.datasets.file_lists import hmdb51_lists, write_list


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('split_dir', help='folder with <class>_test_split<N>.txt')
    parser.add_argument('video_dir', help='folder with <class>/<video>.avi')
    parser.add_argument('--out-dir', default='data/hmdb51')
    parser.add_argument('--split', type=int, default=1, choices=[1, 2, 3])
    parser.add_argument('--allow-missing', action='store_true',
                        help='drop listed videos that are absent instead of failing')
    args = parser.parse_args()
    for part, (entries, missing) in hmdb51_lists(
            args.split_dir, args.video_dir, args.split, args.allow_missing).items():
        path = osp.join(args.out_dir, f'hmdb51_{part}_split_{args.split}_videos.txt')
        write_list(path, entries)
        print(f'{path}: {len(entries)} videos' + (f', {missing} absent' if missing else ''))


if __name__ == '__main__':
    main()
