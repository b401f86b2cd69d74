"""Operations per optimizer step and per BYOL target update, and their CPU time.

    python benchmarks/bench_optimizer_ops.py [--repeats 5]

Builds the BYOL R3D-18 model of configs/vididi/vididi-byol_r3d18_ucf101.py with
its optimizer (LARS through the config's optim_wrapper: weight decay and the
trust ratio off for biases and norms) and counts the ATen operations that one
LARS step and one target update dispatch, each of which is at least one kernel
launch on a GPU, where a step of hundreds of tiny launches leaves the device
idle while Python issues them. Compared: the package's multi-tensor step (all
tensors of a parameter group in a few ``_foreach`` operations) against the same
optimizer with one parameter group per tensor, which issues exactly the
operations of a one-tensor-at-a-time loop; and the target's multi-tensor
``lerp`` against one ``lerp_`` per tensor. The CPU times are for scale only:
on a CPU the arithmetic on 33 M parameters dominates, not the launches.
"""
import argparse
import time

import torch
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope
from torch.utils._python_dispatch import TorchDispatchMode

import vididi_mm  # noqa: F401
from mmaction.registry import MODELS

CONFIG = 'configs/vididi/vididi-byol_r3d18_ucf101.py'


class CountOps(TorchDispatchMode):
    """Counts the ATen operations dispatched inside it."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.count += 1
        return func(*args, **(kwargs or {}))


def measure(fn, repeats):
    """(operations of one call after a first one, which for LARS also makes
    the momentum buffers; best seconds of ``repeats`` calls)."""
    fn()
    with CountOps() as ops:
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return ops.count, min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeats', type=int, default=5)
    args = parser.parse_args()
    init_default_scope('mmaction')
    torch.manual_seed(0)
    cfg = Config.fromfile(CONFIG)
    model = MODELS.build(cfg.model)
    model.init_weights()
    params = [p for p in model.parameters() if p.requires_grad]
    for p in params:
        p.grad = torch.randn_like(p) * 1e-3
    rows = []
    optim = build_optim_wrapper(model, cfg.optim_wrapper).optimizer
    rows.append(('LARS step, multi-tensor (the package)', *measure(optim.step, args.repeats)))
    per_tensor = type(optim)(
        [dict(group, params=[p]) for group in optim.param_groups for p in group['params']],
        lr=optim.defaults['lr'])
    rows.append(('LARS step, one tensor at a time', *measure(per_tensor.step, args.repeats)))
    online = torch.nn.ModuleList([model.backbone, model.neck])
    target = model.target_net
    target.set_progress(1, 10)
    rows.append(('BYOL target update, multi-tensor (the package)',
                 *measure(lambda: target.update_parameters(online), args.repeats)))

    @torch.no_grad()
    def one_by_one():
        for averaged, source in zip([*target.module.parameters(), *target.module.buffers()],
                                    [*online.parameters(), *online.buffers()]):
            if averaged.is_floating_point():
                averaged.lerp_(source, 1 - target.momentum)
    rows.append(('BYOL target update, one tensor at a time',
                 *measure(one_by_one, args.repeats)))
    print(f'{CONFIG}: {len(params)} trained tensors, '
          f'{sum(p.numel() for p in params) / 1e6:.1f} M parameters')
    print('| operation | ATen operations | CPU ms (best of {}) |'.format(args.repeats))
    print('|---|---|---|')
    for name, ops, seconds in rows:
        print(f'| {name} | {ops} | {seconds * 1000:.1f} |')


if __name__ == '__main__':
    main()
