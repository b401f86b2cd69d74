"""The synthetic dynamics generator: deterministic, decodable, balanced, MMAction2-readable."""
import hashlib
import os.path as osp

import decord
import numpy as np
import pytest
from mmaction.datasets import VideoDataset

from vididi_mm.data_preparation import LAWS_OF_MOTION, generate_dataset
from vididi_mm.data_preparation.synthetic_dynamics import SPLITS, render_video


def digest(root):
    h = hashlib.sha256()
    for split in SPLITS:
        for line in open(osp.join(root, f'{split}_list.txt')):
            h.update(line.encode())
            h.update(open(osp.join(root, line.split()[0]), 'rb').read())
    return h.hexdigest()


def test_deterministic_for_a_seed(tmp_path):
    kwargs = dict(videos_per_class=(1, 1, 1), num_frames=8, size=32)
    generate_dataset(str(tmp_path / 'a'), seed=5, **kwargs)
    generate_dataset(str(tmp_path / 'b'), seed=5, **kwargs)
    generate_dataset(str(tmp_path / 'c'), seed=6, **kwargs)
    assert digest(tmp_path / 'a') == digest(tmp_path / 'b') != digest(tmp_path / 'c')


def test_videos_decode_and_lists_parse(tiny_videos):
    root, lists = tiny_videos
    counts = {}
    for split, per_class in zip(SPLITS, (2, 1, 1)):
        dataset = VideoDataset(lists[split], pipeline=[], data_prefix=dict(video=str(root)))
        labels = [dataset.get_data_info(i)['label'] for i in range(len(dataset))]
        counts[split] = np.bincount(labels, minlength=len(LAWS_OF_MOTION)).tolist()
        assert counts[split] == [per_class] * len(LAWS_OF_MOTION)
        for i in range(len(dataset)):
            reader = decord.VideoReader(dataset.get_data_info(i)['filename'])
            assert len(reader) == 16
            assert reader[0].shape == (32, 32, 3)


def test_sizes_decord_misreads_are_refused(tmp_path):
    with pytest.raises(ValueError, match='decord reads 48x48'):
        generate_dataset(str(tmp_path), videos_per_class=(1, 1, 1), size=48)


def test_classes_differ_in_motion_not_in_statics():
    # Same seed and scene for two classes: the first frames' backgrounds are
    # identical, the ball's trajectory is not.
    a = render_video(np.random.default_rng(1), 0, 16, 32, 0.3)
    b = render_video(np.random.default_rng(1), 2, 16, 32, 0.3)
    assert a.shape == (16, 32, 32, 3)
    assert not np.array_equal(a, b)
    # Differencing removes the static scene: only the ball changes.
    moving = np.abs(np.diff(a.astype(int), axis=0)).sum(-1) > 0
    assert 0 < moving.mean() < 0.2


def test_static_shortcut_only_in_the_training_split(tmp_path):
    generate_dataset(str(tmp_path), videos_per_class=(12, 1, 12), num_frames=4, size=32,
                     seed=0)

    def background_hues(split):
        import cv2
        hues = {}
        for line in open(tmp_path / f'{split}_list.txt'):
            path, label = line.split()
            frame = decord.VideoReader(str(tmp_path / path))[0].asnumpy()
            hsv = cv2.cvtColor(frame, cv2.COLOR_RGB2HSV)
            hues.setdefault(int(label), []).append(hsv[..., 0].astype(float))
        return hues

    def class_hue_spread(hues):
        # How well the background hue predicts the class: the between-class
        # share of the hue variance of each video's median hue.
        med = {c: [np.median(h) for h in v] for c, v in hues.items()}
        allv = np.concatenate(list(med.values()))
        between = np.mean([(np.mean(v) - allv.mean())**2 for v in med.values()])
        return between / allv.var()

    assert class_hue_spread(background_hues('train')) > 2 * class_hue_spread(
        background_hues('test'))
