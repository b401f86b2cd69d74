"""A miniature `make demo`: tiny data, 1 epoch, both methods, retrieval, report."""
import json
import os.path as osp

from conftest import run_tool


def test_miniature_demo(tiny_videos, tmp_path):
    root, _ = tiny_videos
    log = run_tool('demo.py', '--data-dir', root, '--work-dir', tmp_path,
                   '--epochs', 1, '--batch-size', 4, '--workers', 0)
    for phase in ('1/4 data', '2/4 pre-training ViDiDi-VICReg', '2/4 pre-training VICReg',
                  '3/4 retrieval', '4/4 report'):
        assert phase in log
    assert '| ViDiDi-VICReg |' in log and '| VICReg |' in log
    results = json.load(open(tmp_path / 'results.json'))
    for name in ('ViDiDi-VICReg', 'VICReg'):
        (run, ) = results[name]
        assert 0 <= run['top1'] <= run['top5'] <= run['top10'] <= 100
    for picture in ('tsne_ViDiDi-VICReg.png', 'tsne_VICReg.png', 'loss_curves.png'):
        assert osp.getsize(tmp_path / picture) > 1000
