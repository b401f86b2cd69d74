"""Two clips per video, from one decode, through the real MMAction2 pipeline."""
import copy
import logging
import os.path as osp
import shutil

import decord
import numpy as np
import pytest
from mmengine.config import Config
from mmengine.logging import MMLogger
from mmengine.registry import init_default_scope
from mmaction.registry import DATASETS, TRANSFORMS

from conftest import REPO_ROOT


def dataset_cfg(root, list_file, pipeline=None, **kwargs):
    """The UCF101 pre-training dataset config on other videos; by default with
    the CPU augmentation path, whose output is the final clips."""
    cfg = Config.fromfile(f'{REPO_ROOT}/configs/_base_/datasets/ucf101_two_clip.py')
    dataset = copy.deepcopy(cfg.train_dataloader.dataset)
    dataset.update(ann_file=str(list_file), data_prefix=dict(video=str(root)), **kwargs)
    dataset.pipeline = cfg.cpu_augment_pipeline if pipeline is None else pipeline
    return dataset


def test_config_pipelines_give_two_clips(tiny_videos):
    init_default_scope('mmaction')
    root, lists = tiny_videos
    cfg = Config.fromfile(f'{REPO_ROOT}/configs/_base_/datasets/ucf101_two_clip.py')
    # The CPU path: two augmented 112x112 clips.
    dataset = DATASETS.build(dataset_cfg(root, lists['train']))
    assert len(dataset) == 10
    assert dataset[0]['inputs'].shape == (2, 3, 8, 112, 112)
    # The device path (the default): both clips at short side 150, uncropped,
    # with one row of augmentation parameters each for the model's device.
    assert cfg.train_pipeline == cfg.device_augment_pipeline
    dataset = DATASETS.build(dataset_cfg(root, lists['train'], cfg.train_pipeline))
    sample = dataset[0]
    assert sample['inputs'].shape == (2, 3, 8, 150, 150)
    params = sample['data_samples'].metainfo['clip_aug_params']
    assert params.shape == (2, 18) and (params[:, 4:6] == 112).all()


def test_the_two_clips_are_the_decoded_frames(tiny_videos):
    init_default_scope('mmaction')
    root, lists = tiny_videos
    pipeline = [
        dict(type='DecordInit'),
        dict(type='SampleTwoClips', clip_len=4, frame_interval=3),
        dict(type='DecordDecode'),
        dict(type='TwoClipAugment', transforms=[]),
    ]
    dataset = DATASETS.build(dataset_cfg(root, lists['train'], pipeline))
    np.random.seed(3)
    results = dataset.prepare_data(1)
    union = results['frame_inds']
    assert np.all(np.diff(union) > 0), 'the union is decoded once, sorted'
    reader = decord.VideoReader(results['filename'])
    clips = np.stack(results['imgs']).reshape(2, 4, *results['imgs'][0].shape)
    for clip in clips:
        # Each clip is 4 frames 3 apart, wherever it starts.
        matches = [start for start in range(16 - 9)
                   if np.array_equal(clip, reader.get_batch(
                       list(range(start, start + 10, 3))).asnumpy())]
        assert matches, 'a clip is not a crop of the video at interval 3'
    assert results['num_clips'] == 2 and results['clip_len'] == 4


def test_short_videos_loop_as_in_mmaction():
    sampler = TRANSFORMS.build(dict(type='SampleTwoClips', clip_len=8, frame_interval=3))
    results = sampler(dict(total_frames=5, start_index=0))
    assert set(results['frame_inds']) <= set(range(5))
    clip_frames = results['frame_inds'][results['two_clip_inds']]
    np.testing.assert_array_equal(clip_frames[0], np.arange(0, 24, 3) % 5)


def test_missing_files_fail_at_start_up(tiny_videos, tmp_path):
    root, _ = tiny_videos
    list_file = tmp_path / 'list.txt'
    list_file.write_text('videos/train/drift_0000.mp4 0\nnope/a.mp4 1\nnope/b.mp4\n')
    with pytest.raises(FileNotFoundError) as error:
        DATASETS.build(dataset_cfg(root, list_file))
    message = str(error.value)
    assert str(list_file) in message and '2 of 3' in message
    assert osp.join(str(root), 'nope/a.mp4') in message


def test_unlabeled_lists_and_unreadable_videos_are_skipped(tiny_videos, tmp_path):
    init_default_scope('mmaction')
    logger = MMLogger.get_current_instance()
    records = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    logger.addHandler(handler)
    root, _ = tiny_videos
    shutil.copy(osp.join(root, 'videos/train/drift_0000.mp4'), tmp_path / 'good.mp4')
    (tmp_path / 'corrupt.mp4').write_bytes(b'not a video at all')
    (tmp_path / 'list.txt').write_text('good.mp4\ncorrupt.mp4\n')  # no labels
    dataset = DATASETS.build(dataset_cfg(tmp_path, tmp_path / 'list.txt'))
    try:
        samples = [dataset[1] for _ in range(3)]  # the corrupt one, three times
    finally:
        logger.removeHandler(handler)
    # Each time another video was drawn in its place (perhaps the corrupt one
    # again), and the sample lists the reads it replaced, for ReadFailureHook.
    corrupt = osp.join(str(tmp_path), 'corrupt.mp4')
    assert all(s['inputs'].shape == (2, 3, 8, 112, 112) for s in samples)
    for sample in samples:
        failed = sample['data_samples'].metainfo['failed_reads']
        assert failed and set(failed) == {corrupt}
    assert list(dataset.failed_files) == [corrupt]
    # Logged once per data worker, not at every draw.
    messages = [r.getMessage() for r in records if r.getMessage().startswith('cannot read')]
    assert len(messages) == 1 and corrupt in messages[0]
    assert 'failed_reads' not in dataset[0]['data_samples'].metainfo
