"""Videos of each encoding users' datasets hold, written with PyAV for the
decoding tests, and the ground truth they are checked against.

Frames are colour ramps under a white square that moves one pixel right and
one down per frame, encoded near-lossless, so every frame can be told apart.
Ground truth for "frame ``i``" is the ``i``-th frame a plain sequential
decode returns (``vididi_mm.datasets.sequential_decode``).
"""
from fractions import Fraction

import av
import numpy as np

FRAMES, KEY_EVERY, HEIGHT, WIDTH = 40, 10, 48, 64


def source_frames(frames=FRAMES, height=HEIGHT, width=WIDTH):
    """The frames written: every one differs from every other."""
    y, x = np.mgrid[:height, :width]
    base = np.stack([x * 255 // width, y * 255 // height,
                     (x + y) * 255 // (width + height)], axis=-1).astype(np.uint8)
    out = []
    for t in range(frames):
        frame = base.copy()
        frame[t % (height - 12):t % (height - 12) + 12, t % (width - 12):t % (width - 12) + 12] = 255
        out.append(frame)
    return np.stack(out)


def write_video(path, codec='libx264', b_frames=0, frames=FRAMES, height=HEIGHT,
                width=WIDTH, pix_fmt='yuv420p', pts=None, rate=25):
    """Encode :func:`source_frames` to ``path`` (the container from its suffix).

    Args:
        codec (str): ``'mpeg4'`` (MPEG-4 Part 2, UCF101's and HMDB51's codec)
            or ``'libx264'``.
        b_frames (int): Most B-frames in a row.
        pts (list[int], optional): Each frame's time stamp in 1/1000 s (a
            variable frame rate); a constant ``rate`` when not given.

    Returns:
        str: ``path``.
    """
    time_base = Fraction(1, 1000) if pts is not None else Fraction(1, rate)
    with av.open(path, 'w') as container:
        stream = container.add_stream(codec, rate=rate)
        stream.width, stream.height, stream.pix_fmt = width, height, pix_fmt
        stream.gop_size = KEY_EVERY
        if pts is not None:
            stream.time_base = stream.codec_context.time_base = time_base
        if codec == 'mpeg4':
            stream.codec_context.qscale = True  # ffmpeg's -q:v 2
            stream.codec_context.global_quality = 2 * 118
            stream.options = {'bf': str(b_frames), 'sc_threshold': '1000000000'}
        else:
            stream.options = {'crf': '8', 'bf': str(b_frames), 'x264-params': 'scenecut=0'}
        for t, frame in enumerate(source_frames(frames, height, width)):
            frame = av.VideoFrame.from_ndarray(frame, format='rgb24')
            frame.pts = t if pts is None else pts[t]
            frame.time_base = time_base
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def cut_before_key_frame(source, path, start):
    """``source``'s packets from decode position ``start`` on, copied into a
    new file: a video that starts between key frames (a stream recorded or
    cut mid-GOP), whose first packets reference frames it does not hold.
    AVI's stamps are shifted to start at 0, or its header would count the
    frames cut too."""
    with av.open(source) as src, av.open(path, 'w') as dst:
        in_stream = src.streams.video[0]
        out_stream = dst.add_stream_from_template(in_stream)
        shift = None
        for position, packet in enumerate(src.demux(in_stream)):
            if packet.dts is None or position < start:
                continue
            if path.endswith('.avi'):
                shift = packet.dts if shift is None else shift
                packet.dts -= shift
                packet.pts -= shift
            packet.stream = out_stream
            dst.mux(packet)
    return path


def stamp_in_decode_order(source, path):
    """``source``'s packets copied with each one's time stamp set to its
    decode position, as a muxer that ignores B-frame reordering writes them:
    the container's stamps no longer say which frame the decoder returns."""
    with av.open(source) as src, av.open(path, 'w') as dst:
        in_stream = src.streams.video[0]
        out_stream = dst.add_stream_from_template(in_stream)
        position = 0
        for packet in src.demux(in_stream):
            if packet.dts is None:
                continue
            packet.pts = packet.dts = position * int(1 / (in_stream.time_base * 25))
            packet.stream = out_stream
            dst.mux(packet)
            position += 1
    return path


def generated_videos(folder):
    """One video of each generated kind in ``folder``: ``{kind: path}``."""
    folder = str(folder)
    vfr = [int(t * 40 + (t % 3) * 13 + (t // 7) * 5) for t in range(FRAMES)]
    videos = {
        'mpeg4-avi': write_video(f'{folder}/mpeg4.avi', 'mpeg4'),
        'mpeg4-bframes-avi': write_video(f'{folder}/mpeg4-bf2.avi', 'mpeg4', 2),
        'h264-bframes-mp4': write_video(f'{folder}/h264-bf3.mp4', 'libx264', 3),
        'h264-bframes-mkv': write_video(f'{folder}/h264-bf3.mkv', 'libx264', 3),
        'h264-vfr-mp4': write_video(f'{folder}/h264-vfr.mp4', 'libx264', 2, pts=vfr),
        'mpeg4-odd-size-avi': write_video(f'{folder}/mpeg4-odd.avi', 'mpeg4', 2,
                                          height=HEIGHT + 1, width=WIDTH + 3),
        'h264-odd-size-mkv': write_video(f'{folder}/h264-odd.mkv', 'libx264', 2,
                                         height=HEIGHT + 1, width=WIDTH + 3,
                                         pix_fmt='yuv444p'),
    }
    videos['h264-late-key-mp4'] = cut_before_key_frame(
        write_video(f'{folder}/h264-bf3-whole.mp4', 'libx264', 3), f'{folder}/h264-late-key.mp4', 4)
    videos['h264-decode-order-stamps-mkv'] = stamp_in_decode_order(
        videos['h264-bframes-mkv'], f'{folder}/h264-decode-order.mkv')
    videos['mpeg4-late-key-avi'] = cut_before_key_frame(
        videos['mpeg4-bframes-avi'], f'{folder}/mpeg4-late-key.avi', 4)
    return videos
