"""Every reader a config uses returns, for the index sets pre-training and
evaluation ask for, the frame a plain sequential decode returns at that index:
on real clips (tests/data/real_videos, among them UCF101's XviD AVI with
packed B-frames) and on generated files of every kind a dataset may hold."""
import glob
import os.path as osp
import random

import av
import numpy as np
import pytest
from mmaction.registry import TRANSFORMS
from mmengine.config import Config

from video_factory import generated_videos, write_video
from vididi_mm.datasets import PyAVSeekReader
from vididi_mm.datasets.pyav_seek_reader import to_rgb
from vididi_mm.datasets.sequential_decode import MEAN_TOLERANCE, is_frame, sequential_frames

HERE = osp.dirname(osp.abspath(__file__))
REAL = sorted(glob.glob(osp.join(HERE, 'data', 'real_videos', '*.avi')) +
              glob.glob(osp.join(HERE, 'data', 'real_videos', '*.mp4')))
GENERATED = ['mpeg4-avi', 'mpeg4-bframes-avi', 'h264-bframes-mp4', 'h264-bframes-mkv',
             'h264-vfr-mp4', 'mpeg4-odd-size-avi', 'h264-odd-size-mkv', 'h264-late-key-mp4',
             'mpeg4-late-key-avi', 'h264-decode-order-stamps-mkv']


@pytest.fixture(scope='module')
def generated(tmp_path_factory):
    return generated_videos(tmp_path_factory.mktemp('kinds'))


@pytest.fixture(params=[osp.basename(p) for p in REAL] + GENERATED)
def video(request, generated):
    name = request.param
    return generated[name] if name in generated else osp.join(HERE, 'data', 'real_videos', name)


def index_sets(num_frames, seed):
    """Index sets drawn by the pipelines' own samplers: pre-training's sorted
    union of two clips of 8 frames at interval 3 (SampleTwoClips), the
    evaluation's 10 clips of 16 consecutive frames (SampleFrames in test
    mode), and a set in any order with repeats."""
    np.random.seed(seed)
    two_clips = TRANSFORMS.build(dict(type='SampleTwoClips', clip_len=8, frame_interval=3))
    evaluation = TRANSFORMS.build(dict(type='SampleFrames', clip_len=16, frame_interval=1,
                                       num_clips=10, test_mode=True))
    results = dict(total_frames=num_frames, start_index=0)
    rng = random.Random(seed)
    return [two_clips(dict(results))['frame_inds'],
            evaluation(dict(results))['frame_inds'],
            [rng.randrange(num_frames) for _ in range(6)] * 2]


def test_the_reader_returns_the_frames_of_a_sequential_decode(video):
    truth = None
    with av.open(video) as container:
        truth = [to_rgb(frame) for frame in container.decode(video=0)]
    data = open(video, 'rb').read()
    reader = PyAVSeekReader(video)
    assert len(reader) in (len(truth), len(truth) - 1), (len(reader), len(truth))
    reader.close()
    for seed in range(6):
        for indices in index_sets(len(reader), seed):
            # From a path and from bytes (MMEngine's file client), as the
            # transforms read.
            reader = PyAVSeekReader(data if seed % 2 else video, name=video)
            frames = reader.get_batch(indices)
            reader.close()
            for index, frame in zip(indices, frames):
                np.testing.assert_array_equal(frame, truth[index],
                                              err_msg=f'{video}: frame {index}')


def test_the_fast_colour_conversion_is_within_its_stated_tolerance(video):
    """OpenCV's BT.601 conversion against FFmpeg's on every frame: at most
    1.5 levels apart on average, and under 0.5% of values more than 3 apart
    (FFmpeg interpolates chroma, OpenCV repeats it: edges of saturated
    colours differ most)."""
    with av.open(video) as container:
        frames = list(container.decode(video=0))
    differences = np.stack([np.abs(to_rgb(f).astype(int) - f.to_ndarray(format='rgb24'))
                            for f in frames])
    assert differences.mean() <= MEAN_TOLERANCE and (differences > 3).mean() < 0.005


def test_every_kind_is_what_it_says(generated):
    """The generated kinds hold what their names promise."""
    def packets(path):
        with av.open(path) as container:
            return [p for p in container.demux(video=0) if p.size]

    for kind, path in generated.items():
        stamps = [p.pts for p in packets(path)]
        if 'bframes' in kind:
            assert stamps != sorted(stamps), kind  # stored out of display order
        if 'late-key' in kind:
            assert not packets(path)[0].is_keyframe, kind
        if 'odd-size' in kind:
            assert sequential_frames(path)[0].shape[:2] == (49, 67), kind
    decode_order = generated['h264-decode-order-stamps-mkv']
    stamps = [p.pts for p in packets(decode_order)]
    with av.open(decode_order) as container:
        shown = [frame.pts for frame in container.decode(video=0)]
    assert stamps == sorted(stamps) and shown != sorted(shown)
    vfr = sorted(p.pts for p in packets(generated['h264-vfr-mp4']))
    assert len(set(np.diff(vfr))) > 1
    with av.open(generated['mpeg4-bframes-avi']) as container:
        assert container.format.name == 'avi'


def test_the_real_avi_has_packed_b_frames():
    """UCF101's layout, which FFmpeg's encoder does not write: a P and a B
    frame in one chunk (two VOPs), then a few-byte placeholder chunk."""
    from vididi_mm.datasets.pyav_seek_reader import VOP_START
    with av.open(osp.join(HERE, 'data', 'real_videos', 'mmaction2_tests_data_test.avi')) as c:
        chunks = [bytes(p) for p in c.demux(video=0) if p.size]
    assert sum(chunk.count(VOP_START) == 2 for chunk in chunks) > 40
    assert sum(len(chunk) < 10 for chunk in chunks) > 40


def test_configs_read_users_videos_only_with_the_conformant_reader():
    """Every config that reads a user's videos decodes with PyAVSeekInit;
    decord reads only the demo's own generated videos
    (test_decord_reads_the_demos_videos_right)."""
    root = osp.dirname(HERE)
    for folder in ('vididi', 'baselines', 'ablations', 'finetune', 'retrieval'):
        for path in glob.glob(osp.join(root, 'configs', folder, '*.py')):
            text = Config.fromfile(path).pretty_text
            assert 'DecordInit' not in text and 'PyAVSeekInit' in text, path


def test_decord_reads_the_demos_videos_right(tmp_path):
    """The demo's configs read its generated videos with decord: on that
    format (OpenCV's MPEG-4 in MP4, no B-frames) decord returns the
    sequential decode's frames, within the colour tolerance."""
    import decord
    from tools.data.synthetic.synthetic_dynamics import generate_dataset
    root = tmp_path / 'demo'
    lists = generate_dataset(str(root), videos_per_class=(1, 0, 0), num_frames=40, size=64,
                             seed=0)
    paths = [osp.join(root, line.rsplit(maxsplit=1)[0])
             for line in open(lists['train']).read().splitlines()]
    for path in paths[:3]:
        truth = sequential_frames(path)
        reader = decord.VideoReader(path, num_threads=1)
        assert len(reader) == len(truth)
        for seed in range(4):
            for indices in index_sets(len(truth), seed)[:2]:
                frames = reader.get_batch(list(indices)).asnumpy()
                for index, frame in zip(indices, frames):
                    assert is_frame(frame, truth, index), (path, index)


def test_an_over_reported_frame_count_ends_at_once(tmp_path):
    """dmlc/decord#373: decord can loop forever on a container whose header
    claims more frames than it holds. The reader every user-data config
    uses refuses such a file while opening it (and cannot loop: it walks the
    packets once); the test runs it with a time limit so that it cannot hang."""
    import subprocess
    import sys
    path = str(tmp_path / 'claims_more.avi')
    write_video(path, 'mpeg4', 2, frames=30)
    data = bytearray(open(path, 'rb').read())
    # avih's dwTotalFrames and strh's dwLength: 30 -> 3000.
    for tag, offset in ((b'avih', 24), (b'strh', 40)):
        at = data.index(tag) + offset
        assert int.from_bytes(data[at:at + 4], 'little') == 30, tag
        data[at:at + 4] = (3000).to_bytes(4, 'little')
    open(path, 'wb').write(bytes(data))
    with av.open(path) as container:
        assert container.streams.video[0].frames == 3000
    # The reader, and the retrieval pre-check that reads each video's first
    # and last frames with it (decord's get_batch([0, len - 1]) before).
    script = ('import sys; from vididi_mm.datasets import PyAVSeekReader\n'
              'from vididi_mm.datasets.retrieval_video_dataset import check_video\n'
              'print(check_video(sys.argv[1]))\n'
              'try:\n    PyAVSeekReader(sys.argv[1])\nexcept RuntimeError as e:\n'
              '    print(e)\n')
    result = subprocess.run([sys.executable, '-c', script, path], capture_output=True,
                            text=True, timeout=60)
    message = f'{path} is truncated: its header lists 3000 frames, the file holds 30'
    assert result.stdout.count(message) == 2, result.stdout + result.stderr


def test_the_ucf101_pipeline_reads_every_real_clip_without_a_failure(tmp_path):
    """What broke on real UCF101 data: through the pre-training config's
    dataset and pipeline, every draw of every real clip is read, none
    replaced by another video."""
    from mmaction.registry import DATASETS
    from vididi_mm.datasets import SeededIndex
    cfg = Config.fromfile(osp.join(osp.dirname(HERE), 'configs', '_base_', 'datasets',
                                   'ucf101_two_clip.py'))
    (tmp_path / 'list.txt').write_text(''.join(f'{osp.basename(p)}\n' for p in REAL))
    dataset = cfg.train_dataloader.dataset
    dataset.update(ann_file=str(tmp_path / 'list.txt'),
                   data_prefix=dict(video=osp.dirname(REAL[0])))
    dataset = DATASETS.build(dataset)
    for seed in range(24):
        sample = dataset[SeededIndex(seed % len(REAL), seed)]
        assert 'failed_reads' not in sample['data_samples'].metainfo
        assert sample['inputs'].shape[:2] == (2, 3)
    assert not dataset.failed_files
