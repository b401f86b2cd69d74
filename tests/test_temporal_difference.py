"""Temporal differences (eq. 3-4) against hand-computed values."""
import numpy as np
import pytest
import torch
from mmaction.registry import MODELS

from vididi_mm.temporal_derivative import temporal_difference
from vididi_mm.datasets.transforms import TemporalDifference


def test_hand_computed_orders_numpy_and_torch():
    # V(n) = n^2 + 1: dV(n) = 2n + 1, d2V(n) = 2.
    values = np.array([1., 2., 5., 10., 17.])
    assert temporal_difference(values, 0, dim=0).tolist() == values.tolist()
    assert temporal_difference(values, 1, dim=0).tolist() == [1., 3., 5., 7.]
    assert temporal_difference(values, 2, dim=0).tolist() == [2., 2., 2.]
    batch = torch.tensor(values).view(1, 1, 5, 1, 1).repeat(2, 3, 1, 2, 2)
    d2 = temporal_difference(batch, 2, dim=2)
    assert d2.shape == (2, 3, 3, 2, 2)
    assert torch.equal(d2, torch.full_like(d2, 2.))
    # eq. (4) written out: V(n+2) - 2 V(n+1) + V(n).
    x = torch.randn(4, 3, 6, 5, 5, dtype=torch.float64)
    expected = x[:, :, 2:] - 2 * x[:, :, 1:-1] + x[:, :, :-2]
    torch.testing.assert_close(temporal_difference(x, 2, dim=2), expected)
    torch.testing.assert_close(temporal_difference(x, 1, dim=-3),
                               x[:, :, 1:] - x[:, :, :-1])


@pytest.mark.parametrize('clip, order, error', [
    (np.zeros(5, np.uint8), 1, TypeError),
    (np.zeros(5), 3, ValueError),
    (np.zeros(2), 2, ValueError),
])
def test_bad_input_is_refused(clip, order, error):
    with pytest.raises(error):
        temporal_difference(clip, order, dim=0)


@pytest.mark.parametrize('order', [0, 1, 2])
def test_transform_agrees_with_the_batched_path(order):
    mean, std = [123.675, 116.28, 103.53], [58.395, 57.12, 57.375]
    rng = np.random.default_rng(order)
    num_clips, clip_len = 2, 6
    frames = [rng.integers(0, 256, (5, 7, 3), dtype=np.uint8)
              for _ in range(num_clips * clip_len)]

    # (a) in the pipeline, then MMAction2's FormatShape.
    from mmaction.datasets.transforms import FormatShape
    results = TemporalDifference(order, mean, std).transform(
        dict(imgs=list(frames), num_clips=num_clips, clip_len=clip_len))
    assert results['clip_len'] == clip_len - order
    packed = FormatShape('NCTHW').transform(results)['imgs']  # (2, C, T-k, H, W)

    # (b) on the model's side: MMAction2's data preprocessor, then the batch.
    preprocessor = MODELS.build(dict(type='ActionDataPreprocessor', mean=mean,
                                     std=std, format_shape='NCTHW'))
    raw = FormatShape('NCTHW').transform(
        dict(imgs=list(frames), num_clips=num_clips, clip_len=clip_len))['imgs']
    batch = preprocessor(dict(inputs=[torch.from_numpy(raw)], data_samples=None))
    batched = temporal_difference(batch['inputs'][0], order, dim=2)
    torch.testing.assert_close(torch.from_numpy(packed), batched,
                               rtol=1e-5, atol=1e-5)
