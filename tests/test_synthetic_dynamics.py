"""The synthetic dynamics generator: deterministic, decodable, balanced, MMAction2-readable."""
import hashlib
import os.path as osp

import decord
import numpy as np
import pytest
from mmaction.datasets import VideoDataset

from tools.data.synthetic.synthetic_dynamics import LAWS_OF_MOTION, generate_dataset
from tools.data.synthetic.synthetic_dynamics import SPLITS, render_video


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
    a, _ = render_video(np.random.default_rng(1), 0, 16, 32, 0.3)
    b, _ = render_video(np.random.default_rng(1), 2, 16, 32, 0.3)
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


def test_ball_masks_cover_the_rendered_ball(tmp_path):
    frames, masks = render_video(np.random.default_rng(3), 2, 12, 64, 0.6)
    assert masks.shape == frames.shape[:3] and masks.dtype == bool
    # Outside the mask nothing moves: every frame shows the same static scene.
    pixels = frames.astype(int)
    outside = ~masks.any(axis=0)
    assert (pixels[:, outside] == pixels[0, outside]).all()
    # Inside it, away from the anti-aliased rim, is the ball: one colour.
    import cv2
    core = np.stack([cv2.erode(m.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
                     for m in masks])
    ball = pixels[core]
    assert len(ball) > 0 and (ball == ball[0]).all()
    # Every pixel that differs from the scene in some frame is inside that frame's mask.
    scene = np.median(pixels, axis=0)
    changed = np.abs(pixels - scene).sum(-1) > 0
    assert not (changed & ~masks).any()


def test_generated_masks_are_stored_beside_each_video(tmp_path):
    from tools.data.synthetic.synthetic_dynamics import read_mask
    lists = generate_dataset(str(tmp_path), videos_per_class=(1, 1, 1), num_frames=8,
                             size=32, seed=2)
    for line in open(lists['test']):
        video = tmp_path / line.split()[0]
        mask = read_mask(str(video))
        assert mask.shape == (8, 32, 32) and 0 < mask.mean() < 0.1
    (tmp_path / 'broken.mp4.mask.npz').write_bytes(b'not a mask')
    with pytest.raises(ValueError, match='broken.mp4.mask.npz'):
        read_mask(str(tmp_path / 'broken.mp4'))


def test_a_scene_pool_shares_each_scene_among_videos(tmp_path):
    # Equal scene generators, other motion generators and classes: the same
    # static scene wherever neither ball is, another motion.
    a, mask_a = render_video(np.random.default_rng(1), 0, 8, 32, 0.3, np.random.default_rng(7))
    b, mask_b = render_video(np.random.default_rng(2), 3, 8, 32, 0.3, np.random.default_rng(7))
    still = ~(mask_a.any(0) | mask_b.any(0))
    assert still.mean() > 0.5
    assert np.array_equal(a[:, still], b[:, still]) and not np.array_equal(a, b)

    # In a dataset: with the shortcut always taken and one scene per class,
    # the training videos of a class share their scene, other classes' differ.
    root = tmp_path / 'pool'
    generate_dataset(str(root), videos_per_class=(2, 1, 1), num_frames=8, size=32,
                     shortcut_prob=1.0, scene_pool=5)
    first = {}
    for line in open(root / 'train_list.txt'):
        path, label = line.split()
        first.setdefault(int(label), []).append(
            decord.VideoReader(str(root / path))[0].asnumpy().astype(int))
    # The median pixel ignores the balls.
    same = max(np.median(np.abs(x - y)) for x, y in first.values())
    other = min(np.median(np.abs(first[i][0] - first[j][0]))
                for i in range(5) for j in range(i + 1, 5))
    assert same <= 2 < 10 < other, (same, other)

    with pytest.raises(ValueError, match='scene_pool'):
        generate_dataset(str(tmp_path / 'few'), videos_per_class=(1, 1, 1), size=32,
                         scene_pool=3)


def test_a_folder_is_only_taken_for_the_settings_it_was_generated_with(tmp_path):
    # tools/demo.py regenerates unless generated_with holds: a folder made
    # with another scene pool, or whose generation did not finish, is not
    # the demo's dataset even though its lists have the right lengths.
    from tools.data.synthetic.synthetic_dynamics import (GENERATION_FILE, MASK_SUFFIX,
                                                         generated_with)
    settings = dict(videos_per_class=(1, 1, 1), num_frames=8, size=32)
    generate_dataset(str(tmp_path), **settings)
    assert generated_with(str(tmp_path), **settings)
    assert generated_with(str(tmp_path), scene_pool=0, **settings)
    assert not generated_with(str(tmp_path), scene_pool=40, **settings)
    assert not generated_with(str(tmp_path), videos_per_class=(2, 1, 1), num_frames=8, size=32)
    assert not generated_with(str(tmp_path), shortcut_prob=0.5, **settings)
    last = (tmp_path / 'val_list.txt').read_text().split()[-2]
    mask = tmp_path / (last + MASK_SUFFIX)
    mask.rename(tmp_path / 'aside')
    assert not generated_with(str(tmp_path), **settings)
    (tmp_path / 'aside').rename(mask)
    (tmp_path / GENERATION_FILE).unlink()
    assert not generated_with(str(tmp_path), **settings)
    assert not generated_with(str(tmp_path / 'missing'), **settings)
