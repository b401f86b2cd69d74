"""Pre-training end to end through tools/train.py on tiny generated mp4 videos."""
import glob
import json
import math
import os
import os.path as osp
import re
import subprocess
import sys

import pytest
import torch

from conftest import REPO_ROOT, free_port
from vididi_mm.compat import load_checkpoint_file


def train(config, work_dir, data, *options):
    root, lists = data
    cmd = [
        sys.executable, osp.join(REPO_ROOT, 'tools', 'train.py'),
        osp.join(REPO_ROOT, 'tests', 'configs', config), '--work-dir', str(work_dir),
        *options, '--cfg-options',
        f'train_dataloader.dataset.ann_file={lists["train"]}',
        f'train_dataloader.dataset.data_prefix.video={root}',
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def recorded_orders(work_dir):
    """{iteration: (epoch, k, k')}: the orders the model logged it was fed,
    over every run (a resumed one included) of a work dir."""
    orders = {}
    for path in glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')):
        with open(path) as f:
            for entry in map(json.loads, f):
                if 'view_order' in entry:
                    orders[entry['step']] = (entry['epoch'], entry['view_order'],
                                             entry['view_order_prime'])
    return orders


#: Alg. 1, deterministic step, by epoch mod 4: (dV, dV'), (dV, V'), (V, dV'), (V, V').
ALG1_PAIRS = [(1, 1), (1, 0), (0, 1), (0, 0)]



def online_weights(path):
    state = load_checkpoint_file(str(path))['state_dict']
    return {k: v for k, v in state.items() if k.startswith('backbone.')}


@pytest.mark.parametrize('algo', ['simclr', 'byol', 'vicreg'])
def test_two_epochs_write_a_checkpoint(algo, tiny_videos, tmp_path):
    log = train(f'tiny_{algo}.py', tmp_path, tiny_videos)
    assert osp.isfile(tmp_path / 'epoch_2.pth')
    assert "ViewScheduleHook: epoch 1 (phase 0) pairs (dV, dV')" in log
    assert "ViewScheduleHook: epoch 2 (phase 1) pairs (dV, V')" in log
    losses = [float(x) for x in re.findall(r' loss: ([-\d.e+]+)', log)]
    assert losses and all(torch.isfinite(torch.tensor(losses)))
    if algo == 'vicreg':
        assert 'loss_invariance' in log and 'loss_covariance' in log


def test_byol_momentum_follows_the_runner_without_the_view_schedule_hook(tiny_videos, tmp_path):
    """BYOL's target momentum is the runner's clock (its message hub), not the
    view schedule's: without any custom hook it still follows App. A.3's
    cosine, tau_k = 1 - (1 - 0.99) (cos(pi k / K) + 1) / 2."""
    log = train('tiny_byol.py', tmp_path, tiny_videos, '--cfg-options', 'custom_hooks=[]')
    assert 'ViewScheduleHook' not in log
    [path] = glob.glob(osp.join(tmp_path, '*', 'vis_data', 'scalars.json'))
    with open(path) as f:
        momentum = {e['step']: e['momentum'] for e in map(json.loads, f) if 'momentum' in e}
    total = len(momentum)
    assert total == 4  # 10 videos, batches of 4 (last dropped), 2 epochs
    for step, tau in momentum.items():  # steps count from 1, the iteration k from 0
        expected = 1 - 0.01 * (math.cos(math.pi * (step - 1) / total) + 1) / 2
        assert tau == pytest.approx(expected, abs=1e-4), step


@pytest.mark.parametrize('config', ['tiny_vicreg.py', 'tiny_vicreg_device-aug.py'])
def test_resume_continues_as_if_uninterrupted(config, tiny_videos, tmp_path):
    # Both augmentation paths: on the data workers, and drawn there but
    # applied on the model's device (DeviceClipAugmentPreprocessor).
    opts = ('--seed', '3', '--deterministic')
    train(config, tmp_path / 'straight', tiny_videos, *opts)

    # "Interrupted" after epoch 1, then resumed from the latest checkpoint.
    train(config, tmp_path / 'resumed', tiny_videos, *opts,
          '--cfg-options', 'train_cfg.max_epochs=1')
    log = train(config, tmp_path / 'resumed', tiny_videos, *opts, '--resume')
    # The orders the model was fed at every iteration follow Alg. 1: the
    # epoch's pair, both streams differentiated once more or not at all,
    # and a resumed run is fed exactly what an uninterrupted one was.
    straight_orders = recorded_orders(tmp_path / 'straight')
    assert sorted(straight_orders) == list(range(1, len(straight_orders) + 1))
    assert {epoch for epoch, _, _ in straight_orders.values()} == {1, 2}
    for epoch, order, order_prime in straight_orders.values():
        pair = ALG1_PAIRS[(epoch - 1) % 4]
        extra = order - pair[0]
        assert extra in (0, 1) and order_prime - pair[1] == extra, \
            (epoch, order, order_prime)
    assert recorded_orders(tmp_path / 'resumed') == straight_orders

    assert 'resumed epoch: 1' in log
    assert "ViewScheduleHook: epoch 2 (phase 1) pairs (dV, V')" in log
    assert 'epoch 1 (phase 0)' not in log

    straight = online_weights(tmp_path / 'straight' / 'epoch_2.pth')
    resumed = online_weights(tmp_path / 'resumed' / 'epoch_2.pth')
    assert straight.keys() == resumed.keys()
    for key in straight:
        torch.testing.assert_close(resumed[key], straight[key], rtol=0, atol=0,
                                   msg=key)


def test_dist_train_runs_two_processes_on_cpu(tiny_videos, tmp_path):
    root, lists = tiny_videos
    env = dict(os.environ, PORT=str(free_port()))
    result = subprocess.run(
        ['bash', osp.join(REPO_ROOT, 'tools', 'dist_train.sh'),
         osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_simclr.py'), '2',
         '--work-dir', str(tmp_path), '--cfg-options',
         f'train_dataloader.dataset.ann_file={lists["train"]}',
         f'train_dataloader.dataset.data_prefix.video={root}'],
        capture_output=True, text=True, env=env, timeout=300)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "dist_cfg=dict(backend='gloo')" in log
    assert osp.isfile(tmp_path / 'epoch_2.pth')
    # 10 training videos over 2 processes of batch 4, the last incomplete
    # batch dropped: 1 iteration per epoch.
    assert 'Epoch(train) [2][1/1]' in log
