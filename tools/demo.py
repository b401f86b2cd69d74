"""The main job (`make demo`): ViDiDi against plain instance discrimination on synthetic dynamics.

    python tools/demo.py [--seeds 0 1 2] [--work-dir work_dirs/demo] # make demo
    python tools/demo.py --full                                      # make demo-full

1. generates the synthetic dynamics dataset unless the data folder holds the
   one asked for (tools/data/synthetic; 400 training videos per class, 200 per
   class in validation and test, static scenes from a pool of 40; its
   generation.json records the settings);
2. pre-trains each method with the same small-scale recipe and seed (configs/demo/,
   tools/train.py): by default ViDiDi-VICReg and VICReg; with ``--full`` Table 3 in
   miniature (SimCLR, BYOL, VICReg, each with and without ViDiDi) and Table 6 in
   miniature (VICReg under the view schedules of configs/_base_/view_schedules/);
   seeds 0, 1, 2, runs side by side on one torch thread each (--jobs, --threads);
3. evaluates kNN retrieval of every encoder and of a randomly initialised one, the
   floor any method must beat (tools/test.py, configs/demo/retrieval_*.py); with
   ``--full`` (or ``--diagnosis``, ``--saliency``) also how close each encoder is
   to collapse (tools/analysis/pretrain_diagnosis.py) and the share of its
   saliency that falls on the moving ball (Fig. 5 measured;
   tools/analysis/saliency.py against the generator's ball masks);
4. prints the tables (mean ± standard deviation over seeds) and each ViDiDi
   method against its base seed by seed (mean difference, its spread, the
   queries' sampling error, ahead in every seed or not), and writes results.md,
   results.json, t-SNE pictures of the query features, the loss curves per term,
   the online kNN top-1 on the validation split against epoch (measured while
   pre-training, configs/_base_/online_knn/synthetic.py) and, with several
   seeds, a bar chart with error bars under the work dir.

Queries come from the test split; ``--split val`` takes them from the validation
split instead, which is where a recipe is chosen (its report: results_val.md and
so on, beside the test split's).
"""
import argparse
import glob
import json
import os
import os.path as osp
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

import numpy as np

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, ROOT)  # tools.* modules by their path from the repository root
DEMO = 'configs/demo'
RETRIEVAL = f'{DEMO}/retrieval_plain3d-w16_synthetic.py'
TOPK = ('top1', 'top5', 'top10')
SALIENCY_METHODS = ('tubes', 'gradient')
SALIENCY_REGIONS = ('object', 'band', 'path')
#: Saliency is measured on this many query videos, spread evenly over the list.
SALIENCY_VIDEOS = 100
RANDOM_INIT = 'random init'
#: Table 3 in miniature: name -> pre-training config.
TABLE3 = {
    'SimCLR': f'{DEMO}/simclr_plain3d-w16_synthetic.py',
    'ViDiDi-SimCLR': f'{DEMO}/vididi-simclr_plain3d-w16_synthetic.py',
    'BYOL': f'{DEMO}/byol_plain3d-w16_synthetic.py',
    'ViDiDi-BYOL': f'{DEMO}/vididi-byol_plain3d-w16_synthetic.py',
    'VICReg': f'{DEMO}/vicreg_plain3d-w16_synthetic.py',
    'ViDiDi-VICReg': f'{DEMO}/vididi-vicreg_plain3d-w16_synthetic.py',
}
#: Table 6 in miniature (VICReg): row name -> config; Base and ViDiDi are Table 3's.
TABLE6 = {
    'Base': TABLE3['VICReg'],
    '+Random 1st': f'{DEMO}/t6-2_random-1st_vicreg_plain3d-w16_synthetic.py',
    '+Random 1st&2nd': f'{DEMO}/t6-3_random-1st-2nd_vicreg_plain3d-w16_synthetic.py',
    'Reverse ViDiDi': f'{DEMO}/t6-4_reverse-vididi_vicreg_plain3d-w16_synthetic.py',
    '+Schedule 1st': f'{DEMO}/t6-5_schedule-1st_vicreg_plain3d-w16_synthetic.py',
    'ViDiDi': TABLE3['ViDiDi-VICReg'],
}
DEFAULT_METHODS = ('ViDiDi-VICReg', 'VICReg')
#: (ViDiDi method, its base): the pairs the report compares seed by seed.
PAIRS = (('ViDiDi-SimCLR', 'SimCLR'), ('ViDiDi-BYOL', 'BYOL'), ('ViDiDi-VICReg', 'VICReg'))


def check_runs_data(args, settings):
    """Record in the work dir which data its runs are made on, and refuse to
    --reuse runs made on other data (a dataset generated with other settings
    under the same folder name), which would mix two datasets in one table."""
    from tools.data.synthetic.synthetic_dynamics import generation_settings
    record = osp.join(args.work_dir, 'data.json')
    wanted = dict(data_dir=args.data_dir, **generation_settings(**settings))
    if args.reuse and osp.isfile(record):
        with open(record) as f:
            found = json.load(f)
        if found != wanted:
            raise SystemExit(
                f'{record}: the runs under {args.work_dir} were made on {found}, not on '
                f'{wanted}; --reuse would report them as runs on the data asked for. '
                'Choose another --work-dir, or run without --reuse.')
    elif args.reuse and glob.glob(osp.join(args.work_dir, 'seed*')):
        say(f'note: {args.work_dir} has no data.json (runs of an older tools/demo.py); '
            'its runs are reused without checking which data they were made on')
    if not args.report_only:
        with open(record, 'w') as f:
            json.dump(wanted, f, indent=1)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--full', action='store_true',
                        help='Tables 3 and 6 in miniature over seeds 0 1 2 (default '
                        'work dir work_dirs/demo_full)')
    parser.add_argument('--seeds', type=int, nargs='+', default=None,
                        help='default: 0 1 2')
    parser.add_argument('--methods', nargs='+', default=None,
                        help=f'a subset of {list(TABLE3) + list(TABLE6)}')
    parser.add_argument('--split', choices=['test', 'val'], default='test',
                        help='where the retrieval queries come from (default: test)')
    parser.add_argument('--diagnosis', action='store_true',
                        help='also measure how close the first seed\'s encoders are to '
                        'collapse (on with --full)')
    parser.add_argument('--saliency', action='store_true',
                        help='also measure the saliency on the ball (Fig. 5; on with --full)')
    parser.add_argument('--compare-bn', action='store_true',
                        help='also evaluate each encoder with its BatchNorm statistics '
                        're-estimated on raw training clips')
    parser.add_argument('--work-dir', default=None)
    parser.add_argument('--data-dir', default='data/synthetic_dynamics')
    parser.add_argument('--videos-per-class', type=int, nargs=3, default=[400, 200, 200],
                        metavar=('TRAIN', 'VAL', 'TEST'))
    parser.add_argument('--num-frames', type=int, default=32)
    parser.add_argument('--size', type=int, default=64)
    parser.add_argument('--shortcut-prob', type=float, default=0.8,
                        help='when generating: how often a training video\'s '
                        'background hue follows its class (default: 0.8)')
    parser.add_argument('--scene-pool', type=int, default=40, metavar='K',
                        help='when generating: every static scene one of K shared by all '
                        'videos, so that none identifies a video (default: 40; 0: each '
                        'video its own)')
    parser.add_argument('--epochs', type=int, default=None,
                        help='pre-training epochs (default: the configs\', 4)')
    parser.add_argument('--batch-size', type=int, default=None,
                        help='pre-training batch (default: the configs\', 32)')
    parser.add_argument('--workers', type=int, default=None,
                        help='data workers per loader (default: the configs\', 2)')
    parser.add_argument('--cfg-options', nargs='+', default=[],
                        help='more pre-training config overrides, key=value')
    parser.add_argument('--test-cfg-options', nargs='+', default=[],
                        help='retrieval config overrides, key=value')
    parser.add_argument('--retrieval-clips', type=int, default=2,
                        help='clips per video in the final retrieval (default: 2; the '
                        'retrieval config has 10)')
    parser.add_argument('--jobs', type=int, default=None,
                        help='runs at once, each in its own processes (default: the CPU '
                        'cores divided by --threads, at most 8)')
    parser.add_argument('--threads', type=int, default=1,
                        help='torch threads per run (default: 1, so that a run does the same '
                        'arithmetic on any machine with the same CPU instruction set, '
                        'whatever its number of cores; 0: PyTorch\'s default)')
    parser.add_argument('--online-knn-every-seed', action='store_true',
                        help='measure the online kNN while pre-training for every seed '
                        '(default: the first seed\'s runs only)')
    parser.add_argument('--reuse', action='store_true',
                        help='read back the runs already finished in the work dir instead of '
                        'redoing them (an interrupted run is redone); a finished '
                        'pre-training is evaluated for the split and clips asked for, '
                        'not trained again')
    parser.add_argument('--report-only', action='store_true',
                        help='train nothing: report the finished runs of the work dir')
    args = parser.parse_args()
    args.reuse = args.reuse or args.report_only
    args.saliency = args.saliency or args.full
    args.diagnosis = args.diagnosis or args.full
    args.seeds = args.seeds or [0, 1, 2]
    if args.threads:
        TOOL_ENV['OMP_NUM_THREADS'] = str(args.threads)
    cores = os.cpu_count() or 1
    args.jobs = args.jobs or max(1, min(8, cores // (args.threads or cores)))
    args.work_dir = args.work_dir or ('work_dirs/demo_full' if args.full else 'work_dirs/demo')
    methods = args.methods or (list(TABLE3) + [r for r in TABLE6 if TABLE6[r] not in
                                               TABLE3.values()] if args.full
                               else list(DEFAULT_METHODS))
    configs = {**TABLE3, **TABLE6}
    unknown = [m for m in methods if m not in configs]
    if unknown:
        parser.error(f'unknown methods {unknown}; choose from {list(configs)}')
    args.methods = {m: configs[m] for m in methods}
    return args


def say(message):
    print(f'[demo {time.strftime("%H:%M:%S")}] {message}', flush=True)


#: The tool processes running now, stopped if another run fails.
RUNNING = set()
#: What the tool processes' environment adds to ours: OMP_NUM_THREADS, the
#: torch threads of each (``--threads``).
TOOL_ENV = {}


def run_tool(tool, args, log_path):
    """Run tools/<tool> in its own process, its output to log_path."""
    os.makedirs(osp.dirname(log_path), exist_ok=True)
    cmd = [sys.executable, osp.join(ROOT, 'tools', tool), *map(str, args)]
    env = {**os.environ, **TOOL_ENV}
    with open(log_path, 'w') as log:
        process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                   env=env)
        RUNNING.add(process)
        try:
            code = process.wait()
        finally:
            RUNNING.discard(process)
    if code != 0:
        with open(log_path) as log:
            tail = ''.join(log.readlines()[-30:])
        raise SystemExit(f'{tool} failed (exit {code}); log: {log_path}\n{tail}')


class Progress:
    """Counts finished runs and estimates the time left from their mean duration."""

    def __init__(self, total):
        self.total, self.done, self.start = total, 0, time.time()
        self.lock = threading.Lock()

    def step(self, what):
        with self.lock:  # runs finish in the pool's threads
            self.done += 1
            elapsed = time.time() - self.start
            left = elapsed / self.done * (self.total - self.done)
            say(f'[{self.done}/{self.total}] {what}; {elapsed / 60:.1f} min so far, '
                f'about {left / 60:.1f} min left')


class Demo:
    def __init__(self, args):
        self.args = args
        lists = {s: osp.join(args.data_dir, f'{s}_list.txt') for s in ('train', 'val', 'test')}
        self.lists = lists
        # Each method's last epoch, read here once: reading a config that
        # inherits MMAction2's (mmaction::) goes through pkg_resources, which
        # fails when the pool's threads first do it at once.
        from mmengine.config import Config
        self.epochs = {c: args.epochs or Config.fromfile(osp.join(ROOT, c)).train_cfg.max_epochs
                       for c in set(args.methods.values())}
        self.train_options = [f'train_dataloader.dataset.ann_file={lists["train"]}',
                              f'train_dataloader.dataset.data_prefix.video={args.data_dir}']
        if args.epochs:
            # The schedules end at max_epochs (configs/_base_/schedules/).
            self.train_options.append(f'train_cfg.max_epochs={args.epochs}')
        if args.batch_size:
            self.train_options.append(f'train_dataloader.batch_size={args.batch_size}')
        if args.workers is not None:
            self.train_options += [f'train_dataloader.num_workers={args.workers}',
                                   f'train_dataloader.persistent_workers={args.workers > 0}',
                                   f'val_dataloader.num_workers={args.workers}']
        # Online kNN while pre-training: training videos against validation
        # queries, whatever split the final retrieval reads.
        self.train_options += [
            f'val_dataloader.dataset.gallery_ann_file={lists["train"]}',
            f'val_dataloader.dataset.query_ann_file={lists["val"]}',
            f'val_dataloader.dataset.data_prefix.video={args.data_dir}']
        # The floor is measured on VICReg's model (random_init): other
        # methods' model options (BYOL's momentum, say) would not build there,
        # while encoder options must reach it.
        self.floor_options = self.train_options + [
            o for o in args.cfg_options
            if not o.startswith('model.') or o.startswith('model.backbone.')]
        self.train_options += args.cfg_options
        self.test_options = [
            f'test_dataloader.dataset.gallery_ann_file={lists["train"]}',
            f'test_dataloader.dataset.query_ann_file={lists[args.split]}',
            f'test_dataloader.dataset.data_prefix.video={args.data_dir}']
        if args.workers is not None:
            self.test_options.append(f'test_dataloader.num_workers={args.workers}')
        # 2 clips instead of the config's 10 cost a sixth: 29.4 -> 27.6 top-1 on
        # one validation checkpoint, 42.1 -> 41.0 on a test one (docs/demo.md).
        self.test_options.append(
            f'test_dataloader.dataset.pipeline.{sample_frames_step()}.num_clips='
            f'{args.retrieval_clips}')
        # One pre-training can be evaluated on either split, with any number
        # of clips (--reuse): each evaluation has its own dump.
        self.measured = f'{args.split}-{args.retrieval_clips}clips'
        # The retrieval encoder must be the pre-trained one.
        self.test_options += [o for o in args.cfg_options if o.startswith('model.backbone.')]
        self.test_options += args.test_cfg_options

    def evaluate(self, run, checkpoint, work_dir, tag, saliency=True):
        """Retrieval of a checkpoint (read back with --reuse if this split and
        number of clips were measured before) and, with --saliency unless
        ``saliency`` is False, its saliency."""
        dump = osp.join(work_dir, f'retrieval_{tag}_{self.measured}.npz')
        if not (self.args.reuse and osp.isfile(dump)):
            if self.args.report_only:
                raise FileNotFoundError(dump)
            run_tool('test.py', [RETRIEVAL, checkpoint, '--work-dir', work_dir,
                                 '--cfg-options', *self.test_options,
                                 f'test_evaluator.dump_file={dump}'],
                     osp.join(work_dir, f'retrieval_{tag}_{self.measured}.log'))
        run.update(read_recall(dump))
        if saliency and self.args.saliency:
            run['saliency'] = self.saliency(checkpoint, work_dir, tag)
        return run

    def saliency(self, checkpoint, work_dir, tag):
        """Saliency mass on the ball over the query split, by saliency method
        (computed once; a later --reuse reads it back)."""
        masses = {}
        for method in SALIENCY_METHODS:
            out = osp.join(work_dir, f'saliency_{tag}_{self.measured}_{method}.json')
            if not osp.isfile(out):
                run_tool('analysis/saliency.py',
                         [RETRIEVAL, checkpoint, '--list', self.saliency_list(),
                          '--data-prefix', self.args.data_dir, '--method', method,
                          '--out-dir', osp.join(work_dir, 'saliency'),
                          '--max-pictures', 1, '--json', out,
                          '--cfg-options', *self.test_options],
                         osp.join(work_dir, f'saliency_{tag}_{self.measured}_{method}.log'))
            with open(out) as f:
                masses[method] = json.load(f)['mean']
        masses['pictures'] = sorted(glob.glob(osp.join(work_dir, 'saliency', '*.png')))
        return masses

    def saliency_list(self):
        """Every k-th video of the query split, SALIENCY_VIDEOS at most: the
        videos whose saliency is measured (a list under the work dir)."""
        path = osp.join(self.args.work_dir, f'saliency_{self.args.split}_list.txt')
        with open(self.lists[self.args.split]) as f:
            lines = f.read().splitlines()
        step = max(1, -(-len(lines) // SALIENCY_VIDEOS))
        with open(path, 'w') as f:
            f.write('\n'.join(lines[::step]) + '\n')
        return path

    def diagnosis(self, config, checkpoint, work_dir, tag, seed, extra=(), save=None,
                  options=None):
        """How close the encoder is to collapse (read back with --reuse); save:
        where to write the encoder it measured; options: the config overrides
        (default: the pre-training's)."""
        out = osp.join(work_dir, f'diagnosis_{tag}.json')
        if not (self.args.reuse and all(map(osp.isfile, filter(None, (out, save))))):
            if self.args.report_only:
                return None
            run_tool('analysis/pretrain_diagnosis.py',
                     [config, checkpoint, '--out', out, '--seed', seed, *extra,
                      *(['--save-checkpoint', save] if save else []),
                      '--cfg-options', *(self.train_options if options is None else options)],
                     osp.join(work_dir, f'diagnosis_{tag}.log'))
        with open(out) as f:
            return json.load(f)

    def random_init(self, seed):
        """The floor: retrieval with the encoder as initialised (VICReg's model)."""
        work_dir = osp.join(self.args.work_dir, f'seed{seed}', 'random-init')
        checkpoint = osp.join(work_dir, 'random_init.pth')
        stats = self.diagnosis(TABLE3['VICReg'], 'random', work_dir, 'random', seed,
                               save=checkpoint, options=self.floor_options)
        run = self.evaluate(dict(seed=seed, work_dir=work_dir), checkpoint, work_dir, 'random')
        return dict(run, diagnosis=stats) if stats else run

    def method(self, name, config, seed):
        work_dir = osp.join(self.args.work_dir, f'seed{seed}', name.replace(' ', '_'))
        run = dict(seed=seed, config=config, work_dir=work_dir)
        checkpoint = self.pretrained(config, work_dir) if self.args.reuse else None
        if checkpoint is None:
            if self.args.report_only:
                raise FileNotFoundError(work_dir)
            start = time.time()
            options = list(self.train_options)
            if seed != self.args.seeds[0] and not self.args.online_knn_every_seed:
                # The online kNN changes no weight (tests/test_online_knn.py): one
                # seed's curves show when ViDiDi pulls ahead, at a quarter of a run's time.
                options.append('train_cfg.val_begin=1000000')
            run_tool('train.py', [config, '--work-dir', work_dir, '--seed', seed,
                                  '--cfg-options', *options],
                     osp.join(work_dir, 'train.log'))
            run['train_s'] = round(time.time() - start, 1)
            checkpoint = self.pretrained(config, work_dir)
            if checkpoint is None:
                raise SystemExit(f'train.py wrote no final checkpoint under {work_dir}')
        run['checkpoint'] = checkpoint
        self.evaluate(run, checkpoint, work_dir, 'trained')
        if self.args.diagnosis and seed == self.args.seeds[0]:
            stats = self.diagnosis(config, checkpoint, work_dir, 'trained', seed)
            if stats:
                run['diagnosis'] = stats
        run['losses'] = loss_terms(work_dir)
        run['online'] = online_retrieval(work_dir)
        if self.args.compare_bn:
            reestimated = osp.join(work_dir, 'bn_reestimated.pth')
            self.diagnosis(config, checkpoint, work_dir, 'bn', seed, ['--reestimate-bn'],
                           save=reestimated)
            # Retrieval only: the saliency pictures of a run are its own encoder's.
            run['bn_reestimated'] = self.evaluate(dict(seed=seed), reestimated, work_dir, 'bn',
                                                  saliency=False)
        return run

    def pretrained(self, config, work_dir):
        """The last epoch's checkpoint of a finished pre-training in work_dir,
        else None (an interrupted run's last checkpoint is an earlier epoch's)."""
        last = osp.join(work_dir, 'last_checkpoint')
        if not osp.isfile(last):
            return None
        with open(last) as f:
            path = f.read().strip()
        final = f'epoch_{self.epochs[config]}.pth'
        return path if osp.basename(path) == final and osp.isfile(path) else None


def sample_frames_step():
    """Where SampleFrames is in the retrieval config's pipeline (a list index
    in --cfg-options)."""
    from mmengine.config import Config
    pipeline = Config.fromfile(osp.join(ROOT, RETRIEVAL)).test_dataloader.dataset.pipeline
    return next(i for i, step in enumerate(pipeline) if step['type'] == 'SampleFrames')


def read_recall(dump):
    """Top-k recall of a retrieval dump, and how many queries it was measured on."""
    data = np.load(dump)
    return dict(dump=dump, queries=int((data['splits'] == 'query').sum()),
                **{k: float(data[f'recall_{k}']) for k in TOPK})


def scalars(work_dir):
    """The entries MMEngine's LocalVisBackend logged, over every run of a work dir."""
    for path in glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')):
        with open(path) as f:
            yield from map(json.loads, f)


def loss_terms(work_dir):
    """{term: [(iteration, value), ...]} of the pre-training losses."""
    curves = defaultdict(list)
    for entry in scalars(work_dir):
        for key, value in entry.items():
            if key.startswith('loss'):
                curves[key].append((entry['step'], value))
    return {k: sorted(v) for k, v in curves.items()}


def online_retrieval(work_dir):
    """The online kNN measured while pre-training (validation queries):
    ``top1`` as [(epoch, value), ...], and the share of the run's time it took
    (``share``: the validation epochs' time over the whole run's)."""
    top1, val_s, train_s = {}, 0.0, 0.0
    for entry in scalars(work_dir):
        if 'retrieval/top1' in entry:
            top1[entry['step']] = entry['retrieval/top1']
        elif 'loss' in entry:
            train_s += entry['time']  # the logger writes every iteration (interval=1)
    for path in glob.glob(osp.join(work_dir, '*', '*.log')):
        with open(path) as f:
            # "Epoch(val) [e][i/n] ... time: t" per validation iteration; the
            # epoch's summary line (with the recall) repeats their mean.
            val_s += sum(float(line.split(' time: ', 1)[1].split()[0]) for line in f
                         if 'Epoch(val) [' in line and ' time: ' in line
                         and 'retrieval/' not in line)
    share = val_s / (val_s + train_s) if train_s and top1 else None
    return dict(top1=sorted(top1.items()), share=share)


def main():
    args = parse_args()
    os.chdir(ROOT)
    os.makedirs(args.work_dir, exist_ok=True)
    start = time.time()
    demo = Demo(args)
    from tools.data.synthetic.synthetic_dynamics import generate_dataset, generated_with
    settings = dict(videos_per_class=args.videos_per_class, num_frames=args.num_frames,
                    size=args.size, shortcut_prob=args.shortcut_prob,
                    scene_pool=args.scene_pool)
    check_runs_data(args, settings)
    if generated_with(args.data_dir, **settings):
        say(f'data: using {args.data_dir}')
    else:
        # Deterministic: videos already in the folder are written again byte
        # for byte; ones generated with other settings are replaced.
        say(f'data: generating the synthetic dynamics videos in {args.data_dir}')
        generate_dataset(args.data_dir, progress=True, **settings)

    results = {name: [] for name in [RANDOM_INIT, *args.methods]}
    # The floor moves little between seeds (docs/demo.md): measured for every
    # seed by --full, for the first by the quick demo.
    floor_seeds = args.seeds if args.full else args.seeds[:1]
    runs = [(name, config, seed) for seed in args.seeds
            for name, config in [*([(RANDOM_INIT, None)] if seed in floor_seeds else []),
                                 *args.methods.items()]]
    progress = Progress(len(runs))
    say(f'{len(args.methods)} methods x {len(args.seeds)} seeds, queries from the '
        f'{args.split} split, {args.jobs} runs at once of {args.threads or "default"} '
        f'torch thread(s) each; logs and checkpoints under {args.work_dir}')

    def do(name, config, seed):
        try:
            run = demo.random_init(seed) if config is None else demo.method(name, config, seed)
        except FileNotFoundError:  # --report-only: not run
            progress.step(f'{name}, seed {seed}: not run')
            return
        results[name].append(run)
        trained = f' (pre-training {run["train_s"]:.0f} s)' if 'train_s' in run else ''
        progress.step(f'{name}, seed {seed}: top1 {run["top1"]:.1f}{trained}')

    with ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(do, *run) for run in runs]
        done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        failed = [f for f in done if f.exception() is not None]
        if failed:
            pool.shutdown(wait=False, cancel_futures=True)
            for process in list(RUNNING):  # the other runs are lost work anyway
                process.terminate()
            raise failed[0].exception()
    for name in results:
        results[name].sort(key=lambda run: run['seed'])
    results = {name: runs for name, runs in results.items() if runs}
    report(args, results)
    say(f'done in {(time.time() - start) / 60:.1f} min; results under {args.work_dir}')


def mean_std(values):
    values = np.asarray(values, dtype=float)
    if len(values) == 1:
        return f'{values[0]:.1f}'
    return f'{values.mean():.1f} ± {values.std(ddof=1):.1f}'


def table(results, names, key=lambda run: run):
    lines = ['| method | ' + ' | '.join(TOPK) + ' | seeds | top1 per seed |',
             '|---|' + '---|' * (len(TOPK) + 2)]
    for name in names:
        runs = [key(r) for r in results[name]]
        seeds = ', '.join(str(r['seed']) for r in results[name])
        lines.append(f'| {name} | ' + ' | '.join(mean_std([r[k] for r in runs]) for k in TOPK)
                     + f' | {seeds} | ' + ' / '.join(f'{r["top1"]:.0f}' for r in runs) + ' |')
    return '\n'.join(lines)


def diagnosis_table(results):
    lines = ['| method | backbone std | backbone eff. rank | projector std | '
             'projector eff. rank | final loss terms |', '|---|---|---|---|---|---|']
    for name, runs in results.items():
        d = [r['diagnosis'] for r in runs if 'diagnosis' in r]
        if not d:
            continue
        cells = [mean_std([x[p][s] for x in d]) if s == 'effective_rank'
                 else '{:.3f}'.format(np.mean([x[p][s] for x in d]))
                 for p in ('backbone', 'projector') for s in ('std_mean', 'effective_rank')]
        losses = runs[0].get('losses', {})
        terms = [k for k in sorted(losses) if k != 'loss'] or sorted(losses)
        final = ', '.join(f'{k[5:] or "total"} {np.mean([r["losses"][k][-1][1] for r in runs]):.3f}'
                          for k in terms) or '-'
        lines.append(f'| {name} | ' + ' | '.join(cells) + f' | {final} |')
    return '\n'.join(lines)


def saliency_table(results):
    """Shares of saliency on the ball, its 3-pixel band and its path, by method."""
    header = [f'{m} {r}' for m in SALIENCY_METHODS for r in SALIENCY_REGIONS]
    lines = ['| method | ' + ' | '.join(header) + ' |', '|---|' + '---|' * len(header)]
    uniform = None
    for name, runs in results.items():
        found = [r['saliency'] for r in runs if 'saliency' in r]
        if not found:
            continue
        cells = [mean_std([100 * x[m][r] for x in found])
                 for m in SALIENCY_METHODS for r in SALIENCY_REGIONS]
        lines.append(f'| {name} | ' + ' | '.join(cells) + ' |')
        uniform = [f'{100 * found[0][m][r + "_area"]:.1f}'
                   for m in SALIENCY_METHODS for r in SALIENCY_REGIONS]
    if uniform is None:
        return None
    lines.append('| a uniform map | ' + ' | '.join(uniform) + ' |')
    return '\n'.join(lines)


def sampling_error(top1, queries):
    """Standard error of a top-1 recall (%) from its queries alone (binomial)."""
    p = top1 / 100
    return 100 * np.sqrt(p * (1 - p) / queries)


def paired_gains(results, name, other):
    """Top-1 of ``name`` minus that of ``other``, seed by seed, over the seeds both ran:
    a list of (seed, difference, run of ``name``)."""
    other_top1 = {r['seed']: r['top1'] for r in results[other]}
    return [(r['seed'], r['top1'] - other_top1[r['seed']], r)
            for r in results[name] if r['seed'] in other_top1]


def difference_error(results, name, other):
    """Sampling error (points) of a difference in top-1 between two methods from
    the queries alone, taken as that of two independent estimates (conservative:
    on the same queries two encoders' errors are positively correlated). Every
    seed retrieves the same queries, so averaging over seeds does not shrink it."""
    errors = [max([sampling_error(r['top1'], r['queries']) for r in results[n]
                   if r.get('queries')], default=0.) for n in (name, other)]
    return float(np.hypot(*errors))


def resolves(gains, error=0.):
    """Whether seeds resolve an ordering, and why not: the same sign in every seed
    (at least two seeds), a mean difference larger than its spread over seeds and
    than ``error``, its sampling error from the queries. Returns (bool, reason)."""
    gains = np.asarray(gains, dtype=float)
    if len(gains) < 2:
        return False, 'one seed decides nothing'
    if not (np.all(gains > 0) or np.all(gains < 0)):
        return False, 'its sign differs between seeds'
    if abs(gains.mean()) <= gains.std(ddof=1):
        return False, 'it is not larger than its spread over seeds'
    if abs(gains.mean()) <= error:
        return False, 'it is within its sampling error'
    return True, ''


def comparison(results, pairs=PAIRS):
    """Each method against another, seed by seed (by default each ViDiDi method
    against its base): the mean difference in top-1, its spread over seeds, its
    sampling error from the queries, whether the seeds resolve it, and whether the
    first came out ahead in every seed."""
    lines = []
    for name, other in pairs:
        if name not in results or other not in results:
            continue
        paired = paired_gains(results, name, other)
        if not paired:
            continue
        seeds = ', '.join(str(s) for s, _, _ in paired)
        gains = np.array([g for _, g, _ in paired])
        line = (f'{name} - {other}, top-1: {gains.mean():+.1f}'
                + (f' ± {gains.std(ddof=1):.1f}' if len(gains) > 1 else '')
                + f' points (seeds {seeds}; per seed '
                + ' / '.join(f'{g:+.1f}' for g in gains) + ')')
        error = difference_error(results, name, other)
        if error:
            line += (f'; its sampling error from the {paired[0][2]["queries"]} queries is '
                     f'about ±{error:.1f}')
        if len(gains) > 1:
            resolved, why = resolves(gains, error)
            line += ('; these seeds resolve it (the same sign in every seed, larger than its '
                     'spread and its sampling error)' if resolved
                     else f'; these seeds do not resolve it: {why}')
        ahead = int((gains > 0).sum())
        if len(gains) == 1:
            verdict = (f'{"" if ahead else "not "}in seed {seeds}: one seed decides nothing '
                       '(--seeds 0 1 2 for the comparison to go by)')
        elif ahead == len(gains):
            verdict = 'in every seed'
        else:
            verdict = f'in {ahead} of {len(gains)} seeds, not in every seed'
        lines += [line + '.', f'{name} came out ahead of {other} {verdict}.']
    return '\n'.join(lines)


def ordering(results, rows):
    """Which pairwise orderings of Table 6's rows the seeds resolve (``resolves``),
    in one line each for the resolved and the unresolved."""
    resolved, unresolved = [], []
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            gains = [g for _, g, _ in paired_gains(results, a, b)]
            if resolves(gains, difference_error(results, a, b))[0]:
                resolved.append(f'{a} > {b}' if np.mean(gains) > 0 else f'{b} > {a}')
            else:
                unresolved.append(f'{a} / {b}')
    return ('Resolved by these seeds (the same order in every seed, the mean difference '
            'larger than its spread and its sampling error): '
            + (', '.join(resolved) or 'none') + '.\n'
            'Not resolved by these seeds: ' + (', '.join(unresolved) or 'none') + '.')


def report(args, results):
    seeds = ', '.join(map(str, args.seeds))
    names = list(results)
    sections = [f'kNN retrieval on the synthetic {args.split} split (recall %, mean ± std '
                f'over seeds {seeds}):\n\n' + table(results, names)]
    if args.full:
        t3 = [m for m in (RANDOM_INIT, *TABLE3) if m in results]
        by_config = {c: m for m, c in args.methods.items() if m in results}
        t6 = [r for r in TABLE6 if TABLE6[r] in by_config]
        t6_results = {r: results[by_config[TABLE6[r]]] for r in t6}
        sections = [f'Table 3 in miniature: kNN retrieval on the synthetic {args.split} split '
                    f'(recall %, mean ± std over seeds {seeds}):\n\n' + table(results, t3),
                    'Table 6 in miniature (VICReg; Base = VICReg, ViDiDi = ViDiDi-VICReg):\n\n'
                    + table(t6_results, t6)]
        if len(t6) > 2:
            others = [r for r in t6 if r not in ('Base', 'ViDiDi')]
            pairs = ([(r, 'Base') for r in others if 'Base' in t6]
                     + [('ViDiDi', r) for r in others if 'ViDiDi' in t6])
            sections.append('Table 6\'s rows against Base, and ViDiDi against each row, seed by '
                            f'seed ({args.split} split):\n\n' + comparison(t6_results, pairs)
                            + '\n\n' + ordering(t6_results, t6))
    if args.compare_bn:
        trained = [n for n in names if n != RANDOM_INIT]
        sections.append('The same encoders with BatchNorm statistics re-estimated on raw '
                        'training clips:\n\n' +
                        table(results, trained, key=lambda r: r['bn_reestimated']))
    saliency = saliency_table(results)
    if saliency:
        sections.append(f'Saliency on the moving ball (Fig. 5 measured; % of the saliency '
                        f'over the {args.split} split, mean ± std over seeds {seeds}; tubes = '
                        'the last block\'s map, gradient = the input gradient; object = the '
                        'ball in each frame, band = grown by 3 px, path = where the ball is in '
                        'any frame of the clip):\n\n' + saliency)
    # The floor's diagnosis is always there (it writes the random-init checkpoint);
    # alone it says nothing about collapse, so the table needs a trained encoder.
    if any('diagnosis' in r for n in names if n != RANDOM_INIT for r in results[n]):
        sections.append(f'How close to collapse, seed {args.seeds[0]} (raw training clips, '
                        'training-mode BatchNorm; std = mean per-dimension standard deviation; '
                        'final loss terms averaged over seeds):\n\n' +
                        diagnosis_table(results))
    shares = [r['online']['share'] for n in names for r in results[n]
               if r.get('online', {}).get('share') is not None]
    if shares:
        online_seeds = ', '.join(map(str, sorted({r['seed'] for n in names for r in results[n]
                                                  if r.get('online', {}).get('share')})))
        sections.append('Online kNN while pre-training (configs/_base_/online_knn/synthetic.py, '
                        f'every epoch, seed(s) {online_seeds}): top-1 against epoch in '
                        'online_knn_top1.png; it took '
                        f'{100 * np.mean(shares):.0f}% of the runs\' iteration time '
                        f'({100 * min(shares):.0f}-{100 * max(shares):.0f}% by run).')
    compared = comparison(results)
    if compared:
        # Last, where a reader of the console looks first.
        sections.append(f'ViDiDi against its base, seed by seed ({args.split} split):\n\n'
                        + compared)
    text = '\n\n'.join(sections) + '\n'
    print('\n' + text)
    with open(output(args, 'results.md'), 'w') as f:
        f.write(text)
    with open(output(args, 'results.json'), 'w') as f:
        json.dump(dict(split=args.split, seeds=args.seeds, results=results), f, indent=1)
    pictures(args, results)


def output(args, name):
    """Where the report writes ``name``: in the work dir, with the split in
    the name when it is not the test split, so that evaluating the same runs
    on the validation queries (``--split val --reuse``) keeps the test
    split's report."""
    if args.split != 'test':
        stem, ext = osp.splitext(name)
        name = f'{stem}_{args.split}{ext}'
    return osp.join(args.work_dir, name)


def pictures(args, results):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from vididi_mm.evaluation import plot_tsne

    with open(osp.join(args.data_dir, 'classes.txt')) as f:
        class_names = f.read().split()
    trained = [n for n in results if n != RANDOM_INIT]
    for name in trained:
        first = results[name][0]
        data = np.load(first['dump'])
        query = data['splits'] == 'query'
        path = output(args, f'tsne_{name.replace(" ", "_")}.png')
        plot_tsne(data['features'][query], data['labels'][query],
                  sorted(set(data['labels'][query].tolist())), path, class_names,
                  title=f'{name}, {args.split} split (seed {first["seed"]})')
        print(f'wrote {path}')

    for name, runs in results.items():
        for picture in runs[0].get('saliency', {}).get('pictures', []):
            method = osp.splitext(picture)[0].rsplit('_', 1)[-1]
            path = output(args, f'saliency_{name.replace(" ", "_")}_{method}.png')
            shutil.copyfile(picture, path)
            print(f'wrote {path}')

    terms = sorted({k for n in trained for k in results[n][0]['losses']})
    if terms:
        fig, axes = plt.subplots(1, len(terms), figsize=(4 * len(terms), 3.2), squeeze=False)
        for ax, term in zip(axes[0], terms):
            for name in trained:
                points = results[name][0]['losses'].get(term)
                if points:
                    ax.plot(*zip(*points), label=name, lw=1)
            ax.set_title(term)
            ax.set_xlabel('iteration')
        axes[0][0].legend(fontsize=7)
        fig.tight_layout()
        path = output(args, 'loss_curves.png')
        fig.savefig(path, dpi=110)
        plt.close(fig)
        print(f'wrote {path}')

    curves = {n: [r['online']['top1'] for r in results[n] if r.get('online', {}).get('top1')]
              for n in trained}
    curves = {n: c for n, c in curves.items() if c}
    if curves:
        fig, ax = plt.subplots(figsize=(5.2, 3.6))
        for i, (name, runs) in enumerate(curves.items()):
            epochs = sorted(set.intersection(*[{e for e, _ in run} for run in runs]))
            values = np.array([[dict(run)[e] for e in epochs] for run in runs])
            mean = values.mean(axis=0)
            ax.plot(epochs, mean, marker='o', ms=3, color=f'C{i}',
                    label=f'{name} ({len(runs)} seed{"s" * (len(runs) > 1)})')
            if len(runs) > 1:
                std = values.std(axis=0, ddof=1)
                ax.fill_between(epochs, mean - std, mean + std, color=f'C{i}', alpha=0.2)
        ax.set_xlabel('epoch')
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel('online kNN top-1, val subset (%)')
        spread = (' (mean ± std over seeds)' if any(len(runs) > 1 for runs in curves.values())
                  else f' (seed {args.seeds[0]})')
        ax.set_title(f'measured while pre-training{spread}', fontsize=9)
        ax.legend(fontsize=7)
        fig.tight_layout()
        path = output(args, 'online_knn_top1.png')
        fig.savefig(path, dpi=110)
        plt.close(fig)
        print(f'wrote {path}')

    if len(args.seeds) > 1:
        fig, ax = plt.subplots(figsize=(1.0 + 0.9 * len(results), 3.6))
        top1 = [[r['top1'] for r in results[n]] for n in results]
        ax.bar(range(len(results)), [np.mean(v) for v in top1],
               yerr=[np.std(v, ddof=1) if len(v) > 1 else 0 for v in top1], capsize=3,
               color=['grey' if n == RANDOM_INIT else 'C1' if 'ViDiDi' in n else 'C0'
                      for n in results])
        ax.set_xticks(range(len(results)), list(results), rotation=45, ha='right', fontsize=8)
        ax.set_ylabel(f'top-1 retrieval, {args.split} split (%)')
        ax.set_title(f'mean ± std over seeds {", ".join(map(str, args.seeds))}')
        fig.tight_layout()
        path = output(args, 'top1_bars.png')
        fig.savefig(path, dpi=110)
        plt.close(fig)
        print(f'wrote {path}')


if __name__ == '__main__':
    main()
