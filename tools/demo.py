"""The main job (`make demo`): ViDiDi-VICReg against plain VICReg on synthetic dynamics.

    python tools/demo.py [--seeds 0 1 2] [--work-dir work_dirs/demo] [--data-dir data/synthetic_dynamics]

1. generates the synthetic dynamics dataset if it is absent (tools/data/synthetic);
2. pre-trains ViDiDi-VICReg and the VICReg baseline with the same budget and seed
   (configs/demo/, tools/train.py);
3. evaluates kNN retrieval of both (tools/test.py, configs/demo/retrieval_*.py);
4. prints the top-1/5/10 table (mean and standard deviation over seeds when
   there are several) and writes t-SNE pictures of both encoders' test features
   and the loss curves under the work dir.
"""
import argparse
import glob
import json
import os
import os.path as osp
import re
import subprocess
import sys
import time

import numpy as np

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
METHODS = {  # name -> pre-training config
    'ViDiDi-VICReg': 'configs/demo/vididi-vicreg_r3d18-quarter_synthetic.py',
    'VICReg': 'configs/demo/vicreg_r3d18-quarter_synthetic.py',
}
RETRIEVAL = 'configs/demo/retrieval_r3d18-quarter_synthetic.py'
TOPK = ('top1', 'top5', 'top10')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', type=int, nargs='+', default=[0])
    parser.add_argument('--work-dir', default='work_dirs/demo')
    parser.add_argument('--data-dir', default='data/synthetic_dynamics')
    parser.add_argument('--videos-per-class', type=int, nargs=3, default=[40, 5, 20],
                        metavar=('TRAIN', 'VAL', 'TEST'))
    parser.add_argument('--num-frames', type=int, default=32)
    parser.add_argument('--size', type=int, default=64)
    parser.add_argument('--shortcut-prob', type=float, default=0.8,
                        help='when generating: how often a training video\'s '
                        'background hue follows its class (default: 0.8)')
    parser.add_argument('--epochs', type=int, default=None,
                        help='pre-training epochs (default: the configs\', 24)')
    parser.add_argument('--batch-size', type=int, default=None,
                        help='pre-training batch (default: the configs\', 16)')
    parser.add_argument('--workers', type=int, default=None,
                        help='data workers per loader (default: the configs\', 2)')
    return parser.parse_args()


def say(message):
    print(f'[demo {time.strftime("%H:%M:%S")}] {message}', flush=True)


def run_tool(tool, args, log_path, show=None):
    """Run a tool in its own process, its output to log_path; echo lines matching show."""
    os.makedirs(osp.dirname(log_path), exist_ok=True)
    cmd = [sys.executable, osp.join(ROOT, 'tools', tool), *map(str, args)]
    with open(log_path, 'w') as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, cwd=ROOT)
        for line in proc.stdout:
            log.write(line)
            if show and re.search(show, line):
                print('    ' + line.split(' - ')[-1].rstrip(), flush=True)
        code = proc.wait()
    if code != 0:
        with open(log_path) as log:
            tail = ''.join(log.readlines()[-30:])
        raise SystemExit(f'{tool} failed (exit {code}); log: {log_path}\n{tail}')
    with open(log_path) as log:
        return log.read()


def loss_curve(work_dir):
    """(iteration, loss) pairs from MMEngine's LocalVisBackend scalars."""
    points = []
    for path in glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')):
        with open(path) as f:
            for line in f:
                entry = json.loads(line)
                if 'loss' in entry:
                    points.append((entry['step'], entry['loss']))
    return sorted(points)


def main():
    args = parse_args()
    os.chdir(ROOT)
    os.makedirs(args.work_dir, exist_ok=True)
    start = time.time()

    lists = {s: osp.join(args.data_dir, f'{s}_list.txt') for s in ('train', 'val', 'test')}
    if all(osp.isfile(p) for p in lists.values()):
        say(f'1/4 data: using {args.data_dir}')
    else:
        say(f'1/4 data: generating the synthetic dynamics videos in {args.data_dir}')
        from vididi_mm.datasets import generate_dataset
        generate_dataset(args.data_dir, videos_per_class=args.videos_per_class,
                         num_frames=args.num_frames, size=args.size,
                         shortcut_prob=args.shortcut_prob, progress=True)

    data_options = [f'train_dataloader.dataset.ann_file={lists["train"]}',
                    f'train_dataloader.dataset.data_prefix.video={args.data_dir}']
    if args.epochs:
        data_options += [f'train_cfg.max_epochs={args.epochs}',
                         f'param_scheduler.0.T_max={args.epochs}',
                         f'param_scheduler.0.end={args.epochs}']
    if args.batch_size:
        data_options.append(f'train_dataloader.batch_size={args.batch_size}')
    if args.workers is not None:
        data_options += [f'train_dataloader.num_workers={args.workers}',
                         f'train_dataloader.persistent_workers={args.workers > 0}']
    test_options = [
        f'test_dataloader.dataset.datasets.0.ann_file={lists["train"]}',
        f'test_dataloader.dataset.datasets.0.data_prefix.video={args.data_dir}',
        f'test_dataloader.dataset.datasets.1.ann_file={lists["test"]}',
        f'test_dataloader.dataset.datasets.1.data_prefix.video={args.data_dir}']
    if args.workers is not None:
        test_options.append(f'test_dataloader.num_workers={args.workers}')

    results = {name: [] for name in METHODS}
    for seed in args.seeds:
        for name, config in METHODS.items():
            work_dir = osp.join(args.work_dir, f'seed{seed}', name)
            say(f'2/4 pre-training {name} (seed {seed}): {config}')
            run_tool('train.py', [config, '--work-dir', work_dir, '--seed', seed,
                                  '--cfg-options', *data_options],
                     work_dir + '.train.log', show=r'ViewScheduleHook: epoch')
            with open(osp.join(work_dir, 'last_checkpoint')) as f:
                checkpoint = f.read().strip()
            say(f'3/4 retrieval of {name} (seed {seed})')
            dump = osp.join(work_dir, 'retrieval_features.npz')
            log = run_tool('test.py', [RETRIEVAL, checkpoint, '--work-dir', work_dir,
                                       '--cfg-options', *test_options,
                                       f'test_evaluator.dump_file={dump}'],
                           work_dir + '.retrieval.log')
            recall = {k: float(v) for k, v in re.findall(r'retrieval/(top\d+): ([\d.]+)', log)}
            results[name].append(dict(seed=seed, work_dir=work_dir, dump=dump, **recall))

    say('4/4 report')
    report(args, results)
    say(f'done in {(time.time() - start) / 60:.1f} min; results under {args.work_dir}')


def report(args, results):
    from vididi_mm.evaluation import plot_tsne

    header = '| method | ' + ' | '.join(TOPK) + ' |'
    lines = [header, '|---|' + '---|' * len(TOPK)]
    for name, runs in results.items():
        cells = []
        for k in TOPK:
            values = np.array([r[k] for r in runs])
            cells.append(f'{values.mean():.1f}' if len(values) == 1
                         else f'{values.mean():.1f} ± {values.std(ddof=1):.1f}')
        lines.append(f'| {name} | ' + ' | '.join(cells) + ' |')
    seeds = ', '.join(map(str, args.seeds))
    table = '\n'.join(lines)
    print(f'\nkNN retrieval on the synthetic test split (recall %, seeds {seeds}):\n\n{table}\n')
    with open(osp.join(args.work_dir, 'results.md'), 'w') as f:
        f.write(table + '\n')
    with open(osp.join(args.work_dir, 'results.json'), 'w') as f:
        json.dump(results, f, indent=2)

    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    with open(osp.join(args.data_dir, 'classes.txt')) as f:
        class_names = f.read().split()
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, runs in results.items():
        first = runs[0]
        data = np.load(first['dump'])
        query = data['splits'] == 'query'
        path = osp.join(args.work_dir, f'tsne_{name}.png')
        plot_tsne(data['features'][query], data['labels'][query],
                  sorted(set(data['labels'][query].tolist())), path, class_names,
                  title=f'{name}, test split (seed {first["seed"]})')
        print(f'wrote {path}')
        points = loss_curve(first['work_dir'])
        if points:
            ax.plot(*zip(*points), label=name)
    ax.set_xlabel('iteration')
    ax.set_ylabel('VICReg loss')
    ax.legend()
    fig.tight_layout()
    path = osp.join(args.work_dir, 'loss_curves.png')
    fig.savefig(path, dpi=120)
    print(f'wrote {path}')


if __name__ == '__main__':
    main()
