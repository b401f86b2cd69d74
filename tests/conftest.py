import os.path as osp
import sys

# tests/toy.py and friends are imported as plain modules, tools.* modules by
# their path from the repository root.
sys.path.insert(0, osp.dirname(__file__))
sys.path.insert(1, osp.dirname(osp.dirname(osp.abspath(__file__))))

import vididi_mm  # noqa: E402,F401  (the stack fixes apply before any test imports mmaction)

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def mmaction_scope():
    """Build in MMAction2's scope, as the project's configs do, whatever ran before."""
    from mmengine.registry import init_default_scope
    init_default_scope('mmaction')


@pytest.fixture(scope='session')
def tiny_videos(tmp_path_factory):
    """A tiny synthetic dataset: 5 classes, 2/1/1 videos per class, 16 frames of 32x32."""
    from tools.data.synthetic.synthetic_dynamics import generate_dataset

    root = tmp_path_factory.mktemp('tiny_videos')
    lists = generate_dataset(str(root), videos_per_class=(2, 1, 1), num_frames=16,
                             size=32, seed=0)
    return root, lists


def free_port():
    """A TCP port nobody listens on, for a test's distributed run."""
    import socket

    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


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


@pytest.fixture(scope='session')
def ava_fixture(tmp_path_factory):
    """The generated AVA-format fixture and the --cfg-options that point configs at it."""
    from ava_fixture import generate_ava_fixture

    paths = generate_ava_fixture(str(tmp_path_factory.mktemp('ava')))
    options = []
    for part, split in (('train', 'train'), ('val', 'val'), ('test', 'val')):
        dataset = f'{part}_dataloader.dataset'
        options += [f'{dataset}.ann_file={paths[f"ann_file_{split}"]}',
                    f'{dataset}.exclude_file={paths[f"exclude_file_{split}"]}',
                    f'{dataset}.label_file={paths["label_file"]}',
                    f'{dataset}.proposal_file={paths[f"proposal_file_{split}"]}',
                    f'{dataset}.data_prefix.img={paths["data_root"]}']
    for evaluator in ('val_evaluator', 'test_evaluator'):
        options += [f'{evaluator}.ann_file={paths["ann_file_val"]}',
                    f'{evaluator}.exclude_file={paths["exclude_file_val"]}',
                    f'{evaluator}.label_file={paths["label_file"]}']
    return paths, options
