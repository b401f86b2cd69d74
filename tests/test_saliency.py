"""Saliency (Fig. 5): shapes, a hand-built motion encoder, masses against masks."""
import numpy as np
import pytest
import torch
from torch import nn
from mmaction.registry import MODELS

from tools.analysis.saliency_maps import (SALIENCY_METHODS, dilate, mask_masses,
                                         saliency_mass)


@pytest.mark.parametrize('method', sorted(SALIENCY_METHODS))
def test_saliency_maps_are_finite_and_shaped_like_the_clips(method):
    torch.manual_seed(0)
    backbone = MODELS.build(dict(type='PlainConv3d', base_channels=4)).eval()
    clips = torch.randn(3, 3, 8, 32, 32)
    maps = SALIENCY_METHODS[method](backbone, clips)
    assert maps.shape == (3, 8, 32, 32)
    assert torch.isfinite(maps).all() and (maps >= 0).all() and maps.sum() > 0
    assert all(p.grad is None for p in backbone.parameters())


class MotionOnlyEncoder(nn.Module):
    """|frame difference| of each colour, pooled 4x4: blind to anything static."""

    def forward(self, clips):
        change = (clips[:, :, 1:] - clips[:, :, :-1]).abs()
        return nn.functional.avg_pool3d(change, (1, 4, 4))


class StaticOnlyEncoder(nn.Module):
    """Colour, pooled 4x4: sees the scene, not what moves in it."""

    def forward(self, clips):
        return nn.functional.avg_pool3d(clips.relu(), (1, 4, 4))


def moving_square_clip(size=48, length=8, side=6):
    """A square crossing a static random texture; returns the clip and its mask."""
    rng = np.random.default_rng(0)
    texture = rng.uniform(0, 1, (3, 1, size, size)).repeat(length, axis=1)
    clip, mask = texture.copy(), np.zeros((length, size, size), bool)
    for t in range(length):
        x = 8 + 4 * t
        clip[:, t, 20:20 + side, x:x + side] = 2.0
        mask[t, 20:20 + side, x:x + side] = True
    return torch.from_numpy(clip).float()[None], mask


@pytest.mark.parametrize('method', sorted(SALIENCY_METHODS))
def test_a_motion_only_encoder_is_salient_on_the_moving_square(method):
    clip, mask = moving_square_clip()
    near_square = dilate(mask, 4)  # the encoder's 4-pixel cells blur the edges
    near_path = np.broadcast_to(near_square.any(axis=0), mask.shape)
    zero = torch.zeros(3)  # mu = 0: the embedding itself is the target
    moving = SALIENCY_METHODS[method](MotionOnlyEncoder(), clip, zero)[0].numpy()
    # A frame difference sees the square in two frames; upsampling the 7
    # differences to 8 frames spreads some mass to the neighbouring frame's square.
    assert saliency_mass(moving, near_square) > 0.85 > 0.3 > near_path.mean()
    assert saliency_mass(moving, near_path) > 0.99
    # The same measure does not credit an encoder of the static scene.
    static = SALIENCY_METHODS[method](StaticOnlyEncoder(), clip, zero)[0].numpy()
    assert saliency_mass(static, near_square) < 0.5


def test_mask_masses_against_hand_computed_shares():
    mask = np.zeros((4, 8, 8), bool)
    for t in range(4):
        mask[t, 2, t] = True  # one pixel moving right
    frame_inds = np.array([[0, 1], [2, 3]])
    uniform = np.ones((2, 2, 8, 8))
    shares = mask_masses(uniform, mask, frame_inds, band=1)
    assert shares['object'] == pytest.approx(1 / 64) == shares['object_area']
    assert shares['path'] == pytest.approx(2 / 64)  # two positions per clip
    assert shares['band'] == pytest.approx(shares['band_area'])
    on_object = np.stack([mask[inds] for inds in frame_inds]).astype(float)
    assert mask_masses(on_object, mask, frame_inds)['object'] == pytest.approx(1.0)
    # Masks at another resolution are resized to the maps'.
    big = mask.repeat(2, axis=1).repeat(2, axis=2)
    assert mask_masses(on_object, big, frame_inds)['object'] == pytest.approx(1.0)
    with pytest.raises(ValueError, match='frame'):
        mask_masses(uniform, mask[:2], frame_inds)
