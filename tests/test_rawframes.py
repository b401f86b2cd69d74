"""Pre-training from extracted frames: the rawframe dataset config gives the
same two views as the video config when the frames are the video's."""
import os.path as osp

import mmcv
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from conftest import REPO_ROOT
from vididi_mm.datasets import PyAVSeekReader, SeededIndex
from vididi_mm.datasets.video_list import VideoListError

DATASETS_DIR = osp.join(REPO_ROOT, 'configs', '_base_', 'datasets')
#: UCF101's XviD AVI with packed B-frames (tests/data/real_videos/README.md).
VIDEO = osp.join(REPO_ROOT, 'tests', 'data', 'real_videos', 'mmaction2_tests_data_test.avi')


@pytest.fixture(scope='module')
def frames(tmp_path_factory):
    """The video's frames as lossless PNGs, named as MMAction2's rawframes are."""
    root = tmp_path_factory.mktemp('rawframes')
    reader = PyAVSeekReader(VIDEO)
    total = len(reader)
    for i, frame in enumerate(reader.get_batch(list(range(total)))):
        mmcv.imwrite(np.ascontiguousarray(frame[..., ::-1]), str(root / 'test' / f'img_{i + 1:05}.png'))
    reader.close()
    (root / 'list.txt').write_text(f'test {total} 3\n')
    return root, total


def build(config, **dataset):
    from mmaction.registry import DATASETS
    import vididi_mm  # noqa: F401

    init_default_scope('mmaction')
    cfg = Config.fromfile(osp.join(DATASETS_DIR, config))
    cfg.train_dataloader.dataset.update(dataset)
    return DATASETS.build(cfg.train_dataloader.dataset)


def test_rawframes_give_the_views_of_the_video_they_were_taken_from(frames, tmp_path):
    root, _ = frames
    (tmp_path / 'videos.txt').write_text(f'{osp.basename(VIDEO)} 3\n')
    video = build('ucf101_two_clip.py', ann_file=str(tmp_path / 'videos.txt'),
                  data_prefix=dict(video=osp.dirname(VIDEO)))
    rawframes = build('ucf101_two_clip_rawframes.py', ann_file=str(root / 'list.txt'),
                      data_prefix=dict(img=str(root)), filename_tmpl='img_{:05}.png')
    for seed in range(6):
        a, b = video[SeededIndex(0, seed)], rawframes[SeededIndex(0, seed)]
        # The same decoded, resized frames of both clips, and the same
        # augmentation drawn for the model's device to apply.
        torch.testing.assert_close(b['inputs'], a['inputs'], rtol=0, atol=0)
        torch.testing.assert_close(b['data_samples'].clip_aug_params,
                                   a['data_samples'].clip_aug_params, rtol=0, atol=0)
        assert 'failed_reads' not in b['data_samples'].metainfo
    assert not rawframes.failed_files


def test_rawframe_list_errors_name_the_file_and_line(frames, tmp_path):
    root, total = frames
    bad = tmp_path / 'bad.txt'
    bad.write_text(f'test {total}\ntest many 3\n')
    with pytest.raises(VideoListError, match=r'bad.txt, line 2: expected "frame_dir '
                                             r'total_frames \[label\]"'):
        build('ucf101_two_clip_rawframes.py', ann_file=str(bad), data_prefix=dict(img=str(root)))
    bad.write_text(f'test {total}\nmissing {total}\n')
    with pytest.raises(FileNotFoundError, match=r'1 of 2 listed frame folders do not exist'):
        build('ucf101_two_clip_rawframes.py', ann_file=str(bad), data_prefix=dict(img=str(root)))


def test_a_missing_frame_is_replaced_and_counted(frames, tmp_path):
    """A folder with a frame gone is a broken video: its draw is replaced by
    another video and listed for ReadFailureHook, as for a broken video file."""
    import shutil

    root, total = frames
    shutil.copytree(root / 'test', tmp_path / 'holed')
    shutil.copytree(root / 'test', tmp_path / 'whole')
    for i in range(1, total + 1, 2):
        (tmp_path / 'holed' / f'img_{i:05}.png').unlink()
    (tmp_path / 'list.txt').write_text(f'holed {total}\nwhole {total}\n')
    dataset = build('ucf101_two_clip_rawframes.py', ann_file=str(tmp_path / 'list.txt'),
                    data_prefix=dict(img=str(tmp_path)), filename_tmpl='img_{:05}.png')
    sample = dataset[SeededIndex(0, 0)]
    assert set(sample['data_samples'].metainfo['failed_reads']) == {str(tmp_path / 'holed')}
    assert list(dataset.failed_files) == [str(tmp_path / 'holed')]
