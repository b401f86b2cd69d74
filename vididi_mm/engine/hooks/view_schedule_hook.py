"""The balanced alternating view schedule of ViDiDi (Alg. 1, Table 6)."""
from typing import Optional, Sequence, Tuple

import numpy as np
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmaction.registry import HOOKS

from ...models.algorithms.base_two_stream import BaseTwoStream
from ...temporal_derivative import MAX_ORDER, VIEW_NAMES

DATA_BATCH = Optional[dict]

#: Alg. 1, deterministic step: phase = epoch mod 4.
VIDIDI_PAIRS = ((1, 1), (1, 0), (0, 1), (0, 0))


@HOOKS.register_module()
class ViewScheduleHook(Hook):
    """Choose which temporal derivatives the two streams see, per batch.

    Alg. 1 in two steps. Deterministic: epoch ``e`` uses
    ``pairs[e % len(pairs)]``, a pair of derivative orders for (X, X'); the
    default is ViDiDi's (dV, dV') -> (dV, V') -> (V, dV') -> (V, V').
    Random: at every batch both streams are differentiated ``j`` more times,
    ``j`` drawn with probabilities ``extra_order_probs`` (default: once with
    probability 0.5). Every row of Table 6 is a choice of these two
    arguments (``configs/ablations/``), e.g. Base is ``pairs=[(0, 0)]``,
    ``extra_order_probs=[1]``.

    The hook drives the model through its schedule interface before every
    iteration, :meth:`~vididi_mm.models.BaseTwoStream.set_view_orders` with
    the orders; the model logs the orders each batch was fed. It schedules
    views only (BYOL's momentum follows the runner's progress by itself).

    The schedule follows the runner's epoch and iteration, so a resumed run
    is in the same phase, with the same draws, as an uninterrupted one; the
    per-batch draw is seeded by (seed, iteration), so it is also the same on
    every process and the whole global batch has one order (Sec. 3.2).

    Args:
        pairs (Sequence[tuple[int, int]]): Orders (k, k') per epoch phase.
        extra_order_probs (Sequence[float]): Probability of differentiating
            both streams 0, 1, ... more times. Defaults to (0.5, 0.5).
        seed (int, optional): Seed of the per-batch draws; defaults to the
            runner's seed.
    """

    priority = 'NORMAL'

    def __init__(self,
                 pairs: Sequence[Tuple[int, int]] = VIDIDI_PAIRS,
                 extra_order_probs: Sequence[float] = (0.5, 0.5),
                 seed: Optional[int] = None) -> None:
        self.pairs = [tuple(int(k) for k in pair) for pair in pairs]
        self.extra_order_probs = np.asarray(extra_order_probs, dtype=np.float64)
        if not self.pairs or any(len(p) != 2 for p in self.pairs):
            raise ValueError(f'pairs must be a non-empty list of (k, k'') '
                             f'orders, got {pairs}')
        if (self.extra_order_probs.ndim != 1 or len(self.extra_order_probs) == 0
                or (self.extra_order_probs < 0).any()
                or not np.isclose(self.extra_order_probs.sum(), 1)):
            raise ValueError('extra_order_probs must be probabilities summing '
                             f'to 1, got {list(extra_order_probs)}')
        max_order = max(max(p) for p in self.pairs) + len(self.extra_order_probs) - 1
        if max_order > MAX_ORDER or min(min(p) for p in self.pairs) < 0:
            raise ValueError(f'the schedule reaches order {max_order}; only '
                             f'orders 0 to {MAX_ORDER} are defined (eq. 3-4)')
        self.seed = seed

    def pair_for_epoch(self, epoch: int) -> Tuple[int, int]:
        """The deterministic step of Alg. 1."""
        return self.pairs[epoch % len(self.pairs)]

    def extra_order_for_iter(self, seed: int, iteration: int) -> int:
        """The random step of Alg. 1 for one batch, reproducibly."""
        if len(self.extra_order_probs) == 1:
            return 0
        rng = np.random.default_rng([seed, iteration])
        return int(rng.choice(len(self.extra_order_probs),
                              p=self.extra_order_probs))

    def orders(self, epoch: int, iteration: int, seed: int) -> Tuple[int, int]:
        """The orders (k, k') fed at this epoch and iteration."""
        extra = self.extra_order_for_iter(seed, iteration)
        order, order_prime = self.pair_for_epoch(epoch)
        return order + extra, order_prime + extra

    @staticmethod
    def _model(runner):
        model = runner.model
        return model.module if is_model_wrapper(model) else model

    def _seed(self, runner) -> int:
        if self.seed is not None:
            return self.seed
        return int(runner.seed) if runner.seed is not None else 0

    def before_train(self, runner) -> None:
        if not isinstance(self._model(runner), BaseTwoStream):
            raise TypeError(f'{type(self).__name__} needs a two-stream model '
                            '(SimCLR, BYOL, VICReg), got '
                            f'{type(self._model(runner)).__name__}')

    def before_train_epoch(self, runner) -> None:
        order, order_prime = self.pair_for_epoch(runner.epoch)
        runner.logger.info(
            f'ViewScheduleHook: epoch {runner.epoch + 1} (phase '
            f'{runner.epoch % len(self.pairs)}) pairs '
            f'({VIEW_NAMES[order]}, {VIEW_NAMES[order_prime]}\'), extra differentiation '
            f'probabilities {self.extra_order_probs.tolist()}')

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch: DATA_BATCH = None) -> None:
        self._model(runner).set_view_orders(
            *self.orders(runner.epoch, runner.iter, self._seed(runner)))
