"""ViDiDi's training step against the same model with the Base schedule, on CPU.

    python benchmarks/bench_vididi_step.py [--batch 2] [--size 112] [--repeats 3]

Builds the VICReg R3D-18 model of configs/vididi/vididi-vicreg_r3d18_ucf101.py and
times full training steps (data preprocessor, views, forward, backward, LARS
step) on one random batch of clip pairs, for Base (V, V') and for each pair of
derivative orders ViDiDi feeds. It also times the differencing alone
(``make_views``), the only work ViDiDi adds. Prints a Markdown table.
"""
import argparse
import time

import torch
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope

import vididi_mm  # noqa: F401
from mmaction.registry import MODELS

CONFIG = 'configs/vididi/vididi-vicreg_r3d18_ucf101.py'
# ViDiDi's pairs (Alg. 1) with and without the extra differentiation; each
# occurs with probability 1/8 over a run.
VIDIDI_ORDERS = [(1, 1), (1, 0), (0, 1), (0, 0), (2, 2), (2, 1), (1, 2), (1, 1)]


def step_seconds(model, optim, batch, orders, repeats):
    model.set_view_orders(*orders)
    times = []
    for _ in range(repeats + 1):  # the first run warms up
        start = time.perf_counter()
        data = model.data_preprocessor(batch, training=True)
        losses = model(data['inputs'], mode='loss')
        optim.update_params(sum(v for k, v in losses.items() if 'loss' in k))
        times.append(time.perf_counter() - start)
    return min(times[1:])


def views_seconds(model, inputs, orders, repeats=20):
    model.set_view_orders(*orders)
    start = time.perf_counter()
    for _ in range(repeats):
        model.make_views(inputs)
    return (time.perf_counter() - start) / repeats


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--batch', type=int, default=2)
    parser.add_argument('--size', type=int, default=112)
    parser.add_argument('--frames', type=int, default=8)
    parser.add_argument('--repeats', type=int, default=3)
    args = parser.parse_args()

    init_default_scope('mmaction')
    cfg = Config.fromfile(CONFIG)
    cfg.model.data_preprocessor.augment = False  # random clips, no augmentation rows
    model = MODELS.build(cfg.model)
    model.init_weights()
    model.train()
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    torch.manual_seed(0)
    shape = (2, 3, args.frames, args.size, args.size)
    batch = dict(inputs=[torch.randint(0, 256, shape, dtype=torch.uint8).float()
                         for _ in range(args.batch)], data_samples=None)

    base = step_seconds(model, optim, batch, (0, 0), args.repeats)
    rows = [('Base (V, V\')', (0, 0), base)]
    vididi = {}
    for orders in sorted(set(VIDIDI_ORDERS)):
        vididi[orders] = step_seconds(model, optim, batch, orders, args.repeats)
        rows.append((f'ViDiDi orders {orders}', orders, vididi[orders]))
    mean_vididi = sum(vididi[o] for o in VIDIDI_ORDERS) / len(VIDIDI_ORDERS)
    inputs = model.data_preprocessor(batch, training=True)['inputs']
    diff_cost = max(views_seconds(model, inputs, o) - views_seconds(model, inputs, (0, 0))
                    for o in VIDIDI_ORDERS)

    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads, batch '
          f'{args.batch} clip pairs of {args.frames}x{args.size}x{args.size}, '
          'VICReg R3D-18, LARS\n')
    print('| input pair | step (s) | vs Base |')
    print('|---|---|---|')
    for name, _, seconds in rows:
        print(f'| {name} | {seconds:.3f} | {seconds / base - 1:+.1%} |')
    print(f'| ViDiDi, averaged over its schedule | {mean_vididi:.3f} | '
          f'{mean_vididi / base - 1:+.1%} |')
    print(f'\nDifferencing alone (worst pair, make_views minus Base\'s): '
          f'{diff_cost * 1e3:.2f} ms = {diff_cost / base:.2%} of a Base step')


if __name__ == '__main__':
    main()
