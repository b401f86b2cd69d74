import os.path as osp
import sys

# tests/toy.py and friends are imported as plain modules.
sys.path.insert(0, osp.dirname(__file__))

import vididi_mm  # noqa: E402,F401  (the stack fixes apply before any test imports mmaction)

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


import pytest  # noqa: E402


@pytest.fixture(scope='session')
def tiny_videos(tmp_path_factory):
    """A tiny synthetic dataset: 5 classes, 2/1/1 videos per class, 16 frames of 32x32."""
    from vididi_mm.datasets import generate_dataset

    root = tmp_path_factory.mktemp('tiny_videos')
    lists = generate_dataset(str(root), videos_per_class=(2, 1, 1), num_frames=16,
                             size=32, seed=0)
    return root, lists


def run_tool(tool, *args):
    """Run tools/<tool> in a fresh interpreter; fail the test with its log."""
    import subprocess

    result = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, 'tools', tool), *map(str, args)],
        capture_output=True, text=True, cwd=REPO_ROOT)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    return log


@pytest.fixture(scope='session')
def tiny_pretrained(tiny_videos, tmp_path_factory):
    """One epoch of tiny ViDiDi-VICReg pre-training: its checkpoint."""
    root, lists = tiny_videos
    work_dir = tmp_path_factory.mktemp('tiny_pretrained')
    run_tool('train.py', osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_vicreg.py'),
             '--work-dir', work_dir, '--cfg-options', 'train_cfg.max_epochs=1',
             f'train_dataloader.dataset.ann_file={lists["train"]}',
             f'train_dataloader.dataset.data_prefix.video={root}')
    return work_dir / 'epoch_1.pth'
