"""Turn official split files into MMAction2 list files (``path label`` per line)."""
import csv
import glob
import os
import os.path as osp
from typing import Dict, List, Tuple

Entry = Tuple[str, int]

VIDEO_EXTENSIONS = ('.avi', '.mp4', '.mkv', '.webm', '.mov')


def _check_videos(entries: List[Entry], video_dir: str, what: str,
                  allow_missing: bool) -> Tuple[List[Entry], int]:
    present = [e for e in entries if osp.isfile(osp.join(video_dir, e[0]))]
    missing = [e[0] for e in entries if e not in present]
    if missing and not allow_missing:
        raise FileNotFoundError(
            f'{what}: {len(missing)} of {len(entries)} videos are not under '
            f'{video_dir}, first: {", ".join(missing[:5])} (--allow-missing '
            'drops them)')
    return present, len(missing)


def write_list(path: str, entries: List[Entry]) -> None:
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    with open(path, 'w') as f:
        f.writelines(f'{name} {label}\n' for name, label in entries)


def ucf101_lists(split_dir: str, video_dir: str, split: int = 1,
                 allow_missing: bool = False) -> Dict[str, Tuple[List[Entry], int]]:
    """UCF101's ``classInd.txt``, ``trainlist0N.txt`` and ``testlist0N.txt``.

    Returns ``{'train': (entries, n_missing), 'val': ...}``; labels 0-based.
    """
    with open(osp.join(split_dir, 'classInd.txt')) as f:
        classes = {name: int(index) - 1 for index, name in
                   (line.split() for line in f if line.strip())}
    lists = {}
    for part, name in (('train', 'trainlist'), ('val', 'testlist')):
        entries = []
        with open(osp.join(split_dir, f'{name}{split:02d}.txt')) as f:
            for line in f:
                if line.strip():
                    path = line.split()[0]
                    entries.append((path, classes[path.split('/')[0]]))
        lists[part] = _check_videos(entries, video_dir, f'UCF101 {name}{split:02d}',
                                    allow_missing)
    return lists


def hmdb51_lists(split_dir: str, video_dir: str, split: int = 1,
                 allow_missing: bool = False) -> Dict[str, Tuple[List[Entry], int]]:
    """HMDB51's ``<class>_test_split<N>.txt`` files (1 = train, 2 = test).

    Classes are numbered in alphabetical order; paths are ``class/video.avi``.
    """
    files = sorted(glob.glob(osp.join(split_dir, f'*_test_split{split}.txt')))
    if not files:
        raise FileNotFoundError(f'no *_test_split{split}.txt under {split_dir}')
    classes = [osp.basename(f)[:-len(f'_test_split{split}.txt')] for f in files]
    lists = {'train': [], 'val': []}
    for label, (name, path) in enumerate(zip(classes, files)):
        with open(path) as f:
            for line in f:
                if line.strip():
                    video, tag = line.split()[:2]
                    if tag in ('1', '2'):
                        part = 'train' if tag == '1' else 'val'
                        lists[part].append((f'{name}/{video}', label))
    return {part: _check_videos(entries, video_dir, f'HMDB51 split {split} {part}',
                                allow_missing)
            for part, entries in lists.items()}


def kinetics_lists(csv_files: Dict[str, str], video_dir: str
                   ) -> Tuple[Dict[str, Tuple[List[Entry], int]], List[str]]:
    """Kinetics CSVs (``label,youtube_id,time_start,time_end,...``).

    Videos are found anywhere under ``video_dir`` by the usual name
    ``{youtube_id}_{start:06d}_{end:06d}.<ext>``; the ones that are absent (as
    many Kinetics videos are) are dropped and counted. Classes are numbered
    in the alphabetical order of the training CSV's labels.
    """
    found = {}
    for dirpath, _, names in os.walk(video_dir):
        for name in names:
            stem, ext = osp.splitext(name)
            if ext.lower() in VIDEO_EXTENSIONS:
                found[stem] = osp.relpath(osp.join(dirpath, name), video_dir)
    rows = {}
    for part, path in csv_files.items():
        with open(path, newline='') as f:
            rows[part] = list(csv.DictReader(f))
    classes = sorted({r['label'] for r in rows['train']})
    index = {name: i for i, name in enumerate(classes)}
    lists = {}
    for part, part_rows in rows.items():
        entries, missing = [], 0
        for r in part_rows:
            stem = '{}_{:06d}_{:06d}'.format(r['youtube_id'], int(float(r['time_start'])),
                                             int(float(r['time_end'])))
            if stem in found and r['label'] in index:
                entries.append((found[stem], index[r['label']]))
            else:
                missing += 1
        lists[part] = (entries, missing)
    return lists, classes


def split_lists_main(name: str, build, doc: str, split_dir_help: str) -> None:
    """The command line of the UCF101/HMDB51 list builders (tools/data/<name>/).

    Writes ``<name>_{train,val}_split_N_videos.txt`` under ``--out-dir``.
    """
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument('split_dir', help=split_dir_help)
    parser.add_argument('video_dir', help='folder with <class>/<video>.avi')
    parser.add_argument('--out-dir', default=f'data/{name}')
    parser.add_argument('--split', type=int, default=1, choices=[1, 2, 3])
    parser.add_argument('--allow-missing', action='store_true',
                        help='drop listed videos that are absent instead of failing')
    args = parser.parse_args()
    lists = build(args.split_dir, args.video_dir, args.split, args.allow_missing)
    for part, (entries, missing) in lists.items():
        path = osp.join(args.out_dir, f'{name}_{part}_split_{args.split}_videos.txt')
        write_list(path, entries)
        print(f'{path}: {len(entries)} videos' + (f', {missing} absent' if missing else ''))
