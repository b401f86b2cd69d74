"""kNN retrieval while pre-training (configs/_base_/online_knn/): what it logs
is the retrieval of the epoch's encoder, computed here by brute force; it
changes nothing in the training; it resumes; it gathers over processes."""
import glob
import json
import os
import os.path as osp
import subprocess

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope

from conftest import REPO_ROOT, free_port, run_tool
from test_knn_retrieval import brute_force_recall
from vididi_mm.compat import load_checkpoint_file
from vididi_mm.datasets.retrieval_video_dataset import spread_subset

CONFIG = osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_vicreg_online-knn.py')
PLAIN = osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_vicreg.py')
TOPK = (1, 5, 10)


def data_options(tiny_videos):
    root, lists = tiny_videos
    return [f'train_dataloader.dataset.ann_file={lists["train"]}',
            f'train_dataloader.dataset.data_prefix.video={root}',
            f'val_dataloader.dataset.gallery_ann_file={lists["train"]}',
            f'val_dataloader.dataset.query_ann_file={lists["val"]}',
            f'val_dataloader.dataset.data_prefix.video={root}']


def train(config, work_dir, tiny_videos, *args, options=()):
    options = data_options(tiny_videos)[:2 if config == PLAIN else None] + list(options)
    return run_tool('train.py', config, '--work-dir', work_dir, '--seed', 3, '--deterministic',
                    *args, '--cfg-options', *options)


def logged(work_dir):
    """(training entries by step, retrieval entries by epoch) of scalars.json."""
    training, retrieval = {}, {}
    for path in glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')):
        with open(path) as f:
            for entry in map(json.loads, f):
                if 'retrieval/top1' in entry:
                    retrieval[entry['step']] = {f'top{k}': entry[f'retrieval/top{k}'] for k in TOPK}
                elif 'loss' in entry:
                    training[entry['step']] = {k: v for k, v in entry.items()
                                               if k.startswith(('loss', 'view_order', 'lr'))}
    return training, retrieval


def encoder_retrieval(checkpoint, tiny_videos):
    """Features of the val loader's videos through a RetrievalEncoder holding
    the checkpoint's backbone, one video at a time, and their recall by brute
    force: nothing of the validation loop, the metric or knn_search."""
    from mmaction.registry import DATASETS, MODELS
    import vididi_mm  # noqa: F401

    init_default_scope('mmaction')
    cfg = Config.fromfile(CONFIG)
    cfg.merge_from_dict(dict(x.split('=', 1) for x in data_options(tiny_videos)[2:]))
    preprocessors = Config.fromfile(osp.join(REPO_ROOT, 'configs', '_base_', 'models',
                                             'data_preprocessors.py'))
    model = MODELS.build(dict(type='RetrievalEncoder', backbone=cfg.model.backbone,
                              data_preprocessor=preprocessors.encoder_preprocessor))
    model.load_state_dict(load_checkpoint_file(str(checkpoint))['state_dict'])
    model.eval()
    dataset = DATASETS.build(cfg.val_dataloader.dataset)
    feats, labels, splits = [], [], []
    with torch.no_grad():
        for i in range(len(dataset)):
            data = model.data_preprocessor(pseudo_collate([dataset[i]]), False)
            feats.append(model(data['inputs'], mode='tensor')[0].numpy())
            labels.append(dataset.get_data_info(i)['label'])
            splits.append(dataset.get_data_info(i)['retrieval_split'])
    feats, labels, splits = np.stack(feats), np.array(labels), np.array(splits)
    query, gallery = splits == 'query', splits == 'gallery'
    recall = brute_force_recall(feats[query], feats[gallery], labels[query], labels[gallery],
                                TOPK)
    return recall, feats


def test_spread_subset_takes_evenly_spaced_items_in_order():
    items = list(range(10))
    assert spread_subset(items, 4) == [0, 2, 5, 7]
    assert spread_subset(items, 1) == [0]
    assert spread_subset(items, 10) == items and spread_subset(items, None) == items
    # A list sorted by class keeps every class.
    by_class = [c for c in range(5) for _ in range(20)]
    assert sorted(set(spread_subset(by_class, 5))) == list(range(5))


def test_online_knn_logs_the_epochs_retrieval_changes_no_training_and_resumes(
        tiny_videos, tmp_path):
    train(PLAIN, tmp_path / 'plain', tiny_videos)
    train(CONFIG, tmp_path / 'knn', tiny_videos)

    # The same losses, view orders and learning rates at every iteration, and
    # the same weights (BatchNorm statistics included) bit for bit.
    plain_log, _ = logged(tmp_path / 'plain')
    knn_log, retrieval = logged(tmp_path / 'knn')
    assert len(plain_log) == 4 and knn_log == plain_log
    plain = load_checkpoint_file(str(tmp_path / 'plain' / 'epoch_2.pth'))['state_dict']
    knn = load_checkpoint_file(str(tmp_path / 'knn' / 'epoch_2.pth'))['state_dict']
    assert plain.keys() == knn.keys()
    for key in plain:
        torch.testing.assert_close(knn[key], plain[key], rtol=0, atol=0, msg=key)

    # Logged after each epoch: that epoch's encoder's retrieval.
    assert sorted(retrieval) == [1, 2]
    for epoch in (1, 2):
        expected, _ = encoder_retrieval(tmp_path / 'knn' / f'epoch_{epoch}.pth', tiny_videos)
        assert retrieval[epoch] == pytest.approx(expected, abs=1e-3), epoch
    best_epoch = 2 if retrieval[2]['top1'] > retrieval[1]['top1'] else 1
    best = glob.glob(str(tmp_path / 'knn' / 'best_retrieval_top1_epoch_*.pth'))
    assert [osp.basename(p) for p in best] == [f'best_retrieval_top1_epoch_{best_epoch}.pth']

    # Stopped after epoch 1 and resumed: the same retrieval and the same best.
    train(CONFIG, tmp_path / 'resumed', tiny_videos, options=['train_cfg.max_epochs=1'])
    train(CONFIG, tmp_path / 'resumed', tiny_videos, '--resume')
    assert logged(tmp_path / 'resumed') == (knn_log, retrieval)
    resumed_best = glob.glob(str(tmp_path / 'resumed' / 'best_retrieval_top1_epoch_*.pth'))
    assert [osp.basename(p) for p in resumed_best] == [osp.basename(p) for p in best]
    hub = load_checkpoint_file(str(tmp_path / 'resumed' / 'epoch_2.pth'))['message_hub']
    assert hub['runtime_info']['best_score'] == pytest.approx(retrieval[best_epoch]['top1'])



def test_online_knn_gathers_every_process_share(tiny_videos, tmp_path):
    dump = tmp_path / 'features.npz'
    env = dict(os.environ, PORT=str(free_port()))
    result = subprocess.run(
        ['bash', osp.join(REPO_ROOT, 'tools', 'dist_train.sh'), CONFIG, '2',
         '--work-dir', str(tmp_path), '--cfg-options', 'train_cfg.max_epochs=1',
         f'val_evaluator.dump_file={dump}', *data_options(tiny_videos)],
        capture_output=True, text=True, env=env, timeout=300, cwd=REPO_ROOT)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    _, retrieval = logged(tmp_path)
    expected, features = encoder_retrieval(tmp_path / 'epoch_1.pth', tiny_videos)
    assert retrieval[1] == pytest.approx(expected, abs=1e-3)
    # Each process encoded its share (8 of the 15 videos, one twice); the
    # metric saw every video once, in list order.
    data = np.load(dump)
    root, lists = tiny_videos
    names = [line.rsplit(maxsplit=1)[0] for split in ('train', 'val')
             for line in open(lists[split]).read().splitlines()]
    assert [osp.relpath(f, root) for f in data['filenames']] == names
    np.testing.assert_allclose(data['features'], features, atol=1e-5)
