"""LARS: layer-wise adaptive rate scaling, for large-batch pre-training."""
from typing import Iterable

import torch
from torch.optim.optimizer import Optimizer
from mmaction.registry import OPTIMIZERS


@OPTIMIZERS.register_module()
class LARS(Optimizer):
    """SGD with momentum and a per-tensor trust ratio (You et al., 2017).

    The recipe of App. B.3 (as in SimCLR, BYOL and VICReg): for each weight
    tensor ``w`` with gradient ``g``, ``g <- g + wd * w`` and then
    ``g <- eta * ||w|| / ||g|| * g`` (the trust ratio, 1 where either norm
    is 0), followed by heavy-ball momentum. Biases and normalisation
    parameters, the one-dimensional tensors, are excluded from both weight
    decay and the trust ratio when ``exclude_1d`` is True; a parameter group
    may also set ``lars_exclude`` explicitly.

    Args:
        params: Parameters or parameter groups.
        lr (float): Learning rate.
        momentum (float): Defaults to 0.9.
        weight_decay (float): Defaults to 1e-6.
        eta (float): Trust coefficient. Defaults to 0.001.
        exclude_1d (bool): Exclude 1-D tensors (biases, norm weights).
            Defaults to True.
    """

    def __init__(self,
                 params: Iterable,
                 lr: float,
                 momentum: float = 0.9,
                 weight_decay: float = 1e-6,
                 eta: float = 0.001,
                 exclude_1d: bool = True) -> None:
        if lr < 0 or momentum < 0 or weight_decay < 0 or eta <= 0:
            raise ValueError('lr, momentum and weight_decay must be >= 0, '
                             'eta > 0')
        defaults = dict(lr=lr, momentum=momentum, weight_decay=weight_decay,
                        eta=eta, exclude_1d=exclude_1d, lars_exclude=None)
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group['params']:
                if p.grad is None:
                    continue
                grad = p.grad
                excluded = group['lars_exclude']
                if excluded is None:
                    excluded = group['exclude_1d'] and p.ndim <= 1
                if not excluded:
                    if group['weight_decay']:
                        grad = grad.add(p, alpha=group['weight_decay'])
                    w_norm, g_norm = torch.norm(p), torch.norm(grad)
                    trust = torch.where(
                        (w_norm > 0) & (g_norm > 0),
                        group['eta'] * w_norm / g_norm, torch.ones_like(w_norm))
                    grad = grad * trust
                state = self.state[p]
                if 'momentum_buffer' not in state:
                    state['momentum_buffer'] = torch.clone(grad).detach()
                else:
                    state['momentum_buffer'].mul_(group['momentum']).add_(grad)
                p.add_(state['momentum_buffer'], alpha=-group['lr'])
        return loss
