"""LARS: layer-wise adaptive rate scaling, for large-batch pre-training."""
from typing import Iterable, List

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
            params = [p for p in group['params'] if p.grad is not None]
            if params:
                self._update_group(group, params)
        return loss

    def _update_group(self, group: dict, params: List[torch.Tensor]) -> None:
        """One step for a parameter group, a few multi-tensor (``_foreach``)
        operations for all its tensors: on a GPU, a handful of kernel launches
        instead of about ten per tensor, so that the optimizer does not leave
        the device idle between steps. Same arithmetic as one tensor at a time
        (bit for bit on the CPU, ``test_lars.py``)."""
        updates = [p.grad for p in params]
        excluded = group['lars_exclude']
        adapted = [i for i, p in enumerate(params)
                   if not (excluded if excluded is not None
                           else group['exclude_1d'] and p.ndim <= 1)]
        if adapted:
            weights = [params[i] for i in adapted]
            grads = [updates[i] for i in adapted]
            if group['weight_decay']:
                grads = torch._foreach_add(grads, weights, alpha=group['weight_decay'])
            w_norm = torch.stack(torch._foreach_norm(weights))
            g_norm = torch.stack(torch._foreach_norm(grads))
            # The trust ratio, 1 where either norm is 0.
            trust = torch.where((w_norm > 0) & (g_norm > 0), group['eta'] * w_norm / g_norm,
                                torch.ones_like(w_norm))
            for i, grad in zip(adapted, torch._foreach_mul(grads, list(trust.unbind()))):
                updates[i] = grad
        states = [self.state[p] for p in params]
        stepped = [i for i, state in enumerate(states) if 'momentum_buffer' in state]
        if stepped:
            buffers = [states[i]['momentum_buffer'] for i in stepped]
            torch._foreach_mul_(buffers, group['momentum'])
            torch._foreach_add_(buffers, [updates[i] for i in stepped])
        for state, update in zip(states, updates):
            if 'momentum_buffer' not in state:  # its first step with a gradient
                state['momentum_buffer'] = torch.clone(update).detach()
        torch._foreach_add_(params, [state['momentum_buffer'] for state in states],
                            alpha=-group['lr'])
