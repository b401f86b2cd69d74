"""Clip augmentation on the device: the same views as the CPU path for the same draws."""
import copy
import random

import cv2
import numpy as np
import pytest
import torch
from mmcv.transforms import Compose
from mmengine.config import Config
from mmaction.registry import MODELS

from conftest import REPO_ROOT
from vididi_mm.clip_augment_contract import COLUMN
from vididi_mm.models.data_preprocessors import augment_clips
from vididi_mm.models.utils.batched_clip_augment import (color_jitter, crop_resize_flip,
                                                         gaussian_blur3x3)

CLIP_AUGMENT = Config.fromfile(
    f'{REPO_ROOT}/configs/_base_/datasets/ucf101_two_clip.py').clip_augment


def both_paths(video, seed, transforms=CLIP_AUGMENT):
    """The CPU path's two clips and the device path's, from one seed: (2T, h, w, 3) each."""
    head = Compose([dict(type='DecordInit'), dict(type='SampleTwoClips', clip_len=8,
                                                  frame_interval=2),
                    dict(type='DecordDecode'), dict(type='Resize', scale=(-1, 48))])
    np.random.seed(seed)
    random.seed(seed)
    decoded = head(dict(filename=video, start_index=0, modality='RGB'))
    state = np.random.get_state(), random.getstate()
    cpu = Compose([dict(type='TwoClipAugment', transforms=transforms)])(copy.deepcopy(decoded))
    np.random.set_state(state[0])
    random.setstate(state[1])
    drawn = Compose([dict(type='TwoClipAugmentParams', transforms=transforms)])(decoded)
    frames = np.stack(drawn['imgs']).astype(np.float32)
    clips = torch.from_numpy(frames).view(2, -1, *frames.shape[1:]).permute(0, 4, 1, 2, 3)
    out = augment_clips(clips, torch.from_numpy(drawn['clip_aug_params']))
    device = out.permute(0, 2, 3, 4, 1).reshape(-1, *out.shape[-2:], 3).numpy()
    return np.stack(cpu['imgs']).astype(np.float32), device, drawn['clip_aug_params']


def test_the_device_path_makes_the_cpu_paths_views(tiny_videos):
    root, lists = tiny_videos
    video = str(root / open(lists['train']).readline().split()[0])
    errors = []
    for seed in range(24):
        cpu, device, params = both_paths(video, seed)
        assert cpu.shape == device.shape == (16, 112, 112, 3)
        errors.append(np.abs(cpu - device))
    errors = np.stack(errors)
    # Same crops, flips, blurs, jitters and greys: pixels within OpenCV's
    # fixed-point and 8-bit HSV rounding (measured on these 32 px videos scaled
    # up to 112: mean 0.50 levels, worst clip 0.68, 1.5% of values over 2
    # levels, 3e-7 over 8; on 64 px frames 0.37, 0.58, 0.3%).
    assert errors.mean() < 0.6
    assert errors.mean(axis=(1, 2, 3, 4)).max() < 1.0
    assert (errors > 2).mean() < 0.02 and (errors > 8).mean() < 1e-4


def test_parameters_follow_the_configs_distributions():
    from vididi_mm.datasets import TwoClipAugmentParams
    drawer = TwoClipAugmentParams(CLIP_AUGMENT)
    np.random.seed(0)
    random.seed(0)
    rows = np.stack([drawer.draw((150, 200)) for _ in range(2000)])
    area = ((rows[:, COLUMN['x2']] - rows[:, COLUMN['x1']]) *
            (rows[:, COLUMN['y2']] - rows[:, COLUMN['y1']])) / (150 * 200)
    assert area.min() >= 0.08 - 0.01 and area.max() <= 1
    assert (rows[:, COLUMN['out_h']] == 112).all() and (rows[:, COLUMN['out_w']] == 112).all()
    # App. B.3's probabilities: flip 0.5, blur 0.5, jitter 0.8, grey 0.5 (4 standard errors).
    for column, p in (('flip', 0.5), ('jitter', 0.8), ('grey', 0.5)):
        assert abs(rows[:, COLUMN[column]].mean() - p) < 4 * np.sqrt(p * (1 - p) / 2000)
    blurred = rows[:, COLUMN['blur_sigma']] > 0
    assert abs(blurred.mean() - 0.5) < 4 * np.sqrt(0.25 / 2000)
    assert rows[blurred, COLUMN['blur_sigma']].min() >= 0.1
    assert rows[blurred, COLUMN['blur_sigma']].max() <= 2.0
    jittered = rows[:, COLUMN['jitter']] > 0
    orders = rows[jittered][:, COLUMN['order0']:COLUMN['order3'] + 1]
    assert (np.sort(orders, axis=1) == [0, 1, 2, 3]).all()
    assert np.abs(rows[jittered, COLUMN['hue']]).max() <= 0.05


def test_each_operation_matches_opencv():
    rng = np.random.default_rng(0)
    frames = rng.integers(0, 256, (3, 40, 52, 3)).astype(np.uint8)
    clip = torch.from_numpy(frames.astype(np.float32)).permute(3, 0, 1, 2)[None]
    # Crop (9, 5)-(41, 29), resize to 24x20, flip: as RandomResizedCrop, Resize, Flip.
    expected = np.stack([cv2.resize(f[5:29, 9:41], (20, 24), interpolation=cv2.INTER_LINEAR)
                         for f in frames])[:, :, ::-1]
    out = crop_resize_flip(clip, torch.tensor([[9., 5., 41., 29.]]), (24, 20),
                           torch.tensor([True]))
    assert np.abs(out[0].permute(1, 2, 3, 0).round().numpy() - expected).max() <= 1
    expected = np.stack([cv2.GaussianBlur(f, (3, 3), 1.3) for f in frames])
    out = gaussian_blur3x3(clip, torch.tensor([1.3]))
    assert np.abs(out[0].permute(1, 2, 3, 0).round().numpy() - expected).max() <= 1
    torch.testing.assert_close(gaussian_blur3x3(clip, torch.tensor([0.])), clip)
    # Hue alone: OpenCV's 8-bit HSV rounds hue to 2 degrees and S, V to 1/255.
    from vididi_mm.datasets import ClipColorJitter
    expected = ClipColorJitter._shift_hue(frames.astype(np.float32), 0.04)
    out = color_jitter(clip, torch.tensor([[3, 0, 1, 2]]),
                       torch.tensor([[1., 1., 1., 0.04]]), torch.tensor([True]))
    error = np.abs(out[0].permute(1, 2, 3, 0).round().numpy() - expected)
    assert error.mean() < 1.5 and np.percentile(error, 99) <= 6


def test_the_preprocessor_pads_augments_and_normalises():
    from mmaction.structures import ActionDataSample
    preprocessor = MODELS.build(dict(type='DeviceClipAugmentPreprocessor', augment=True,
                                     mean=[128] * 3, std=[64] * 3, format_shape='NCTHW'))
    inputs = [torch.full((2, 3, 4, 30, 40), 192, dtype=torch.uint8),
              torch.full((2, 3, 4, 36, 30), 64, dtype=torch.uint8)]
    rows = np.zeros((2, 2, len(COLUMN)), np.float32)
    rows[0, :, :6] = [0, 0, 40, 30, 16, 16]
    rows[1, :, :6] = [0, 0, 30, 36, 16, 16]
    samples = [ActionDataSample(metainfo=dict(clip_aug_params=r)) for r in rows]
    out = preprocessor(dict(inputs=inputs, data_samples=samples), training=True)['inputs']
    assert out.shape == (2, 2, 3, 4, 16, 16)
    # Each video keeps its own pixels: the zero padding of the smaller frame is never sampled.
    torch.testing.assert_close(out[0], torch.full_like(out[0], 1.0))
    torch.testing.assert_close(out[1], torch.full_like(out[1], -1.0))
    # Outside training it is MMAction2's preprocessor: normalisation only.
    plain = preprocessor(dict(inputs=[inputs[0]], data_samples=None), training=False)['inputs']
    torch.testing.assert_close(plain, torch.full((1, 2, 3, 4, 30, 40), 1.0))


def test_the_preprocessor_refuses_a_batch_that_contradicts_where_augmentation_runs():
    """A pipeline whose PackActionInputs dropped the rows would otherwise train
    on unaugmented frames; rows nobody applies would train on uncropped ones."""
    from mmaction.structures import ActionDataSample
    inputs = [torch.zeros((2, 3, 4, 16, 16), dtype=torch.uint8)] * 2
    rows = np.zeros((2, len(COLUMN)), np.float32)
    rows[:, :6] = [0, 0, 16, 16, 16, 16]
    with_rows = [ActionDataSample(metainfo=dict(clip_aug_params=rows))] * 2
    one_without = [with_rows[0], ActionDataSample()]
    norm = dict(mean=[128] * 3, std=[64] * 3, format_shape='NCTHW')
    device = MODELS.build(dict(type='DeviceClipAugmentPreprocessor', augment=True, **norm))
    for samples in (None, one_without):
        with pytest.raises(ValueError, match=r"no 'clip_aug_params'.*augment=True"):
            device(dict(inputs=inputs, data_samples=samples), training=True)
    cpu = MODELS.build(dict(type='DeviceClipAugmentPreprocessor', augment=False, **norm))
    with pytest.raises(ValueError, match=r"carry 'clip_aug_params'.*augment=False"):
        cpu(dict(inputs=inputs, data_samples=with_rows), training=True)
    assert cpu(dict(inputs=inputs, data_samples=None), training=True)['inputs'].shape == (
        2, 2, 3, 4, 16, 16)


def test_the_tiny_configs_feed_the_model_the_same_views_on_either_path(tiny_videos):
    """Through the configs' pipelines and data preprocessors, as a runner
    feeds the model (pretraining_views)."""
    from tools.analysis.pretraining_views import pretraining_views
    root, lists = tiny_videos
    video = str(root / open(lists['train']).readline().split()[0])
    for seed in range(4):
        views = [pretraining_views(Config.fromfile(f'{REPO_ROOT}/tests/configs/{name}'),
                                   video, seed)[0]
                 for name in ('tiny_vicreg.py', 'tiny_vicreg_device-aug.py')]
        assert views[0].shape == views[1].shape == (2, 3, 6, 24, 24)
        # Normalised by std 57-58: a level is about 0.017. OpenCV's rounding
        # depends on the CPU's SIMD kernels: 0.4-0.5 levels on the machine
        # that wrote this, 0.61 on another (seed 0).
        assert (views[0] - views[1]).abs().mean() < 0.8 / 57
