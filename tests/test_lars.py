"""LARS against a step computed by hand."""
import pytest
import torch

from vididi_mm.engine import LARS


def test_two_steps_by_hand():
    weight = torch.nn.Parameter(torch.tensor([[3.0, 4.0]]))  # |w| = 5
    bias = torch.nn.Parameter(torch.tensor([1.0]))
    opt = LARS([weight, bias], lr=0.5, momentum=0.9, weight_decay=0.1, eta=0.01)
    g_w, g_b = torch.tensor([[0.6, -0.8]]), torch.tensor([2.0])

    weight.grad, bias.grad = g_w.clone(), g_b.clone()
    opt.step()
    # weight: g + wd w = [0.9, -0.4]; trust = eta |w| / |g'| = 0.05 / sqrt(0.97)
    g1 = torch.tensor([[0.9, -0.4]])
    trust1 = 0.01 * 5.0 / (0.97 ** 0.5)
    w1 = torch.tensor([[3.0, 4.0]]) - 0.5 * trust1 * g1
    torch.testing.assert_close(weight.data, w1)
    # bias: 1-D, so no decay and no trust ratio: plain SGD.
    torch.testing.assert_close(bias.data, torch.tensor([0.0]))

    weight.grad, bias.grad = g_w.clone(), g_b.clone()
    opt.step()
    g2 = g_w + 0.1 * w1
    trust2 = 0.01 * w1.norm() / g2.norm()
    buf = 0.9 * trust1 * g1 + trust2 * g2
    torch.testing.assert_close(weight.data, w1 - 0.5 * buf)
    torch.testing.assert_close(bias.data, torch.tensor([0.0 - 0.5 * (0.9 * 2.0 + 2.0)]))


def test_group_can_opt_out_and_zero_weights_are_safe():
    weight = torch.nn.Parameter(torch.zeros(2, 2))
    opt = LARS([dict(params=[weight], lars_exclude=True)], lr=1.0, momentum=0.0)
    weight.grad = torch.ones(2, 2)
    opt.step()
    torch.testing.assert_close(weight.data, -torch.ones(2, 2))

    zero = torch.nn.Parameter(torch.zeros(2, 2))
    opt = LARS([zero], lr=1.0, momentum=0.0, weight_decay=0.0)
    zero.grad = torch.ones(2, 2)
    opt.step()  # |w| = 0: trust ratio 1, not a division by zero
    torch.testing.assert_close(zero.data, -torch.ones(2, 2))


def test_bad_arguments():
    with pytest.raises(ValueError):
        LARS([torch.nn.Parameter(torch.zeros(1))], lr=-1.0)


def reference_step(params, state, lr, momentum, weight_decay, eta, exclude):
    """LARS one tensor at a time, with the same operations (hence roundings)
    as the multi-tensor step; the arithmetic itself is checked by hand above."""
    for p in params:
        if p.grad is None:
            continue
        grad = p.grad
        if not exclude(p):
            grad = grad.add(p, alpha=weight_decay) if weight_decay else grad
            w_norm, g_norm = torch.norm(p), torch.norm(grad)
            if w_norm > 0 and g_norm > 0:
                grad = grad * (eta * w_norm / g_norm)
        if p in state:
            state[p].mul_(momentum).add_(grad)
        else:
            state[p] = grad.clone()
        p.add_(state[p], alpha=-lr)


def test_the_multi_tensor_step_is_the_one_tensor_step_bit_for_bit():
    torch.manual_seed(0)
    shapes = [(8, 3, 3, 3, 3), (8,), (16, 8), (16,), (4, 16), (1, 1, 1)]
    params = [torch.nn.Parameter(torch.randn(s)) for s in shapes]
    params[5].data.zero_()  # a zero weight: trust ratio 1
    reference = [p.detach().clone() for p in params]
    opt = LARS([dict(params=params[:5]), dict(params=params[5:], weight_decay=0.0)],
               lr=0.3, momentum=0.9, weight_decay=1e-2, eta=0.02)
    state, late = {}, params[2].detach().clone()
    for step in range(4):
        grads = [torch.randn(s) for s in shapes]
        for i, (p, r, g) in enumerate(zip(params, reference, grads)):
            # The (16, 8) weight gets its first gradient at the third step.
            p.grad = None if i == 2 and step < 2 else g.clone()
            r.grad = p.grad
        opt.step()
        with torch.no_grad():
            reference_step(reference[:5], state, 0.3, 0.9, 1e-2, 0.02, lambda p: p.ndim <= 1)
            reference_step(reference[5:], state, 0.3, 0.9, 0.0, 0.02, lambda p: p.ndim <= 1)
        for p, r in zip(params, reference):
            assert torch.equal(p.data, r), f'step {step}, shape {tuple(p.shape)}'
        # Untouched until its first gradient, then stepped with the others.
        assert torch.equal(params[2].data, late) == (step < 2)
