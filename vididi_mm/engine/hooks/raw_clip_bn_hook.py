"""Re-estimate the encoder's BatchNorm statistics on raw clips (PreciseBN)."""
from typing import List, Optional

import torch
from mmengine import dist
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from torch.nn.modules.batchnorm import _BatchNorm
from mmaction.registry import HOOKS


def reestimate_bn_stats(backbone: torch.nn.Module, batches, preprocess,
                        num_batches: Optional[int] = None) -> int:
    """Replace the running statistics of ``backbone``'s BatchNorm layers by
    their exact average over raw training clips.

    Each batch of clip pairs ``(N, 2, C, T, H, W)`` goes through the backbone
    one view at a time, as in pre-training (two passes, so statistics per
    view), with no derivative taken. With ``momentum=None`` PyTorch's
    BatchNorm keeps the cumulative average of the batch means and variances,
    which is PreciseBN's estimate (Wu & Johnson, "Rethinking 'Batch' in
    BatchNorm", 2021). Weights are not touched.

    Args:
        backbone (nn.Module): The encoder.
        batches (Iterable[dict]): Data batches as a dataloader yields them.
        preprocess (Callable): ``data -> dict(inputs=...)``, the model's data
            preprocessor.
        num_batches (int, optional): Stop after this many batches. Defaults
            to all.

    Returns:
        int: The number of batches used.
    """
    norms: List[_BatchNorm] = [m for m in backbone.modules()
                               if isinstance(m, _BatchNorm) and m.track_running_stats]
    if not norms:
        return 0
    momenta = [bn.momentum for bn in norms]
    training = backbone.training
    for bn in norms:
        bn.reset_running_stats()
        bn.momentum = None
    backbone.train()
    used = 0
    try:
        with torch.no_grad():
            for data in batches:
                if num_batches is not None and used >= num_batches:
                    break
                inputs = preprocess(data)['inputs']  # (N, 2, C, T, H, W)
                for view in range(inputs.shape[1]):
                    backbone(inputs[:, view])
                used += 1
    finally:
        for bn, momentum in zip(norms, momenta):
            bn.momentum = momentum
        backbone.train(training)
    if used == 0:
        raise ValueError('no batch to re-estimate BatchNorm statistics on')
    if dist.get_world_size() > 1:
        # Each process saw its own shard: average, so every rank (and the
        # checkpoint rank 0 writes) holds the statistics of the global data.
        for bn in norms:
            dist.all_reduce(bn.running_mean, op='mean')
            dist.all_reduce(bn.running_var, op='mean')
    return used


@HOOKS.register_module()
class RawClipBNHook(Hook):
    """Give the pre-trained encoder BatchNorm statistics of raw clips.

    A ViDiDi encoder is trained on a mix of raw-clip and derivative batches
    (Alg. 1: half of the batches are differentiated even in the (V, V')
    phase), so the running statistics of its BatchNorm layers are a moving
    average over both kinds of input, while retrieval, fine-tuning and
    detection feed raw clips (docs/design.md). After the last training epoch,
    before its checkpoint is written, this hook re-estimates the backbone's
    statistics on ``num_batches`` batches of raw training clips
    (:func:`reestimate_bn_stats`). Training itself is unchanged: BatchNorm
    uses batch statistics in training mode; only the statistics that
    evaluation uses change. The projector is discarded after pre-training and
    keeps its statistics.

    Args:
        num_batches (int): Batches of the training loader to average over,
            fewer if the loader is shorter. Defaults to 200 (as PreciseBN).
        interval (int, optional): Also re-estimate every ``interval`` epochs,
            so that intermediate checkpoints carry raw-clip statistics too.
            Defaults to None (the last epoch only).
    """

    priority = 'ABOVE_NORMAL'  # before CheckpointHook saves the epoch

    def __init__(self, num_batches: int = 200,
                 interval: Optional[int] = None) -> None:
        if num_batches < 1:
            raise ValueError(f'num_batches must be >= 1, got {num_batches}')
        self.num_batches = num_batches
        self.interval = interval

    def after_train_epoch(self, runner) -> None:
        if not (self.is_last_train_epoch(runner) or
                (self.interval and self.every_n_epochs(runner, self.interval))):
            return
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        used = reestimate_bn_stats(
            model.backbone, runner.train_dataloader,
            lambda data: model.data_preprocessor(data, training=True),
            self.num_batches)
        runner.logger.info(f'{type(self).__name__}: BatchNorm statistics of the '
                           f'backbone re-estimated on {used} batches of raw clips')
