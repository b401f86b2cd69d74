"""A sampler that also hands each sample the seed of its random augmentation."""
from typing import Iterator, NamedTuple

import numpy as np
from mmengine.dataset import DefaultSampler
from mmaction.registry import DATA_SAMPLERS


class SeededIndex(NamedTuple):
    """A dataset index and the seed of that sample's random draws."""
    index: int
    seed: int


@DATA_SAMPLERS.register_module()
class SeededSampler(DefaultSampler):
    """MMEngine's ``DefaultSampler`` that seeds every sample's augmentation.

    With the global numpy state, a sample's random crops and colour draws
    depend on the data-loader workers' history: how many workers there are,
    whether they persist across epochs, and whether the run was resumed.
    Here each yielded index carries a seed derived from (sampler seed, epoch,
    position in the epoch), which
    :class:`~vididi_mm.datasets.PretrainVideoDataset` uses for that sample.
    So a resumed run sees exactly the views an uninterrupted run would, with
    any number of workers.

    Args:
        Same as ``DefaultSampler``.
    """

    def __iter__(self) -> Iterator[SeededIndex]:
        for position, index in enumerate(super().__iter__()):
            seed = np.random.SeedSequence(
                [self.seed, self.epoch, self.rank, position]).generate_state(1)[0]
            yield SeededIndex(int(index), int(seed))
