"""Experiment tracking: the README's one override sends the run's scalars to
TensorBoard, read back here with TensorBoard's own reader."""
import glob
import os.path as osp
import re

import pytest

from conftest import REPO_ROOT, run_tool

TERMS = ('loss', 'loss_invariance', 'loss_variance', 'loss_covariance',
         'view_order', 'view_order_prime', 'lr')


def test_tensorboard_backend_records_loss_terms_view_orders_and_lr(tiny_videos, tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    root, lists = tiny_videos
    log = run_tool('train.py', osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_vicreg.py'),
                   '--work-dir', tmp_path, '--cfg-options',
                   'visualizer.vis_backends.0.type=TensorboardVisBackend',
                   f'train_dataloader.dataset.ann_file={lists["train"]}',
                   f'train_dataloader.dataset.data_prefix.video={root}')
    [events] = glob.glob(str(tmp_path / '*' / 'vis_data' / 'events.out.tfevents.*'))
    reader = EventAccumulator(osp.dirname(events))
    reader.Reload()
    assert set(TERMS) <= set(reader.Tags()['scalars'])
    scalars = {tag: {e.step: e.value for e in reader.Scalars(tag)} for tag in TERMS}

    # The text log's values (rounded to 4 decimals), iteration by iteration.
    text = re.findall(r'Epoch\(train\) +\[(\d)\]\[(\d)/2\] +lr: ([-\d.e+]+) .* loss: ([-\d.e+]+)',
                      log)
    assert len(text) == 4  # 10 videos, batches of 4 (last dropped), 2 epochs
    for epoch, i, lr, loss in text:
        step = 2 * (int(epoch) - 1) + int(i)
        assert scalars['loss'][step] == pytest.approx(float(loss), abs=1e-4)
        assert scalars['lr'][step] == pytest.approx(float(lr), rel=1e-3)
        # Alg. 1: epoch 1 is (dV, dV'), epoch 2 (dV, V'); both streams
        # differentiated once more, or not, together.
        pair = (1, 1) if epoch == '1' else (1, 0)
        extra = scalars['view_order'][step] - pair[0]
        assert extra in (0, 1) and scalars['view_order_prime'][step] == pair[1] + extra
