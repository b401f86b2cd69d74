"""PyAVSeekReader, every user-data config's decoder: the right frames, from
the key frame before each run of them where that is safe, in BT.601 colours,
and errors that name the video (its conformance on every kind of file is
tests/test_video_conformance.py)."""
import av
import decord
import numpy as np
import pytest
from mmengine.registry import init_default_scope
from mmaction.registry import TRANSFORMS

from vididi_mm.datasets import PyAVSeekReader
from vididi_mm.datasets.pyav_seek_reader import to_rgb

from video_factory import FRAMES, HEIGHT, KEY_EVERY, WIDTH, source_frames, write_video

#: UCF101's kind (MPEG-4 in AVI; also with B-frames, where AVI's time stamps
#: are in decode order) and the web's (H.264 in MP4, with B-frames).
VIDEOS = {'mpeg4-avi': ('mpeg4', 'avi', 0), 'mpeg4-bframes-avi': ('mpeg4', 'avi', 2),
          'h264-mp4': ('libx264', 'mp4', 3)}


def make_video(request, tmp_path_factory):
    codec, ext, b_frames = VIDEOS[request.param]
    return write_video(str(tmp_path_factory.mktemp('pyav') / f'{codec}-bf{b_frames}.{ext}'),
                       codec, b_frames)


@pytest.fixture(scope='module', params=list(VIDEOS))
def video(request, tmp_path_factory):
    return make_video(request, tmp_path_factory)


@pytest.fixture(scope='module', params=['mpeg4-avi', 'h264-mp4'])
def keyed_video(request, tmp_path_factory):
    """Key frames exactly every 10 frames (FFmpeg's MPEG-4 encoder places its
    own when it uses B-frames)."""
    return make_video(request, tmp_path_factory)


def nearest_source(frames):
    """For each decoded frame, the index of the source frame closest to it."""
    source = source_frames().astype(np.float32)
    return [int(np.abs(source - f.astype(np.float32)).mean(axis=(1, 2, 3)).argmin())
            for f in frames]


def test_key_frames_are_where_the_tests_assume(keyed_video):
    with av.open(keyed_video) as container:
        packets = [p for p in container.demux(video=0) if p.size]
    assert [i for i, p in enumerate(sorted(packets, key=lambda p: p.pts))
            if p.is_keyframe] == list(range(0, FRAMES, KEY_EVERY))


def test_b_frames_come_out_of_display_order(tmp_path):
    for name, (codec, ext, b_frames) in VIDEOS.items():
        if b_frames:
            with av.open(write_video(str(tmp_path / f'{name}.{ext}'), codec, b_frames)) as c:
                pts = [p.pts for p in c.demux(video=0) if p.size]
            assert pts != sorted(pts), name


@pytest.mark.parametrize('indices', [
    list(range(FRAMES)),                           # all, in order
    [37, 3, 3, 21, 0, 39, 12],                     # any order, repeats
    [4, 7, 10, 13, 16, 19, 22, 25, 30, 33, 36],    # two clips, one across a key frame
    [39],
])
def test_frames_are_the_videos_frames_at_their_indices(video, indices):
    reader = PyAVSeekReader(video)
    assert len(reader) == FRAMES == len(decord.VideoReader(video))
    frames = reader.get_batch(indices)
    reader.close()
    assert all(f.shape == (HEIGHT, WIDTH, 3) and f.dtype == np.uint8 for f in frames)
    assert nearest_source(frames) == indices
    if '-bf2.avi' in video:
        return  # decord misreads it: test_decord_misreads_an_avi_with_b_frames
    # And decord's frames at those indices, up to the two decoders' rounding
    # of the same YUV -> RGB conversion.
    reference = decord.VideoReader(video).get_batch(indices).asnumpy().astype(int)
    difference = np.abs(np.stack(frames).astype(int) - reference)
    assert difference.mean() < 1.5 and (difference > 3).mean() < 0.01


def test_decord_misreads_an_avi_with_b_frames(tmp_path):
    """Why the pre-training configs no longer read with decord 0.6.0: on an
    MPEG-4 AVI with B-frames (AVI keeps decode-order time stamps) it returns
    neighbouring frames after a seek, silently; PyAVSeekReader reads the
    same file right (test_frames_are_the_videos_frames_at_their_indices)."""
    video = write_video(str(tmp_path / 'mpeg4-bf2.avi'), 'mpeg4', 2)
    assert nearest_source(decord.VideoReader(video).get_batch([39, 12]).asnumpy()) != [39, 12]


def test_reading_decodes_from_the_key_frame_before_each_run(keyed_video):
    reader = PyAVSeekReader(keyed_video)
    reader.get_batch([33, 36])
    assert reader.frames_decoded == 7  # 30 (the key frame) to 36
    reader = PyAVSeekReader(keyed_video)
    reader.get_batch([2, 5, 31, 34])
    # 0-5, then a seek over 6-29 to the key frame 30, then 30-34.
    assert reader.frames_decoded == 6 + 5
    reader = PyAVSeekReader(keyed_video)
    reader.get_batch([2, 8, 14])
    # 14's key frame (10) is past 8: seek there rather than decode 9 on.
    assert reader.frames_decoded == 9 + 5


def test_the_fast_conversion_is_bt601_on_limited_range(video):
    """OpenCV's conversion against the standard's formula, computed here on
    the decoded planes (chroma shared by each 2x2 block)."""
    with av.open(video) as container:
        frame = next(container.decode(video=0))
    assert frame.format.name == 'yuv420p' and frame.colorspace in (2, 5, 6)
    planes = frame.to_ndarray(format='yuv420p').astype(np.float64)
    luma, chroma = planes[:HEIGHT], planes[HEIGHT:].reshape(2, HEIGHT // 2, WIDTH // 2)
    u, v = (c.repeat(2, axis=0).repeat(2, axis=1) - 128 for c in chroma)
    y = 1.164 * (luma - 16)
    expected = np.stack([y + 1.596 * v, y - 0.391 * u - 0.813 * v, y + 2.018 * u], axis=-1)
    expected = np.clip(np.round(expected), 0, 255)
    assert np.abs(to_rgb(frame).astype(int) - expected).max() <= 1


def test_other_formats_take_pyavs_own_conversion():
    frame = av.VideoFrame.from_ndarray(source_frames()[5], format='rgb24').reformat(
        format='yuvj420p')  # full range, as MJPEG
    np.testing.assert_array_equal(to_rgb(frame), frame.to_ndarray(format='rgb24'))


def test_the_transforms_read_the_sampled_frames(video):
    init_default_scope('mmaction')
    init, decode = (TRANSFORMS.build(dict(type=name)) for name in ('PyAVSeekInit',
                                                                  'PyAVSeekDecode'))
    results = init(dict(filename=video, start_index=0, modality='RGB'))
    assert results['total_frames'] == FRAMES and results['avg_fps'] == 25
    reader = results['video_reader']
    results['frame_inds'] = np.array([[3, 6], [20, 23]])
    results = decode(results)
    assert results['video_reader'] is None
    with pytest.raises(Exception):  # closed after decoding
        reader.get_batch([0])
    assert nearest_source(results['imgs']) == [3, 6, 20, 23]
    assert results['img_shape'] == results['original_shape'] == (HEIGHT, WIDTH)


def test_errors_name_the_video(video, tmp_path):
    reader = PyAVSeekReader(video)
    with pytest.raises(IndexError, match=f'{video}: frame 40 is outside its 40 frames'):
        reader.get_batch([3, 40])
    (tmp_path / 'not_a_video.mp4').write_bytes(b'this is not a video' * 50)
    with pytest.raises(RuntimeError, match='not_a_video.mp4'):
        PyAVSeekReader(str(tmp_path / 'not_a_video.mp4'))
    if video.endswith('.avi'):
        # Cut short, the header still lists 40 frames (an mp4 cut short is in
        # tests/test_fault_injection.py).
        data = open(video, 'rb').read()
        (tmp_path / 'cut.avi').write_bytes(data[:len(data) * 9 // 10])
        with pytest.raises(RuntimeError, match='cut.avi is truncated: its header lists 40 frames'):
            PyAVSeekReader(str(tmp_path / 'cut.avi'))


def test_an_avi_with_b_frames_is_read_from_its_start(tmp_path):
    """AVI keeps decode order and no presentation times: with B-frames, what
    comes out after a seek cannot be told from its stamps, so the reader
    counts frames from the first one (XviD puts a key frame at most every
    300 frames, so in UCF101's clips this rarely costs more than a seek)."""
    video = write_video(str(tmp_path / 'mpeg4-bf2.avi'), 'mpeg4', 2)
    reader = PyAVSeekReader(video)
    assert reader.counting and reader.key_before.max() == 0
    assert nearest_source(reader.get_batch([36, 33])) == [36, 33]
    assert reader.frames_decoded == 37
    # Without B-frames each chunk is the frame at its position: it seeks.
    reader = PyAVSeekReader(write_video(str(tmp_path / 'mpeg4.avi'), 'mpeg4', 0))
    assert reader.counting and reader.key_before[33] == 30


def test_stamps_that_do_not_say_which_frame_comes_out_fall_back_to_counting(tmp_path):
    """An MKV whose muxer stamped the packets in decode order: the frames
    come out of the decoder with stamps out of order, the reader notices at
    the first one and counts frames instead, still returning the sequential
    decode's frames."""
    from video_factory import stamp_in_decode_order
    video = stamp_in_decode_order(write_video(str(tmp_path / 'bf3.mkv'), 'libx264', 3),
                                  str(tmp_path / 'decode-order.mkv'))
    with av.open(video) as container:
        truth = [to_rgb(frame) for frame in container.decode(video=0)]
    reader = PyAVSeekReader(video)
    assert not reader.counting
    indices = [25, 3, 14, 3]
    frames = reader.get_batch(indices)
    assert reader.counting
    for index, frame in zip(indices, frames):
        np.testing.assert_array_equal(frame, truth[index])
