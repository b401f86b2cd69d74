"""A toy regression model and dataset for tests of the runner plumbing.

They stand for "any model": tests of the stack fixes (checkpoint resume,
multi-process CPU runs) use them with the real MMEngine Runner.
"""
import torch
from mmengine.model import BaseModel
from torch.utils.data import Dataset


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
