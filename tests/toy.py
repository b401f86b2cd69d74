"""A toy regression model and dataset for tests of the runner plumbing, and a
dataset that shows whether its DataLoader workers ended cleanly.

They stand for "any model": tests of the stack fixes (checkpoint resume,
multi-process CPU runs) use them with the real MMEngine Runner.
"""
import multiprocessing.util
import os

import torch
from mmengine.model import BaseModel
from torch.utils.data import Dataset, get_worker_info


class ToyModel(BaseModel):
    """y = w x + b, trained with a mean squared error."""

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(2, 1)

    def forward(self, inputs, targets, mode='tensor'):
        pred = self.linear(torch.stack(inputs) if isinstance(inputs, list) else inputs)
        if mode == 'loss':
            targets = torch.stack(targets) if isinstance(targets, list) else targets
            return dict(loss=((pred - targets)**2).mean())
        return pred


class ToyDataset(Dataset):
    """Points on a line with a fixed seed, so each run sees the same data."""
    metainfo = dict()

    def __init__(self, length=16):
        gen = torch.Generator().manual_seed(0)
        self.x = torch.randn(length, 2, generator=gen)
        self.y = self.x @ torch.tensor([[1.5], [-2.0]]) + 0.3

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return dict(inputs=self.x[index], targets=self.y[index])


def toy_runner_cfg(work_dir, max_epochs=2, **extra):
    """The keyword arguments of a real Runner that trains the toy model."""
    cfg = dict(
        model=ToyModel(),
        work_dir=str(work_dir),
        train_dataloader=dict(
            dataset=ToyDataset(),
            sampler=dict(type='DefaultSampler', shuffle=True),
            batch_size=4,
            num_workers=0),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.05, momentum=0.9)),
        train_cfg=dict(by_epoch=True, max_epochs=max_epochs),
        default_hooks=dict(checkpoint=dict(type='CheckpointHook', interval=1)),
        randomness=dict(seed=0),
        default_scope='mmengine')
    cfg.update(extra)
    return cfg


def _touch(path):
    open(path, 'w').close()


class MarksCleanExit(Dataset):
    """Items whose DataLoader workers leave ``worker<id>`` in ``folder`` when
    they end on their own (their stop message received, Python's exit
    handlers run), and nothing when they are killed (torch's SIGTERM handler
    ends a worker without running them)."""

    def __init__(self, items, folder):
        self.items, self.folder, self.registered = items, folder, False

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        info = get_worker_info()
        if info is not None and not self.registered:  # once per worker process
            self.registered = True
            multiprocessing.util.Finalize(
                None, _touch, args=(os.path.join(self.folder, f'worker{info.id}'),),
                exitpriority=0)
        return self.items[index]
