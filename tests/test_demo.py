"""`make demo` in miniature, and the report of `make demo-full` on given numbers."""
import argparse
import importlib.util
import json
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
import torch
from mmaction.registry import MODELS
from mmengine.config import Config, DictAction

from conftest import REPO_ROOT, run_tool

# The tiny_videos fixture's generation settings: the demo regenerates a folder
# made with other ones.
TINY = ('--videos-per-class', 2, 1, 1, '--num-frames', 16, '--size', 32, '--scene-pool', 0)


def test_miniature_demo(tiny_videos, tmp_path):
    root, _ = tiny_videos
    log = run_tool('demo.py', '--data-dir', root, '--work-dir', tmp_path, *TINY,
                   '--epochs', 1, '--batch-size', 4,
                   '--workers', 0, '--seeds', 0, 1, '--jobs', 2, '--diagnosis')
    assert f'data: using {root}' in log
    assert '2 runs at once of 1 torch thread(s) each' in log
    for seed, name in ((0, 'random init'), (0, 'VICReg'), (1, 'ViDiDi-VICReg'), (1, 'VICReg')):
        assert f'{name}, seed {seed}: top1' in log
    assert '[5/5]' in log and 'min left' in log
    for row in ('| random init |', '| ViDiDi-VICReg |', '| VICReg |'):
        assert row in log
    results = json.load(open(tmp_path / 'results.json'))['results']
    # The floor for the first seed only; the runs of each method in seed order,
    # whichever finished first.
    assert [run['seed'] for run in results['random init']] == [0]
    for name in ('random init', 'ViDiDi-VICReg', 'VICReg'):
        for run in results[name]:
            assert 0 <= run['top1'] <= run['top5'] <= run['top10'] <= 100
            # The recall read from the dump is the one the metric logged.
            recall = np.load(run['dump'])
            assert float(recall['recall_top1']) == run['top1']
        assert results[name][0]['seed'] == 0
        summary = results[name][0]['diagnosis']['backbone']
        assert summary['dim'] == 128 and 1 <= summary['effective_rank'] <= 128
    assert [run['seed'] for run in results['VICReg']] == [0, 1]
    terms = results['VICReg'][0]['losses']
    assert {'loss', 'loss_invariance', 'loss_variance', 'loss_covariance'} <= set(terms)
    assert 'ViDiDi-VICReg - VICReg, top-1:' in log
    assert 'seeds 0, 1' in log
    assert 'How close to collapse' in log
    # kNN retrieval on the validation split measured while pre-training, and
    # its cost: for the first seed's runs only.
    (epoch, top1), = results['VICReg'][0]['online']['top1']
    assert epoch == 1 and 0 <= top1 <= 100
    assert 0 < results['VICReg'][0]['online']['share'] < 1
    assert results['VICReg'][1]['online'] == dict(top1=[], share=None)
    assert '% of the runs\' iteration time' in log
    for picture in ('tsne_ViDiDi-VICReg.png', 'tsne_VICReg.png', 'loss_curves.png',
                    'online_knn_top1.png', 'top1_bars.png'):
        assert osp.getsize(tmp_path / picture) > 1000

    # --reuse on the other split: a finished pre-training is evaluated, not
    # trained again; an interrupted one (its last checkpoint not the last
    # epoch's) is trained again.
    seed0 = tmp_path / 'seed0' / 'VICReg'
    checkpoint = results['VICReg'][0]['checkpoint']
    written = osp.getmtime(checkpoint)
    (tmp_path / 'seed1' / 'VICReg' / 'last_checkpoint').write_text('epoch_0.pth')
    log = run_tool('demo.py', '--data-dir', root, '--work-dir', tmp_path, *TINY,
                   '--epochs', 1, '--batch-size', 4,
                   '--workers', 0, '--seeds', 0, 1, '--jobs', 1, '--methods', 'VICReg',
                   '--split', 'val', '--reuse')
    lines = {seed: next(line for line in log.splitlines() if f'VICReg, seed {seed}: top1' in line)
             for seed in (0, 1)}
    assert '(pre-training' not in lines[0] and '(pre-training' in lines[1]
    assert osp.getmtime(checkpoint) == written
    val = json.load(open(tmp_path / 'results_val.json'))
    assert val['split'] == 'val'
    # The test split's report is kept beside it.
    assert json.load(open(tmp_path / 'results.json'))['split'] == 'test'
    assert (tmp_path / 'results_val.md').is_file() and (tmp_path / 'top1_bars_val.png').is_file()
    # Without --diagnosis only the floor has one, which says nothing about collapse.
    assert 'How close to collapse' not in (tmp_path / 'results_val.md').read_text()
    for run in val['results']['VICReg']:
        assert run['dump'].endswith('retrieval_trained_val-2clips.npz')
        assert run['queries'] == 5  # one validation video per class
    assert (seed0 / 'retrieval_trained_test-2clips.npz').is_file()

    # --reuse of these runs for data generated otherwise (a scene pool) is
    # refused before anything is generated or trained.
    other = [*TINY[:-1], 5]
    result = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, 'tools', 'demo.py'), '--data-dir', str(root),
         '--work-dir', str(tmp_path), *map(str, other), '--methods', 'VICReg', '--reuse'],
        capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode != 0
    assert str(tmp_path / 'data.json') in result.stderr and "'scene_pool': 5" in result.stderr
    assert json.load(open(tmp_path / 'data.json'))['scene_pool'] == 0
    assert 'generating' not in result.stdout


def test_a_failed_run_stops_the_demo_and_names_its_log(tiny_videos, tmp_path):
    root, _ = tiny_videos
    result = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, 'tools', 'demo.py'), '--data-dir', root,
         '--work-dir', tmp_path, *map(str, TINY), '--epochs', '1',
         '--batch-size', '4', '--workers', '0', '--seeds', '0', '1', '--jobs', '2',
         '--cfg-options', 'model.backbone.convs_per_stage=0'],
        capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode != 0
    assert 'failed (exit' in result.stderr and 'convs_per_stage must be >= 1' in result.stderr
    assert str(tmp_path) in result.stderr  # the log to read
    assert not (tmp_path / 'results.json').exists()


def _demo_module():
    spec = importlib.util.spec_from_file_location('demo', osp.join(REPO_ROOT, 'tools', 'demo.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_full_report_tables_and_bar_chart(tiny_videos, tmp_path):
    demo = _demo_module()
    root, _ = tiny_videos
    # Given recall of two seeds, with the features of a real dump for the t-SNE.
    features = np.random.default_rng(0).normal(size=(10, 4)).astype(np.float32)
    dump = tmp_path / 'dump.npz'
    np.savez(dump, features=features, labels=np.arange(10) % 5,
             splits=np.array(['gallery'] * 5 + ['query'] * 5))
    top1 = {'random init': (20, 22), 'VICReg': (20, 30), 'ViDiDi-VICReg': (40, 50),
            '+Random 1st': (30, 34)}
    results = {name: [dict(seed=s, top1=v, top5=v + 10, top10=v + 20, dump=str(dump),
                           losses={'loss': [(1, 2.0), (2, 1.5)]},
                           diagnosis=dict(backbone=dict(std_mean=.3, effective_rank=9.),
                                          projector=dict(std_mean=.4, effective_rank=20.)))
                      for s, v in zip((0, 1), values)]
               for name, values in top1.items()}

    class Args:
        full, compare_bn, split, seeds = True, False, 'test', [0, 1]
        work_dir, data_dir = str(tmp_path), str(root)
        methods = {m: {**demo.TABLE3, **demo.TABLE6}[m] for m in top1 if m != 'random init'}

    demo.report(Args, results)
    text = open(tmp_path / 'results.md').read()
    # mean ± sample standard deviation over the seeds, and the per-seed values
    assert '| ViDiDi-VICReg | 45.0 ± 7.1 | 55.0 ± 7.1 | 65.0 ± 7.1 | 0, 1 | 40 / 50 |' in text
    table6 = text[text.index('Table 6'):]
    for row in ('| Base | 25.0 ± 7.1', '| +Random 1st | 32.0 ± 2.8', '| ViDiDi | 45.0 ± 7.1'):
        assert row in table6
    # +Random 1st - Base: +10 / +4 (7.0 ± 4.2); ViDiDi - +Random 1st: +10 / +16 (13.0 ± 4.2).
    assert '+Random 1st - Base, top-1: +7.0 ± 4.2 points (seeds 0, 1; per seed +10.0 / +4.0)' \
        in table6
    assert 'ViDiDi - +Random 1st, top-1: +13.0 ± 4.2 points' in table6
    assert ('Resolved by these seeds (the same order in every seed, the mean difference larger '
            'than its spread and its sampling error): +Random 1st > Base, '
            'ViDiDi > Base, ViDiDi > +Random 1st.') in table6
    assert 'Not resolved by these seeds: none.' in table6
    assert osp.getsize(tmp_path / 'top1_bars.png') > 1000


def test_table6_ordering_resolved_only_by_a_consistent_difference_beyond_its_spread():
    demo = _demo_module()
    top1 = {'Base': (20., 30., 25.), 'A': (30., 28., 35.), 'B': (40., 41., 42.),
            'C': (21., 31.5, 25.5)}
    results = {name: [dict(seed=s, top1=v) for s, v in enumerate(values)]
               for name, values in top1.items()}
    text = demo.ordering(results, list(top1))
    # A - Base: +10 / -2 / +10, signs differ. C - Base: +1 / +1.5 / +0.5, the same
    # sign, mean 1.0 > std 0.5. B - A: +10 / +13 / +7, mean 10 > std 3.
    # C - A: -9 / +3.5 / -9.5, signs differ.
    resolved, unresolved = text.splitlines()
    assert resolved.endswith(': B > Base, C > Base, B > A, B > C.')
    assert unresolved == 'Not resolved by these seeds: Base / A, A / C.'
    # On 1,000 queries a top-1 near 30% has a sampling error of about 1.45 points,
    # a difference of two about hypot(1.45, 1.47) = 2.1, which C's mean lead of 1.0
    # does not clear.
    for runs in results.values():
        for run in runs:
            run['queries'] = 1000
    assert demo.ordering(results, ['Base', 'C']).splitlines()[1] == \
        'Not resolved by these seeds: Base / C.'
    assert demo.resolves([1., 1.5, .5], error=2.1) == (False, 'it is within its sampling error')
    assert demo.resolves([0., 0., 0.]) == (False, 'its sign differs between seeds')
    assert demo.resolves([5.]) == (False, 'one seed decides nothing')
    assert demo.resolves([1., 9.]) == (False, 'it is not larger than its spread over seeds')


def test_comparison_of_vididi_with_its_base_seed_by_seed():
    demo = _demo_module()
    base = {0: 20., 1: 30., 2: 25.}
    vididi = {0: 30., 1: 28., 2: 35.}
    results = {'VICReg': [dict(seed=s, top1=v, queries=1000) for s, v in base.items()],
               'ViDiDi-VICReg': [dict(seed=s, top1=v, queries=1000) for s, v in vididi.items()]}
    text = demo.comparison(results)
    # Gains +10, -2, +10: mean 6.0, sample std sqrt(96 / 2) = 6.93.
    assert 'ViDiDi-VICReg - VICReg, top-1: +6.0 ± 6.9 points (seeds 0, 1, 2; ' \
           'per seed +10.0 / -2.0 / +10.0)' in text
    # Its sampling error from the two methods' largest binomial errors, at top-1 35%
    # and 30%: 100 * sqrt(0.35 * 0.65 / 1000) = 1.508, 1.449; hypot = 2.09.
    assert 'its sampling error from the 1000 queries is about ±2.1' in text
    assert 'these seeds do not resolve it: its sign differs between seeds.' in text
    assert 'ViDiDi-VICReg came out ahead of VICReg in 2 of 3 seeds, not in every seed.' in text
    results['ViDiDi-VICReg'][1]['top1'] = 33.
    text = demo.comparison(results)
    # Gains +10, +3, +10: mean 7.67, std 4.04: resolved, ahead in every seed.
    assert '+7.7 ± 4.0 points' in text
    assert 'these seeds resolve it (the same sign in every seed' in text
    assert 'ViDiDi-VICReg came out ahead of VICReg in every seed.' in text
    # One seed: said to decide nothing.
    one = {name: runs[:1] for name, runs in results.items()}
    assert 'ViDiDi-VICReg came out ahead of VICReg in seed 0: one seed decides nothing' \
        in demo.comparison(one)


def test_the_floor_takes_encoder_options_not_other_methods_model_options(monkeypatch, tmp_path):
    demo = _demo_module()
    options = ['model.base_momentum=0.996', 'model.backbone.strides=[1,2,2,2]',
               'optim_wrapper.optimizer.lr=0.01']
    monkeypatch.setattr(sys, 'argv', ['demo.py', '--methods', 'BYOL', '--work-dir', str(tmp_path),
                                      '--cfg-options', *options])
    runner = demo.Demo(demo.parse_args())
    assert set(options) <= set(runner.train_options)

    # The floor is measured on VICReg's model, which has no momentum to set.
    def build(overrides):
        parser = argparse.ArgumentParser()
        parser.add_argument('--cfg-options', nargs='+', action=DictAction)
        cfg = Config.fromfile(osp.join(REPO_ROOT, demo.TABLE3['VICReg']))
        cfg.merge_from_dict(parser.parse_args(['--cfg-options', *overrides]).cfg_options)
        return MODELS.build(cfg.model)

    with pytest.raises(TypeError, match='base_momentum'):
        build(runner.train_options)
    model = build(runner.floor_options)
    assert 'model.base_momentum=0.996' not in runner.floor_options
    first = next(m for m in model.backbone.stages[0].modules() if isinstance(m, torch.nn.Conv3d))
    assert first.stride == (1, 1, 1)  # the encoder option reached it
    assert 'optim_wrapper.optimizer.lr=0.01' in runner.floor_options
