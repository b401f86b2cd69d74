"""Two processes (gloo, CPU) give one process's loss and gradients on the global batch."""
import gc
import os

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel

from conftest import free_port
from vididi_mm.models.losses import InfoNCELoss, VICRegLoss

WORLD = 2
LOCAL_BATCH = 4


def make_loss(name):
    return InfoNCELoss(temperature=0.1) if name == 'infonce' else VICRegLoss()


def loss_and_grads(encoder, loss_module, x, x_prime):
    terms = loss_module(encoder(x), encoder(x_prime))
    loss = sum(terms.values())
    loss.backward()
    return loss.detach(), [p.grad.clone() for p in encoder.parameters()]


def global_batch():
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(WORLD * LOCAL_BATCH, 6, generator=gen, dtype=torch.float64)
    return x, x + 0.1 * torch.randn(x.shape, generator=gen, dtype=torch.float64)


def encoder():
    torch.manual_seed(0)
    return torch.nn.Linear(6, 5).double()


def _rank(rank, port, loss_name, out_dir):
    os.environ.update(MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port))
    dist.init_process_group('gloo', rank=rank, world_size=WORLD)
    model = DistributedDataParallel(encoder())
    x, x_prime = global_batch()
    part = slice(rank * LOCAL_BATCH, (rank + 1) * LOCAL_BATCH)
    loss, grads = loss_and_grads(model, make_loss(loss_name), x[part], x_prime[part])
    torch.save((loss, grads), os.path.join(out_dir, f'rank{rank}.pth'))
    # DDP's reducer must go before its process group: destroying it after
    # can deadlock gloo's worker thread on the GIL.
    del model
    gc.collect()
    dist.destroy_process_group()



@pytest.mark.parametrize('loss_name', ['infonce', 'vicreg'])
def test_two_processes_equal_one(loss_name, tmp_path):
    mp.spawn(_rank, args=(free_port(), loss_name, str(tmp_path)), nprocs=WORLD,
             join=True)
    results = [torch.load(tmp_path / f'rank{rank}.pth') for rank in range(WORLD)]

    x, x_prime = global_batch()
    loss, grads = loss_and_grads(encoder(), make_loss(loss_name), x, x_prime)
    for rank_loss, rank_grads in results:
        torch.testing.assert_close(rank_loss, loss)
        for got, want in zip(rank_grads, grads):
            torch.testing.assert_close(got, want)

