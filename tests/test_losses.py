"""Each loss against a plain re-derivation of the paper's equation."""
import math

import numpy as np
import pytest
import torch

from vididi_mm.models.losses import BYOLLoss, InfoNCELoss, VICRegLoss, byol_loss, infonce_loss


def pairs(batch=6, dim=5, seed=0):
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn(batch, dim, generator=gen, dtype=torch.float64)
    return z, z + 0.3 * torch.randn(batch, dim, generator=gen, dtype=torch.float64)


def cosine(a, b):
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def reference_infonce(z, zp, alpha):
    """Eq. (5) with loops: -1/(2B) sum_i [log softmax row i + log softmax column i]."""
    z, zp = z.numpy(), zp.numpy()
    b = len(z)
    s = [[cosine(z[i], zp[j]) for j in range(b)] for i in range(b)]
    total = 0.0
    for i in range(b):
        total += math.log(math.exp(s[i][i] / alpha) /
                          sum(math.exp(s[i][j] / alpha) for j in range(b)))
        total += math.log(math.exp(s[i][i] / alpha) /
                          sum(math.exp(s[j][i] / alpha) for j in range(b)))
    return -total / (2 * b)


def reference_vicreg(z, zp, lam, mu, nu, gamma, eps, reduction):
    """Eq. (8)-(11) with numpy, term by term."""
    z, zp = z.numpy(), zp.numpy()
    b, d = z.shape
    sq = ((z - zp)**2).sum(axis=1) / (d if reduction == 'mean' else 1)
    inv = sq.mean()

    def var(x):
        return np.mean([max(0.0, gamma - math.sqrt(np.var(x[:, j], ddof=1) + eps))
                        for j in range(d)])

    def cov(x):
        c = np.cov(x, rowvar=False)  # (D, D), 1/(B-1)
        return sum(c[i, j]**2 for i in range(d) for j in range(d) if i != j) / d

    return lam * inv, mu * (var(z) + var(zp)), nu * (cov(z) + cov(zp))


def test_infonce_matches_eq5():
    z, zp = pairs()
    assert infonce_loss(z, zp, 0.1).item() == pytest.approx(
        reference_infonce(z, zp, 0.1), rel=1e-10)


def test_byol_matches_eq7():
    p, t = pairs(seed=1)
    expected = np.mean([2 - 2 * cosine(p[i].numpy(), t[i].numpy()) for i in range(len(p))])
    assert byol_loss(p, t).item() == pytest.approx(expected, rel=1e-10)


def test_byol_target_gets_no_gradient():
    p, t = (x.requires_grad_() for x in pairs())
    byol_loss(p, t).backward()
    assert t.grad is None and p.grad is not None


@pytest.mark.parametrize('reduction', ['mean', 'sum'])
def test_vicreg_terms_match_eq8_to_11(reduction):
    z, zp = pairs(batch=7, dim=4, seed=2)
    z = z * torch.tensor([0.2, 1.0, 3.0, 0.05], dtype=torch.float64)  # some dims below gamma
    weights = dict(sim_weight=1.0, var_weight=1.0, cov_weight=0.05, gamma=1.0, eps=1e-4)
    terms = VICRegLoss(invariance_reduction=reduction, **weights)(z, zp)
    expected = reference_vicreg(z, zp, 1.0, 1.0, 0.05, 1.0, 1e-4, reduction)
    assert list(terms) == ['loss_invariance', 'loss_variance', 'loss_covariance']
    for got, want in zip(terms.values(), expected):
        assert got.item() == pytest.approx(want, rel=1e-9)
    assert expected[1] > 0 and expected[2] > 0  # every term is exercised


@pytest.mark.parametrize('loss', [
    lambda z, zp: infonce_loss(z, zp, 0.1),
    byol_loss,
    lambda z, zp: sum(VICRegLoss()(z, zp).values()),
], ids=['infonce', 'byol', 'vicreg'])
def test_gradients_match_finite_differences(loss):
    z, zp = pairs(batch=5, dim=4, seed=3)
    z.requires_grad_()
    zp.requires_grad_(loss is not byol_loss)  # BYOL's target is a constant
    assert torch.autograd.gradcheck(loss, (z, zp))


def test_shape_mismatch_is_a_clear_error():
    with pytest.raises(ValueError, match='two'):
        infonce_loss(torch.zeros(4, 3), torch.zeros(5, 3), 0.1)


def test_loss_modules_are_built_from_configs_with_the_papers_defaults():
    from mmaction.registry import MODELS
    vicreg = MODELS.build(dict(type='VICRegLoss'))
    assert (vicreg.sim_weight, vicreg.var_weight, vicreg.cov_weight, vicreg.gamma,
            vicreg.eps, vicreg.invariance_reduction, vicreg.gather) == (
                1.0, 1.0, 0.05, 1.0, 1e-4, 'mean', True)
    assert MODELS.build(dict(type='InfoNCELoss')).temperature == 0.1
    z, zp = pairs()
    assert MODELS.build(dict(type='InfoNCELoss'))(z, zp)['loss'].item() == pytest.approx(
        reference_infonce(z, zp, 0.1), rel=1e-10)


def test_byol_loss_module_sums_both_directions_of_eq7():
    p, pp = pairs(seed=4)
    t, tp = pairs(seed=5)
    expected = sum(np.mean([2 - 2 * cosine(a[i].numpy(), b[i].numpy())
                            for i in range(len(a))]) for a, b in ((p, tp), (pp, t)))
    assert BYOLLoss()(p, pp, t, tp)['loss'].item() == pytest.approx(expected, rel=1e-10)


def test_loss_arguments_are_checked_when_built():
    with pytest.raises(ValueError, match="invariance_reduction must be one of"):
        VICRegLoss(invariance_reduction='max')
    with pytest.raises(ValueError, match='temperature must be positive'):
        InfoNCELoss(temperature=0)
