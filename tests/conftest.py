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
