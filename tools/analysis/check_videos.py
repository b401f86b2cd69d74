"""Check every video of a dataset before a long run: read with the config's own decoder.

    python tools/analysis/check_videos.py CONFIG [LIST ...] [--workers 16]
        [--verify-share 0.02] [--timeout 60] [--out report.json] [--cfg-options ...]

Each listed video is opened and read with the decoder the config's pipeline uses
(its first two transforms, e.g. PyAVSeekInit/PyAVSeekDecode or DecordInit/DecordDecode):
the first and last frames and the frames of one pre-training draw (two clips of 8
frames, 1 every 3). A share of the videos (``--verify-share``, at least
``--verify-min``) is read with four draws and decoded sequentially, the ground truth
of "frame i", and the frames the decoder returned are compared with it. Reported per
video: unreadable (the reader's error), truncated (fewer frames than the header lists),
timed out, misread (a returned frame is not the sequential decode's), the frame count
against the header's and the sequential decode's, and whether the stream holds B-frames.

LIST defaults to the config's lists (the training list of a pre-training config, the
gallery and query lists of a retrieval config). Output: a summary table, the bad
videos, and a JSON report (default ``<first list>.check.json``). Exit status 1 when any
video is bad.
"""
import argparse
import json
import multiprocessing as mp
import os
import os.path as osp
import queue
import random
import sys
import time

import numpy as np

#: Pre-training draws read from each video compared with a sequential decode
#: (vididi_mm.datasets.sequential_decode: within its colour tolerance).
DRAWS_VERIFIED = 4


def parse_args():
    from mmengine.config import DictAction
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config')
    parser.add_argument('lists', nargs='*', help='video lists (default: the config\'s)')
    parser.add_argument('--workers', type=int, default=os.cpu_count())
    parser.add_argument('--verify-share', type=float, default=0.02,
                        help='share of videos compared with a sequential decode')
    parser.add_argument('--verify-min', type=int, default=20,
                        help='at least this many videos compared')
    parser.add_argument('--timeout', type=float, default=60,
                        help='seconds a video may take before it is reported as hanging')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out', default=None, help='JSON report')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args()


def dataset_and_lists(cfg, lists):
    """The dataset config that reads the videos, and the lists to check."""
    for loader in ('train_dataloader', 'test_dataloader', 'val_dataloader'):
        dataset = (cfg.get(loader) or {}).get('dataset')
        if dataset and dataset.get('pipeline'):
            break
    else:
        raise SystemExit(f'{cfg.filename} has no dataset with a pipeline')
    if not lists:
        lists = [dataset[key] for key in ('ann_file', 'gallery_ann_file', 'query_ann_file')
                 if dataset.get(key)]
    return dataset, lists


def decoder_of(pipeline):
    """The pipeline's opening and decoding transforms (the first ``*Init``
    and ``*Decode``)."""
    init = next((t for t in pipeline if t['type'].endswith('Init')), None)
    decode = next((t for t in pipeline if t['type'].endswith('Decode')), None)
    if init is None or decode is None:
        raise SystemExit('the pipeline has no *Init/*Decode transforms to read videos with')
    return dict(init), dict(decode)


def stream_facts(path):
    """The header's frame count (None where it does not say) and whether the
    video stream holds B-frames: stored out of display order in a container
    with presentation times or, for MPEG-4 Part 2, any B-VOP (AVI keeps no
    presentation order); None where neither tells."""
    import av
    from vididi_mm.datasets.pyav_seek_reader import PRESENTATION_STAMPED, has_b_vops
    with av.open(path) as container:
        stream = container.streams.video[0]
        packets = [p for p in container.demux(stream) if p.size]
        b_frames = None
        stamps = [p.pts for p in packets]
        if stream.codec_context.name == 'mpeg4':
            b_frames = has_b_vops(bytes(p) for p in packets)
        elif container.format.name in PRESENTATION_STAMPED and None not in stamps:
            b_frames = stamps != sorted(stamps)
        return stream.frames or None, b_frames


def check_one(path, verify, init, decode, seed):
    """The record of one video (run in a worker)."""
    record = dict(filename=path, status='ok')
    start = time.perf_counter()
    try:
        record['header_frames'], record['b_frames'] = stream_facts(path)
    except Exception:  # what the reader says of the file is reported below
        record['header_frames'] = record['b_frames'] = None
    rng = random.Random(f'{seed}/{path}')
    reads = []  # (indices, frames) of each draw, each from a freshly opened video
    try:
        for draw in range(DRAWS_VERIFIED if verify else 1):
            results = init(dict(filename=path, start_index=0, modality='RGB'))
            total = int(results['total_frames'])
            record['frames'] = total
            starts = [rng.randrange(max(total - 22, 0) + 1) for _ in range(2)]
            indices = {(s + 3 * k) % total for s in starts for k in range(8)}
            if draw == 0:  # the last frame: where a cut-off download fails
                indices |= {0, total - 1}
            results['frame_inds'] = np.array(sorted(indices))
            reads.append((sorted(indices), decode(results)['imgs']))
    except Exception as error:
        from vididi_mm.utils.error_text import describe_error
        problem = describe_error(error)
        record.update(status='truncated' if 'truncated' in problem else 'unreadable',
                      problem=problem)
        record['seconds'] = time.perf_counter() - start
        return record
    if verify:
        from vididi_mm.datasets.sequential_decode import is_frame, sequential_frames
        truth = sequential_frames(path)
        record['sequential_frames'] = len(truth)
        wrong = sorted({index for indices, frames in reads
                        for index, frame in zip(indices, frames)
                        if not is_frame(frame, truth, index)})
        if wrong:
            record.update(status='misread', problem=f'frames {wrong[:8]} are not the '
                          'sequential decode\'s')
        elif abs(len(truth) - total) > 1:
            record.update(status='misread', problem=f'the decoder counts {total} frames, a '
                          f'sequential decode gives {len(truth)}')
    record['seconds'] = time.perf_counter() - start
    return record


def worker(config_path, cfg_options, tasks, results, seed):
    import vididi_mm  # noqa: F401  (stack fixes and registration)
    from mmengine.config import Config
    from mmengine.registry import init_default_scope
    from mmaction.registry import TRANSFORMS
    cfg = Config.fromfile(config_path)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    dataset, _ = dataset_and_lists(cfg, ['-'])
    init, decode = (TRANSFORMS.build(t) for t in decoder_of(dataset['pipeline']))
    while True:
        task = tasks.get()
        if task is None:
            return
        number, path, verify = task
        results.put((number, os.getpid(), 'start', None))
        results.put((number, os.getpid(), 'done', check_one(path, verify, init, decode, seed)))


def run_checks(args, videos, verify):
    """Check ``videos`` in ``args.workers`` processes; a worker that takes
    longer than ``args.timeout`` on one video is killed (a decoder that
    loops holds the GIL: nothing but the process's end stops it) and the
    video reported as timed out."""
    from tqdm import tqdm
    context = mp.get_context('spawn')  # no state shared with this process
    tasks, results = context.Queue(), context.Queue()
    for number, path in enumerate(videos):
        tasks.put((number, path, number in verify))

    def start_worker():
        process = context.Process(target=worker, daemon=True, args=(
            args.config, args.cfg_options, tasks, results, args.seed))
        process.start()
        return process

    processes = {}
    for _ in range(max(1, min(args.workers, len(videos)))):
        process = start_worker()
        processes[process.pid] = process
    records, running = [None] * len(videos), {}
    with tqdm(total=len(videos), desc='checking videos', unit='video') as bar:
        while sum(r is not None for r in records) < len(videos):
            try:
                number, pid, what, record = results.get(timeout=1)
                if what == 'start':
                    running[pid] = (number, time.monotonic())
                else:
                    running.pop(pid, None)
                    records[number] = record
                    bar.update()
            except queue.Empty:
                pass
            now = time.monotonic()
            for pid, (number, began) in list(running.items()):
                if now - began > args.timeout:
                    processes.pop(pid).kill()
                    del running[pid]
                    records[number] = dict(filename=videos[number], status='timed out',
                                           problem=f'no answer in {args.timeout:g} s '
                                                   '(a decoder loop, e.g. dmlc/decord#373)')
                    bar.update()
                    process = start_worker()
                    processes[process.pid] = process
            if not any(p.is_alive() for p in processes.values()) and None in records:
                raise SystemExit('every worker died; see the errors above')
    for _ in processes:
        tasks.put(None)
    return records


def summarise(records, verified):
    """A table of counts and the bad videos, as lines."""
    counts = {}
    for record in records:
        counts[record['status']] = counts.get(record['status'], 0) + 1
    with_b = [r['b_frames'] for r in records if r.get('b_frames') is not None]
    mismatched_header = [r for r in records if r.get('header_frames') and r.get('frames')
                         and r['header_frames'] != r['frames']]
    seconds = [r['seconds'] for r in records if 'seconds' in r]
    lines = [f'{"videos":<34}{len(records):>8}']
    for status in ('ok', 'unreadable', 'truncated', 'misread', 'timed out'):
        lines.append(f'{status:<34}{counts.get(status, 0):>8}')
    lines += [
        f'{"compared with a sequential decode":<34}{verified:>8}',
        f'{"frames differ from the header":<34}{len(mismatched_header):>8}',
        f'{"with B-frames":<34}{sum(with_b):>8}  ({sum(with_b) / max(len(with_b), 1):.0%})',
        f'{"seconds per video (mean)":<34}{np.mean(seconds) if seconds else 0:>8.3f}',
    ]
    bad = [r for r in records if r['status'] != 'ok']
    if bad:
        lines.append('\nbad videos:')
        lines += [f'  {r["status"]:<10} {r["filename"]}: {r.get("problem", "")}' for r in bad]
    return lines, counts, len(mismatched_header), with_b


def main():
    args = parse_args()
    import vididi_mm  # noqa: F401
    from mmengine.config import Config
    from vididi_mm.datasets import parse_video_list
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    dataset, lists = dataset_and_lists(cfg, args.lists)
    prefix = (dataset.get('data_prefix') or {}).get('video')
    videos = []
    for list_file in lists:
        videos += [info['filename'] for info in parse_video_list(list_file, prefix, False)]
    if not videos:
        raise SystemExit(f'no videos listed in {lists}')
    rng = random.Random(args.seed)
    count = min(len(videos), max(args.verify_min, round(args.verify_share * len(videos))))
    verify = set(rng.sample(range(len(videos)), count))
    began = time.perf_counter()
    records = run_checks(args, videos, verify)
    wall = time.perf_counter() - began
    lines, counts, mismatched_header, with_b = summarise(records, len(verify))
    init, decode = decoder_of(dataset['pipeline'])
    print(f'\n{len(videos)} videos of {", ".join(lists)}, read with {init["type"]}/'
          f'{decode["type"]} in {wall:.1f} s on {args.workers} workers')
    print('\n'.join(lines))
    out = args.out or f'{osp.splitext(lists[0])[0]}.check.json'
    summary = dict(config=args.config, lists=lists, decoder=[init['type'], decode['type']],
                   videos=len(videos), wall_seconds=wall, workers=args.workers,
                   verified=len(verify), header_mismatches=mismatched_header,
                   b_frame_share=sum(with_b) / max(len(with_b), 1), **counts)
    with open(out, 'w') as f:
        json.dump(dict(summary=summary, videos=records), f, indent=1)
    print(f'report: {out}')
    sys.exit(1 if any(r['status'] != 'ok' for r in records) else 0)


if __name__ == '__main__':
    main()
