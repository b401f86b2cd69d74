"""How often each decoder returns the wrong frame, by kind of video and index pattern.

    python benchmarks/bench_decoder_conformance.py [--reads 10] [--decoders pyav decord]

For the four real clips of tests/data/real_videos and the nine generated kinds of
tests/video_factory.py, reads ``--reads`` index sets of each pattern (pre-training: the
sorted union of two clips of 8 frames at interval 3; evaluation: 10 clips of 16
consecutive frames; any order: 12 random indices), each from a freshly opened video,
and counts the frames that are not the sequential decode's at their index
(vididi_mm.datasets.sequential_decode.is_frame) and the reads that raised. The tests
(tests/test_video_conformance.py) require none for the configs' reader; this prints
the table for any decoder, decord included (docs/decoding.md).
"""
import argparse
import glob
import os.path as osp
import random
import sys
import tempfile

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.join(ROOT, 'tests'))


def two_clips(n, rng):
    starts = [rng.randrange(max(n - 21, 1)) for _ in range(2)]
    return sorted({(s + 3 * k) % n for s in starts for k in range(8)})


def evaluation(n, rng):
    starts = [rng.randrange(max(n - 15, 1)) for _ in range(10)]
    return sorted({(s + k) % n for s in starts for k in range(16)})


def any_order(n, rng):
    return [rng.randrange(n) for _ in range(12)]


def read_pyav(path, pattern, rng):
    from vididi_mm.datasets import PyAVSeekReader
    reader = PyAVSeekReader(path)
    try:
        indices = pattern(len(reader), rng)
        return indices, reader.get_batch(indices)
    finally:
        reader.close()


def read_decord(path, pattern, rng):
    import decord
    reader = decord.VideoReader(path, num_threads=1)
    indices = pattern(len(reader), rng)
    return indices, reader.get_batch(indices).asnumpy()


DECODERS = dict(pyav=read_pyav, decord=read_decord)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--reads', type=int, default=10)
    parser.add_argument('--decoders', nargs='+', default=list(DECODERS), choices=DECODERS)
    args = parser.parse_args()
    from video_factory import generated_videos
    from vididi_mm.datasets.sequential_decode import is_frame, sequential_frames
    real = sorted(glob.glob(osp.join(ROOT, 'tests', 'data', 'real_videos', '*.avi')) +
                  glob.glob(osp.join(ROOT, 'tests', 'data', 'real_videos', '*.mp4')))
    patterns = dict(pre_training=two_clips, evaluation=evaluation, any_order=any_order)
    with tempfile.TemporaryDirectory() as folder:
        videos = {osp.basename(p): p for p in real}
        videos.update(generated_videos(folder))
        print('| decoder | video | frames (sequential) | ' + ' | '.join(patterns) + ' |')
        print('|---|---|---|' + '---|' * len(patterns))
        for decoder in args.decoders:
            for name, path in videos.items():
                truth = sequential_frames(path)
                cells = []
                for pattern in patterns.values():
                    rng = random.Random(0)
                    wrong = total = failed = 0
                    for _ in range(args.reads):
                        try:
                            indices, frames = DECODERS[decoder](path, pattern, rng)
                        except Exception:  # a failure on a valid file
                            failed += 1
                            continue
                        total += len(indices)
                        wrong += sum(not is_frame(frame, truth, index)
                                     for index, frame in zip(indices, frames))
                    cells.append(f'{wrong} of {total} wrong' +
                                 (f', {failed} of {args.reads} reads failed' if failed else ''))
                print(f'| {decoder} | {name} | {len(truth)} | ' + ' | '.join(cells) + ' |')


if __name__ == '__main__':
    main()
