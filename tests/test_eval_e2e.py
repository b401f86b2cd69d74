"""Retrieval and fine-tuning end to end through tools/test.py and tools/train.py."""
import os.path as osp
import re

import numpy as np
import pytest
import torch

from conftest import REPO_ROOT, run_tool
from vididi_mm.compat import load_checkpoint_file

TINY = osp.join(REPO_ROOT, 'tests', 'configs')


def retrieval_options(tiny_videos):
    root, lists = tiny_videos
    return ['--cfg-options',
            f'test_dataloader.dataset.gallery_ann_file={lists["train"]}',
            f'test_dataloader.dataset.query_ann_file={lists["test"]}',
            f'test_dataloader.dataset.data_prefix.video={root}']


def test_retrieval_prints_recall_and_dumps_features(tiny_videos, tiny_pretrained, tmp_path):
    dump = tmp_path / 'features.npz'
    log = run_tool('test.py', osp.join(TINY, 'tiny_retrieval.py'), tiny_pretrained,
                   '--work-dir', tmp_path, *retrieval_options(tiny_videos),
                   f'test_evaluator.dump_file={dump}')
    recall = {k: float(v) for k, v in re.findall(r'retrieval/(top\d+): ([\d.]+)', log)}
    assert set(recall) == {'top1', 'top5', 'top10'}
    assert 0 <= recall['top1'] <= recall['top5'] <= recall['top10'] == 100.0  # 5 classes
    data = np.load(dump)
    assert data['features'].shape == (15, 32)  # 10 gallery + 5 query videos, 32-d
    np.testing.assert_allclose(np.linalg.norm(data['features'], axis=1), 1, rtol=1e-5)
    assert sorted(set(data['splits'])) == ['gallery', 'query']


def test_retrieval_refuses_a_checkpoint_that_does_not_fit(tiny_videos, tiny_pretrained,
                                                          tmp_path):
    state = load_checkpoint_file(str(tiny_pretrained))
    state['state_dict'] = {k.replace('backbone.layer4', 'backbone.layer9'): v
                           for k, v in state['state_dict'].items()}
    bad = tmp_path / 'renamed.pth'
    torch.save(state, bad)
    with pytest.raises(AssertionError, match=r'missing \(layer4'):
        run_tool('test.py', osp.join(TINY, 'tiny_retrieval.py'), bad,
                 '--work-dir', tmp_path, *retrieval_options(tiny_videos))


def test_finetune_one_epoch_and_test(tiny_videos, tiny_pretrained, tmp_path):
    root, lists = tiny_videos
    paths = [f'{part}_dataloader.dataset.{key}'
             for part in ('train', 'val', 'test') for key in ('ann_file', 'data_prefix.video')]
    values = [lists['train'], root, lists['val'], root, lists['test'], root]
    options = [f'{p}={v}' for p, v in zip(paths, values)]
    log = run_tool('train.py', osp.join(TINY, 'tiny_finetune.py'), '--work-dir', tmp_path,
                   '--cfg-options', f'model.backbone_checkpoint={tiny_pretrained}',
                   *options)
    assert 'acc/top1' in log
    finetuned = load_checkpoint_file(str(tmp_path / 'epoch_1.pth'))['state_dict']
    pretrained = load_checkpoint_file(str(tiny_pretrained))['state_dict']
    # Started from the pre-trained backbone (one epoch at lr 0.01 moves it a
    # little; a random start would be as far away as the weight is long).
    start = pretrained['backbone.conv1.conv.weight']
    end = finetuned['backbone.conv1.conv.weight']
    assert (end - start).norm() < 0.1 * start.norm()
    log = run_tool('test.py', osp.join(TINY, 'tiny_finetune.py'), tmp_path / 'epoch_1.pth',
                   '--work-dir', tmp_path, '--cfg-options', *options)
    assert re.search(r'Epoch\(test\).*acc/top1: [\d.]+', log)
