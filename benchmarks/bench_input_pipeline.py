"""CPU cost of a pre-training sample, stage by stage, and the cores per GPU it implies.

    python benchmarks/bench_input_pipeline.py [--videos 12] [--passes 4] [--batch 8]
        [--gpu-videos-per-s N] [--out bench.json]

Writes videos shaped like UCF101 (320x240, 25 fps, 4-10 s; half MPEG-4 in .avi, half
H.264 in .mp4, with PyAV), then times, in this one process (one core; OpenCV and the
decoders are limited to one thread), the data path of
configs/_base_/datasets/ucf101_two_clip.py for every video, with each decoder:

- decoders: `pyav` is the configs' (PyAVSeekInit, SampleTwoClips, PyAVSeekDecode),
  `decord` MMAction2's (DecordInit, SampleTwoClips, DecordDecode), which the configs
  used before; both followed by the resize of the union (short side 150);
- the CPU path (`cpu_augment_pipeline`): crop/resize/flip and colour (blur, jitter,
  grey) of TwoClipAugment's two clips, format (FormatShape, PackActionInputs), and
  collate (a batch of `--batch` samples stacked);
- the device path (`device_augment_pipeline`, the default): the draws
  (TwoClipAugmentParams), format and collate; the augmentation itself runs on the
  model's device (DeviceClipAugmentPreprocessor), so it is timed apart and not counted
  against the CPU.

and reports milliseconds per sample per core and how many cores a GPU consuming
`--gpu-videos-per-s` samples per second would need. That rate is an estimate from
FLOPs unless measured on the GPU (see docs/performance.md).
"""
import argparse
import json
import os
import os.path as osp
import random
import sys
import tempfile
import time

import numpy as np

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def write_videos(folder, count, seed=0):
    """UCF101-shaped videos: a textured scene under a panning camera."""
    try:
        import av
    except ImportError:
        raise SystemExit('this benchmark writes its H.264 videos with PyAV: pip install av')
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(count):
        codec, ext = (('mpeg4', 'avi'), ('libx264', 'mp4'))[i % 2]
        path = osp.join(folder, f'video_{i:03d}.{ext}')
        frames = int(rng.uniform(4, 10) * 25)
        scene = (rng.uniform(0, 255, (30, 40, 3))).astype(np.uint8).repeat(16, 0).repeat(16, 1)
        with av.open(path, 'w') as container:
            stream = container.add_stream(codec, rate=25)
            stream.width, stream.height, stream.pix_fmt = 320, 240, 'yuv420p'
            # A key frame every 12 frames (MPEG-4's default, as XviD AVIs) or
            # every 2 s (H.264; as web videos, where x264's own default is 10 s).
            stream.gop_size = 12 if codec == 'mpeg4' else 50
            for t in range(frames):
                x, y = 40 + 2 * t % 400, 60 + t % 300
                frame = scene[y % 240:y % 240 + 240, x % 320:x % 320 + 320]
                frame = np.ascontiguousarray(np.pad(
                    frame, ((0, 240 - frame.shape[0]), (0, 320 - frame.shape[1]), (0, 0)),
                    mode='wrap'))
                for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format='rgb24')):
                    container.mux(packet)
            for packet in stream.encode():
                container.mux(packet)
        paths.append(path)
    return paths


class Timer:
    def __init__(self):
        self.total = {}

    def run(self, stage, fn, *args):
        start = time.perf_counter()
        out = fn(*args)
        self.total[stage] = self.total.get(stage, 0.0) + time.perf_counter() - start
        return out


def time_paths(videos, passes, batch):
    import cv2
    import torch
    from mmcv.transforms import Compose
    from mmengine.config import Config
    from mmengine.dataset import pseudo_collate
    from mmengine.registry import init_default_scope

    import vididi_mm  # noqa: F401
    from vididi_mm.models.data_preprocessors import augment_clips
    init_default_scope('mmaction')
    cv2.setNumThreads(1)
    torch.set_num_threads(1)
    cfg = Config.fromfile(osp.join(ROOT, 'configs/_base_/datasets/ucf101_two_clip.py'))
    cpu, device = cfg.cpu_augment_pipeline, cfg.device_augment_pipeline
    sample = cpu[1]
    decoders = dict(
        # MMAction2's decord path, what the configs read with before PyAVSeekInit.
        decord=Compose([dict(type='DecordInit', num_threads=1), sample,
                        dict(type='DecordDecode')]),
        pyav=Compose(cpu[:3]))
    resize = Compose(cpu[3:4])
    geometric = Compose(cfg.clip_augment[:3])
    colour = Compose(cfg.clip_augment[3:])
    draw = Compose(device[4:5])
    cpu_format, device_format = Compose(cpu[5:]), Compose(device[5:])

    paths = [(augment, decoder) for augment in ('cpu', 'device') for decoder in decoders]
    timers = {path: Timer() for path in paths}
    samples = {path: [] for path in paths}
    by_container = {path: {} for path in paths}  # ms of each sample, by file extension
    scale_batch = []  # the default path's first samples, augmented below for scale
    count = 0
    for _ in range(passes):
        for path in videos:
            count += 1
            seed = count
            for (augment, decoder), timer in timers.items():
                before = sum(timer.total.values())
                np.random.seed(seed)
                random.seed(seed)
                results = timer.run('decode', decoders[decoder],
                                    dict(filename=path, start_index=0, modality='RGB'))
                results = timer.run('resize union', resize, results)
                if augment == 'cpu':
                    union, inds = results.pop('imgs'), results.pop('two_clip_inds')
                    clips = []
                    for clip_inds in inds:
                        view = dict(results, imgs=[union[i].copy() for i in clip_inds],
                                    num_clips=1)
                        view = timer.run('crop/resize/flip', geometric, view)
                        view = timer.run('colour', colour, view)
                        clips += view['imgs']
                    results.update(imgs=clips, num_clips=2)
                    packed = timer.run('format', cpu_format, results)
                else:
                    results = timer.run('draw', draw, results)
                    packed = timer.run('format', device_format, results)
                if (augment, decoder) == ('device', 'pyav') and len(scale_batch) < 8:
                    scale_batch.append(packed)
                batch_of = samples[augment, decoder]
                batch_of.append(packed)
                if len(batch_of) == batch:
                    timer.run('collate', lambda s: torch.stack(pseudo_collate(s)['inputs']),
                              batch_of)
                    batch_of.clear()
                by_container[augment, decoder].setdefault(osp.splitext(path)[1], []).append(
                    (sum(timer.total.values()) - before) * 1000)
    # The device path's augmentation of one batch, here on this CPU, for scale only.
    clips = torch.stack(pseudo_collate(scale_batch)['inputs']).float().flatten(0, 1)
    params = torch.from_numpy(np.stack([s['data_samples'].metainfo['clip_aug_params']
                                        for s in scale_batch])).flatten(0, 1)
    start = time.perf_counter()
    augment_clips(clips, params)
    device_aug_ms = (time.perf_counter() - start) * 1000 / len(scale_batch)
    per_sample = {f'{augment}, {decoder}': {stage: t * 1000 / count
                                            for stage, t in timer.total.items()}
                  for (augment, decoder), timer in timers.items()}
    by_container = {f'{augment}, {decoder}': {ext: float(np.mean(ms)) for ext, ms in exts.items()}
                    for (augment, decoder), exts in by_container.items()}
    return per_sample, by_container, count, device_aug_ms


def two_clip_indices(total, seed, clip_len=8, interval=3):
    """The union of two random clips, drawn by the pipeline's own SampleTwoClips."""
    from vididi_mm.datasets.transforms import SampleTwoClips
    np.random.seed(seed)
    return SampleTwoClips(clip_len, interval)(dict(total_frames=total))['frame_inds']


def decode_decord(path, seed):
    """MMAction2's decoder (DecordInit, DecordDecode): the indices and frames."""
    import decord
    reader = decord.VideoReader(path, num_threads=1)
    wanted = two_clip_indices(len(reader), seed)
    return wanted, reader.get_batch(wanted).asnumpy()


def decode_pyav(path, seed):
    """The configs' decoder (PyAVSeekInit, PyAVSeekDecode)."""
    from vididi_mm.datasets import PyAVSeekReader
    reader = PyAVSeekReader(path)
    try:
        wanted = two_clip_indices(len(reader), seed)
        return wanted, np.stack(reader.get_batch(wanted))
    finally:
        reader.close()


def decode_torchcodec(path, seed):
    from torchcodec.decoders import VideoDecoder
    decoder = VideoDecoder(path, num_ffmpeg_threads=1, seek_mode='exact')
    wanted = two_clip_indices(decoder.metadata.num_frames, seed)
    return wanted, decoder.get_frames_at(wanted.tolist()).data.numpy()


DECODERS = dict(decord=decode_decord, pyav=decode_pyav, torchcodec=decode_torchcodec)


def kind_of(path, real):
    """How the timing table groups a video: its container, or its file name
    for the real videos given with --real."""
    return osp.basename(path) if path in real else osp.splitext(path)[1]


def time_decoders(videos, passes, real=()):
    """ms per two-clip read, per decoder and kind of video, on one core; and
    how many of the frames each decoder returned are not the frames a
    sequential decode gives at those indices (failed reads counted apart)."""
    from vididi_mm.datasets.sequential_decode import is_frame, sequential_frames
    truths = {path: sequential_frames(path) for path in videos}
    results = {}
    for name, fn in DECODERS.items():
        try:
            fn(videos[0], 0)
        except (ImportError, OSError) as error:  # absent, or its libraries do not load
            results[name] = f'unavailable: {type(error).__name__}: {error}'
            continue
        times, wrong, failed, frames_read = {}, 0, 0, 0
        for seed in range(passes):
            for path in videos:
                start = time.perf_counter()
                try:
                    indices, frames = fn(path, seed)
                except Exception:  # a decoder's failure on a valid file
                    failed += 1
                    continue
                times.setdefault(kind_of(path, real), []).append(time.perf_counter() - start)
                if frames.shape[-1] != 3:
                    frames = frames.transpose(0, 2, 3, 1)
                frames_read += len(indices)
                wrong += sum(not is_frame(frame, truths[path], index)
                             for index, frame in zip(indices, frames))
        results[name] = {kind: float(np.mean(seconds)) * 1000 for kind, seconds in times.items()}
        results[name].update(frames_read=frames_read, wrong_frames=wrong, failed_reads=failed)
    return results


def gpu_rate_estimate(utilisation=0.35):
    """Videos per second an H100 would train R3D-18 at, from FLOPs counted here.

    torch's FLOP counter (2 FLOPs per multiply-add) over a forward and backward
    pass of one 8x112x112 clip, times the two views; at ``utilisation`` of the
    H100's dense peak, 989 TFLOP/s in bf16 and 495 in TF32 (an assumption, not
    a measurement).
    """
    import torch
    from mmengine.config import Config
    from mmengine.registry import init_default_scope
    from torch.utils.flop_counter import FlopCounterMode

    import vididi_mm  # noqa: F401
    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    backbone = MODELS.build(Config.fromfile(
        osp.join(ROOT, 'configs/_base_/models/r3d18.py')).backbone)
    clip = torch.randn(1, 3, 8, 112, 112)
    with FlopCounterMode(display=False) as forward:
        backbone(clip)
    with FlopCounterMode(display=False) as step:
        backbone(clip).sum().backward()
    per_video = 2 * step.get_total_flops()
    return dict(forward_gflop_per_clip=forward.get_total_flops() / 1e9,
                train_gflop_per_video=per_video / 1e9,
                videos_per_s_bf16=utilisation * 989e12 / per_video,
                videos_per_s_tf32=utilisation * 495e12 / per_video)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--videos', type=int, default=12)
    parser.add_argument('--passes', type=int, default=4)
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--gpu-videos-per-s', type=float, default=1000.0,
                        help='samples per second one GPU consumes (default: 1000, between '
                        'the FLOP estimates for an H100 printed at the end)')
    parser.add_argument('--decoders', action='store_true',
                        help='also compare decoders on the two-clip reads')
    parser.add_argument('--real', nargs='*', default=[],
                        help='real videos to compare the decoders on too (e.g. '
                        'tests/data/real_videos/mmaction2_tests_data_test.avi, a UCF101 clip)')
    parser.add_argument('--out')
    args = parser.parse_args()
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    sys.path.insert(0, ROOT)
    with tempfile.TemporaryDirectory() as folder:
        videos = write_videos(folder, args.videos)
        per_sample, by_container, count, device_aug_ms = time_paths(
            videos, args.passes, args.batch)
        decoders = (time_decoders(videos + args.real, args.passes, args.real)
                    if args.decoders else None)
    report = dict(videos=args.videos, samples=count, gpu_videos_per_s=args.gpu_videos_per_s,
                  ms_per_sample=per_sample, ms_per_sample_by_container=by_container,
                  device_augment_ms_per_sample_on_this_cpu=device_aug_ms)
    print(f'{count} samples of {args.videos} UCF101-shaped videos (320x240, 4-10 s; '
          'MPEG-4 .avi and H.264 .mp4), one core, ms per sample:')
    stages = ['decode', 'resize union', 'crop/resize/flip', 'colour', 'draw', 'format', 'collate']
    print('| path | ' + ' | '.join(stages) + ' | total | cores per GPU at '
          f'{args.gpu_videos_per_s:.0f} samples/s |')
    print('|---|' + '---|' * (len(stages) + 2))
    for name, times in per_sample.items():
        total = sum(times.values())
        report[f'{name}_total_ms'] = total
        report[f'{name}_cores_per_gpu'] = total / 1000 * args.gpu_videos_per_s
        print(f'| {name} | ' + ' | '.join(f'{times[s]:.1f}' if s in times else '-'
                                         for s in stages)
              + f' | {total:.1f} | {report[f"{name}_cores_per_gpu"]:.0f} |')
    before = report['cpu, decord_total_ms']
    print('CPU cost against the CPU path with decord (the pipeline before device '
          'augmentation and PyAV): ' + ', '.join(
              f'{name} {before / report[f"{name}_total_ms"]:.2f}x lower'
              for name in per_sample if name != 'cpu, decord'))
    print('Total ms per sample by container: ' + '; '.join(
        f'{name}: ' + ', '.join(f'{ext} {ms:.1f}' for ext, ms in sorted(exts.items()))
        for name, exts in by_container.items()))
    print(f'The device path\'s augmentation on this CPU (not counted above): '
          f'{device_aug_ms:.1f} ms per sample')
    report['gpu_estimate'] = estimate = gpu_rate_estimate()
    print(f'R3D-18: {estimate["forward_gflop_per_clip"]:.1f} GFLOP forward per 8x112x112 clip, '
          f'{estimate["train_gflop_per_video"]:.0f} GFLOP per video (two views, forward and '
          f'backward); an H100 at 35% of its dense peak: {estimate["videos_per_s_bf16"]:.0f} '
          f'videos/s in bf16, {estimate["videos_per_s_tf32"]:.0f} in TF32 (an estimate)')
    if decoders:
        report['decoders'] = decoders
        print('Two-clip reads (ms per sample, one core, by kind of video), and the frames '
              'that are not a sequential decode\'s (pyav: PyAVSeekReader):')
        for name, result in decoders.items():
            print(f'  {name}: {result}')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(report, f, indent=1)


if __name__ == '__main__':
    main()
