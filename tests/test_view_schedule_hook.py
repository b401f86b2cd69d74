"""Every Table 6 schedule yields the expected pairs and order frequencies."""
import glob
import os.path as osp

import numpy as np
import pytest
from mmengine.config import Config
from mmaction.registry import HOOKS

from conftest import REPO_ROOT

V, D = 0, 1
# Table 6 rows: (config, pairs for epochs 0..7, P(extra order 0, 1, 2)).
TABLE6 = {
    't6-1_base': ([(V, V)] * 8, (1, 0, 0)),
    't6-2_random-1st': ([(V, V)] * 8, (.5, .5, 0)),
    't6-3_random-1st-2nd': ([(V, V)] * 8, (1 / 3, 1 / 3, 1 / 3)),
    't6-4_reverse-vididi': ([(V, V), (V, D), (D, V), (D, D)] * 2, (.5, .5, 0)),
    't6-5_schedule-1st': ([(D, D), (V, V)] * 4, (1, 0, 0)),
    't6-6_schedule-1st-mix': ([(D, D), (D, V), (V, V)] * 3, (1, 0, 0)),
    't6-7_schedule-1st-2nd': ([(D, D), (V, V)] * 4, (.5, .5, 0)),
    't6-8_schedule-1st-2nd-mix': ([(D, D), (D, V), (V, V)] * 3, (.5, .5, 0)),
    't6-9_vididi': ([(D, D), (D, V), (V, D), (V, V)] * 2, (.5, .5, 0)),
}


def hook_of(path):
    hooks = Config.fromfile(path).custom_hooks
    assert len(hooks) == 1 and hooks[0].type == 'ViewScheduleHook'
    return HOOKS.build(hooks[0])


def test_every_row_has_a_config():
    names = sorted(osp.basename(p).split('_vicreg')[0] for p in glob.glob(
        osp.join(REPO_ROOT, 'configs', 'ablations', '*.py')))
    assert names == sorted(TABLE6)


@pytest.mark.parametrize('row', sorted(TABLE6))
def test_table6_schedule(row):
    pairs, probs = TABLE6[row]
    (path, ) = glob.glob(osp.join(REPO_ROOT, 'configs', 'ablations', f'{row}_*.py'))
    hook = hook_of(path)
    assert [hook.pair_for_epoch(e) for e in range(8)] == pairs[:8]

    draws = 6000
    counts = np.zeros(3)
    for it in range(draws):
        epoch = it % 8
        k, k_prime = hook.orders(epoch, it, seed=123)
        extra = k - pairs[epoch][0]
        assert k_prime - pairs[epoch][1] == extra, 'both streams share the draw'
        counts[extra] += 1
    # Binomial standard error at 6000 draws is <= 0.0065; allow 4 of them.
    np.testing.assert_allclose(counts / draws, probs, atol=0.026)


@pytest.mark.parametrize('row', sorted(TABLE6))
def test_demo_rows_have_the_schedules_of_the_paper_scale_rows(row):
    demo = osp.join(REPO_ROOT, 'configs', 'demo')
    path = {'t6-1_base': osp.join(demo, 'vicreg_plain3d-w16_synthetic.py'),
            't6-9_vididi': osp.join(demo, 'vididi-vicreg_plain3d-w16_synthetic.py')
            }.get(row) or glob.glob(osp.join(demo, f'{row}_*.py'))[0]
    (paper, ) = glob.glob(osp.join(REPO_ROOT, 'configs', 'ablations', f'{row}_*.py'))
    assert Config.fromfile(path).custom_hooks == Config.fromfile(paper).custom_hooks


def test_vididi_and_baseline_configs_use_the_paper_schedules():
    vididi = hook_of(osp.join(REPO_ROOT, 'configs', 'vididi',
                              'vididi-byol_r3d18_ucf101.py'))
    assert [vididi.pair_for_epoch(e) for e in range(4)] == [(1, 1), (1, 0), (0, 1), (0, 0)]
    base = hook_of(osp.join(REPO_ROOT, 'configs', 'baselines', 'byol_r3d18_ucf101.py'))
    assert {base.orders(e, i, 0) for e in range(4) for i in range(50)} == {(0, 0)}


def test_draws_are_reproducible_and_seeded():
    hook = HOOKS.build(dict(type='ViewScheduleHook'))
    first = [hook.extra_order_for_iter(7, i) for i in range(64)]
    assert first == [hook.extra_order_for_iter(7, i) for i in range(64)]
    assert first != [hook.extra_order_for_iter(8, i) for i in range(64)]


@pytest.mark.parametrize('kwargs', [
    dict(pairs=[(2, 2)], extra_order_probs=[0.5, 0.5]),  # would reach order 3
    dict(pairs=[], extra_order_probs=[1.0]),
    dict(pairs=[(0, 0)], extra_order_probs=[0.5, 0.4]),
])
def test_bad_schedules_are_refused(kwargs):
    with pytest.raises(ValueError):
        HOOKS.build(dict(type='ViewScheduleHook', **kwargs))
