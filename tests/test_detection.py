"""AVA action detection: configs, training and testing on the generated fixture,
the metric's meaning, the proposal step, and pre-trained weights in the backbone."""
import os.path as osp
import pickle
import re

import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmaction.registry import DATASETS, METRICS, MODELS

from conftest import REPO_ROOT, run_tool
from vididi_mm.compat import load_checkpoint_file

TINY_AVA = osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_ava.py')


def test_train_one_epoch_and_test_print_map(ava_fixture, tmp_path):
    _, options = ava_fixture
    log = run_tool('train.py', TINY_AVA, '--work-dir', tmp_path, '--cfg-options', *options)
    assert re.search(r'Epoch\(val\) \[1\].*mAP/overall: [\d.]+', log)
    (best, ) = [p for p in tmp_path.iterdir() if p.name.startswith('best_mAP')]
    log = run_tool('test.py', TINY_AVA, best, '--work-dir', tmp_path, '--cfg-options', *options)
    assert re.search(r'Epoch\(test\).*mAP/overall: [\d.]+', log)


def ground_truth_predictions(paths, relabel=lambda label: label):
    """The val annotations as detector outputs: true boxes, one-hot scores."""
    rows = {}
    for line in open(paths['ann_file_val']):
        video_id, ts, *box, action, _ = line.strip().split(',')
        rows.setdefault((video_id, int(ts)), []).append(([float(c) for c in box], int(action)))
    samples = []
    for (video_id, ts), people in rows.items():
        scores = torch.zeros(len(people), 4)
        for i, (_, action) in enumerate(people):
            scores[i, relabel(action)] = 1.0
        samples.append(dict(video_id=video_id, timestamp=ts, pred_instances=dict(
            bboxes=torch.tensor([box for box, _ in people]), scores=scores)))
    return samples


def ava_map(paths, samples, workdir, monkeypatch):
    monkeypatch.chdir(workdir)  # AVAMetric writes a temporary CSV in the cwd
    metric = METRICS.build(dict(type='AVAMetric', ann_file=paths['ann_file_val'],
                                exclude_file=paths['exclude_file_val'],
                                label_file=paths['label_file'], num_classes=4))
    metric.process(None, samples)
    return metric.compute_metrics(metric.results)['overall']


def test_metric_scores_ground_truth_1_and_shuffled_labels_less(ava_fixture, tmp_path,
                                                               monkeypatch):
    paths, _ = ava_fixture
    assert ava_map(paths, ground_truth_predictions(paths), tmp_path, monkeypatch) == 1.0
    shuffled = ground_truth_predictions(paths, relabel=lambda a: a % 3 + 1)
    assert ava_map(paths, shuffled, tmp_path, monkeypatch) < 0.5


def test_proposal_step_writes_a_pkl_the_dataset_loads(ava_fixture, tmp_path):
    paths, _ = ava_fixture
    # A small Faster R-CNN (ResNet-18, one class: person) with random weights
    # stands for the user's person detector checkpoint; with no score
    # threshold it boxes something on the keyframes.
    config = tmp_path / 'person_detector.py'
    config.write_text(
        "_base_ = 'mmdet::faster_rcnn/faster-rcnn_r50_fpn_1x_coco.py'\n"
        'model = dict(backbone=dict(depth=18, init_cfg=None),\n'
        '             neck=dict(in_channels=[64, 128, 256, 512]),\n'
        '             roi_head=dict(bbox_head=dict(num_classes=1)))\n')
    cfg = Config.fromfile(str(config))
    init_default_scope('mmdet')
    from mmdet.registry import MODELS as DET
    detector = DET.build(cfg.model)
    torch.save(dict(state_dict=detector.state_dict(),
                    meta=dict(dataset_meta=dict(classes=['person']))),
               tmp_path / 'detector.pth')

    out = tmp_path / 'proposals.pkl'
    log = run_tool('detection/generate_proposals.py', config, tmp_path / 'detector.pth',
                   '--ann-file', paths['ann_file_val'], '--frames-root', paths['data_root'],
                   '--out', out, '--fps', 8, '--timestamp-start', 0, '--score-thr', 0)
    assert 'person boxes on' in log
    proposals = pickle.load(open(out, 'rb'))
    keys = {','.join(line.split(',')[:2]) for line in open(paths['ann_file_val'])}
    assert proposals and set(proposals) <= keys
    for boxes in proposals.values():
        assert boxes.dtype == np.float32 and boxes.shape[1] == 5
        assert ((boxes[:, :4] >= 0) & (boxes[:, :4] <= 1)).all()

    init_default_scope('mmaction')
    dataset = DATASETS.build(dict(
        type='AVADataset', ann_file=paths['ann_file_val'], exclude_file=None,
        label_file=paths['label_file'], proposal_file=str(out), pipeline=[],
        data_prefix=dict(img=paths['data_root']), fps=8, timestamp_start=0,
        timestamp_end=8, num_classes=4, test_mode=True, person_det_score_thr=0.0))
    for index in range(len(dataset)):
        info = dataset.get_data_info(index)
        assert info['proposals'].shape[1] == 4 and len(info['proposals']) > 0
        if info['img_key'] in proposals:  # the detector's boxes, not the whole frame
            assert len(info['proposals']) == len(proposals[info['img_key']])


def test_pretrained_weights_land_in_the_backbone(tiny_pretrained):
    cfg = Config.fromfile(TINY_AVA)
    cfg.model.backbone_checkpoint = str(tiny_pretrained)
    init_default_scope('mmaction')
    detector = MODELS.build(cfg.model)
    before = detector.backbone.conv1.conv.weight.detach().clone()
    detector.init_weights()
    expected = load_checkpoint_file(str(tiny_pretrained))['state_dict']['backbone.conv1.conv.weight']
    assert not torch.equal(before, expected)
    torch.testing.assert_close(detector.backbone.conv1.conv.weight.detach(), expected)
