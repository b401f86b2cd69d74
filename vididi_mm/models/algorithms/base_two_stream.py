"""The two-stream self-supervised model that SimCLR, BYOL and VICReg share."""
from typing import Dict, List, Optional, Tuple

import torch
from mmaction.registry import MODELS

from ...temporal_derivative import MAX_ORDER, temporal_difference
from ..utils.video_encoder import VideoEncoderModel


class BaseTwoStream(VideoEncoderModel):
    """One encoder, two views of each video, and an instance-discrimination loss.

    ViDiDi (Sec. 3.2, Alg. 1) feeds the two clips V, V' of each video, or
    their temporal derivatives, to one encoder ``f`` (an MMAction2 backbone
    plus global average pooling) and a projector ``h``.

    The view schedule's interface, the one path from the runner's epoch into
    the model, is :meth:`set_view_orders`, which
    :class:`~vididi_mm.engine.ViewScheduleHook` calls before every iteration:
    the orders (k, k') every following training batch is fed until the next
    call (without the hook both streams see the raw clips, the Base
    schedule). Every ``'loss'`` forward returns the orders it used as
    ``view_order`` and ``view_order_prime`` beside its loss terms, so the
    runner's log is the record of the schedule actually followed.

    Differentiation runs here, on the model's device and after the data
    preprocessor has normalised the batch (App. B.1), with the same order for
    every clip of the batch. The objective is a registered loss module
    (``losses/``: :class:`~vididi_mm.models.InfoNCELoss`,
    :class:`~vididi_mm.models.VICRegLoss`, :class:`~vididi_mm.models.BYOLLoss`)
    that returns its named terms.

    Args:
        backbone (dict): An MMAction2 3D backbone config.
        neck (dict): The projector ``h``.
        loss (dict): The objective, e.g. ``dict(type='VICRegLoss')``.
        data_preprocessor (dict): How a batch reaches the encoder: the
            configs' ``two_stream_preprocessor``
            (``configs/_base_/models/data_preprocessors.py``), the clip
            augmentation on the device or not, then ImageNet normalisation.
        init_cfg (dict, optional): Defaults to None.
        channels_last (bool): NDHWC memory for the encoder and its inputs
            (:class:`~vididi_mm.models.VideoEncoderModel`). Defaults to False.
    """

    def __init__(self,
                 backbone: dict,
                 neck: dict,
                 loss: dict,
                 data_preprocessor: dict,
                 init_cfg: Optional[dict] = None,
                 channels_last: bool = False) -> None:
        super().__init__(backbone, data_preprocessor, init_cfg, channels_last)
        self.neck = MODELS.build(neck)
        self.loss_module = MODELS.build(loss)
        self.view_orders: Tuple[int, int] = (0, 0)

    def set_view_orders(self, order: int, order_prime: int) -> None:
        """Choose the temporal-derivative order of each stream (Alg. 1)."""
        for k in (order, order_prime):
            if not 0 <= k <= MAX_ORDER:
                raise ValueError(f'view orders must be in 0..{MAX_ORDER}, '
                                 f'got {(order, order_prime)}')
        self.view_orders = (int(order), int(order_prime))

    def make_views(self, inputs: torch.Tensor
                   ) -> Tuple[torch.Tensor, torch.Tensor]:
        """Turn a batch of clip pairs into the two streams' inputs (X, X').

        Args:
            inputs (Tensor): ``(N, 2, C, T, H, W)``, normalised.

        Returns:
            tuple[Tensor]: Two ``(N, C, T', H, W)`` batches. In a mixed pair
            such as (V, dV') the raw clip is cut to its first ``T - k``
            frames, so that both streams cover the same time span.
        """
        if inputs.ndim != 6 or inputs.shape[1] != 2:
            raise ValueError('expected (N, 2, C, T, H, W) clip pairs, got '
                             f'{tuple(inputs.shape)}')
        views = [temporal_difference(inputs[:, i], k, dim=2)
                 for i, k in enumerate(self.view_orders)]
        length = min(v.shape[2] for v in views)
        return views[0][:, :, :length], views[1][:, :, :length]

    def forward(self,
                inputs: torch.Tensor,
                data_samples: Optional[List] = None,
                mode: str = 'tensor'):
        """``'tensor'``: pooled backbone features of every clip, ``(N * V, D)``
        for ``(N, V, C, T, H, W)`` inputs; ``'loss'``: the named loss terms
        of a batch of clip pairs; ``'predict'``: each video's retrieval
        feature (:meth:`~vididi_mm.models.VideoEncoderModel.predict`), for
        kNN retrieval while pre-training (``configs/_base_/online_knn/``)."""
        if mode == 'tensor':
            if inputs.ndim == 6:
                inputs = inputs.flatten(0, 1)
            return self.extract_feat(inputs)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'loss':
            losses = self.loss(*self.make_views(inputs))
            # The orders this batch was fed, logged beside its loss: the
            # runner's record (vis_data/scalars.json) of the schedule the
            # model followed, rather than of what a hook meant it to follow.
            for key, order in zip(('view_order', 'view_order_prime'),
                                  self.view_orders):
                losses[key] = torch.tensor(float(order), device=inputs.device)
            return losses
        raise RuntimeError(f'{type(self).__name__} has no {mode!r} mode; modes are '
                           "'tensor', 'loss' and 'predict'")

    def project(self, clips: torch.Tensor) -> torch.Tensor:
        """``h(f(X))``: ``(N, C, T, H, W)`` -> ``(N, D)``."""
        return self.neck(self.extract_feat(clips))

    def loss(self, view: torch.Tensor,
             view_prime: torch.Tensor) -> Dict[str, torch.Tensor]:
        """The objective's named terms for ``Z = h(f(X))``, ``Z' = h(f(X'))``.

        What SimCLR and VICReg share; BYOL, with its target network,
        overrides it.
        """
        return self.loss_module(self.project(view), self.project(view_prime))
