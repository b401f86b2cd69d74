"""BatchNorm statistics re-estimated on raw clips, and the collapse statistics."""
import math

import pytest
import torch
from torch import nn

from vididi_mm.engine import reestimate_bn_stats
from vididi_mm.evaluation import collapse_summary, effective_rank, per_dimension_std


def test_reestimated_statistics_are_the_average_over_raw_clips():
    torch.manual_seed(0)
    conv = nn.Conv3d(3, 4, 3, padding=1)
    backbone = nn.Sequential(conv, nn.BatchNorm3d(4, momentum=0.1), nn.ReLU())
    backbone[1].running_mean.fill_(7.)  # as trained on something else
    batches = [dict(inputs=torch.randn(5, 2, 3, 4, 6, 6) * (i + 1) + i) for i in range(3)]

    used = reestimate_bn_stats(backbone, iter(batches), lambda data: data)

    assert used == 3
    # By hand: every view of every batch is one BatchNorm batch.
    with torch.no_grad():
        outputs = [conv(b['inputs'][:, v]) for b in batches for v in range(2)]
    means = torch.stack([o.mean(dim=(0, 2, 3, 4)) for o in outputs])
    variances = torch.stack([o.transpose(0, 1).flatten(1).var(dim=1) for o in outputs])
    bn = backbone[1]
    torch.testing.assert_close(bn.running_mean, means.mean(0), rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(bn.running_var, variances.mean(0), rtol=1e-5, atol=1e-5)
    assert bn.momentum == 0.1 and backbone.training  # restored
    assert not conv.weight.grad  # weights untouched, nothing to learn


def test_reestimation_stops_after_num_batches_and_needs_one():
    backbone = nn.Sequential(nn.Conv3d(3, 2, 1), nn.BatchNorm3d(2))
    batches = [dict(inputs=torch.randn(2, 2, 3, 2, 2, 2)) for _ in range(5)]
    assert reestimate_bn_stats(backbone, iter(batches), lambda d: d, num_batches=2) == 2
    assert int(backbone[1].num_batches_tracked) == 4  # 2 batches x 2 views
    with pytest.raises(ValueError, match='no batch'):
        reestimate_bn_stats(backbone, iter([]), lambda d: d)


def test_effective_rank_by_hand():
    # Two orthogonal, centred directions with singular values 3 and 1:
    # p = (3/4, 1/4), effective rank exp(H(p)).
    basis, _ = torch.linalg.qr(torch.cat([torch.ones(10, 1), torch.randn(10, 2)], 1).double())
    feats = basis[:, 1:] @ torch.diag(torch.tensor([3., 1.]).double())
    feats = feats @ torch.tensor([[0.6, 0.8, 0.], [-0.8, 0.6, 0.]]).double()  # into 3-D
    expected = math.exp(-(0.75 * math.log(0.75) + 0.25 * math.log(0.25)))
    assert effective_rank(feats) == pytest.approx(expected, rel=1e-9)
    # Complete collapse: one point; one line.
    assert effective_rank(torch.ones(8, 4) + torch.arange(8.)[:, None]) == pytest.approx(1.0)


def test_collapse_summary():
    feats = torch.tensor([[0., 1.], [2., 1.], [4., 1.]])
    summary = collapse_summary(feats)
    assert summary['std_max'] == pytest.approx(2.0) and summary['std_min'] == 0.0
    assert summary['std_mean'] == pytest.approx(1.0) and summary['samples'] == 3
    torch.testing.assert_close(per_dimension_std(feats), torch.tensor([2., 0.]).double())
    with pytest.raises(ValueError):
        per_dimension_std(torch.ones(1, 3))
