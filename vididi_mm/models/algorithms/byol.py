"""ViDiDi-BYOL."""
from typing import Optional

import torch
from mmengine.logging import MessageHub
from torch import nn
from mmaction.registry import MODELS

from ..utils.cosine_ema import CosineEMA
from ..utils.pooling import global_average_pool
from .base_two_stream import BaseTwoStream


@MODELS.register_module()
class BYOL(BaseTwoStream):
    """BYOL on a video and its temporal derivatives (App. A.3).

    The online network ``g(h(f(X)))`` predicts the target projection
    ``sg(h_xi(f_xi(X')))`` and vice versa; the two directions of eq. (7) are
    summed. The target ``(f_xi, h_xi)`` is an EMA of the online encoder and
    projector whose momentum follows the cosine schedule over the run's
    iterations (read from MMEngine's message hub).

    Args:
        backbone (dict): An MMAction2 3D backbone config.
        neck (dict): The projector ``h``.
        head (dict): :class:`~vididi_mm.models.BYOLHead`, holding ``g``.
        base_momentum (float): ``tau_base``. Defaults to 0.99.
        cosine_momentum (bool): Defaults to True.
        data_preprocessor (dict, optional): Defaults to None.
        init_cfg (dict, optional): Defaults to None.
    """

    def __init__(self,
                 backbone: dict,
                 neck: dict,
                 head: dict,
                 base_momentum: float = 0.99,
                 cosine_momentum: bool = True,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(backbone, neck, head, data_preprocessor, init_cfg)
        self.target_net = CosineEMA(
            nn.ModuleList([self.backbone, self.neck]), base_momentum,
            cosine=cosine_momentum)

    def init_weights(self) -> None:
        super().init_weights()
        # The target starts as a copy of the (initialised) online network.
        self.target_net.steps.zero_()
        self.target_net.update_parameters(
            nn.ModuleList([self.backbone, self.neck]))

    @torch.no_grad()
    def _target_projection(self, clips: torch.Tensor) -> torch.Tensor:
        backbone, neck = self.target_net.module
        return neck(global_average_pool(backbone(clips)))

    def _update_target(self) -> None:
        hub = MessageHub.get_current_instance()
        step, max_steps = hub.get_info('iter'), hub.get_info('max_iters')
        if step is not None and max_steps:
            self.target_net.set_progress(step, max_steps)
        self.target_net.update_parameters(
            nn.ModuleList([self.backbone, self.neck]))

    def loss(self, view, view_prime):
        if self.training:
            self._update_target()
        online = self.project(view), self.project(view_prime)
        target = self._target_projection(view), self._target_projection(view_prime)
        losses = self.head.loss(*online, *target)
        losses['momentum'] = torch.tensor(self.target_net.momentum)
        return losses
