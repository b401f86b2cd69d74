"""ViDiDi-BYOL."""
import torch
from mmengine.logging import MessageHub
from torch import nn
from mmaction.registry import MODELS

from ..utils.cosine_ema import CosineEMA
from .base_two_stream import BaseTwoStream


@MODELS.register_module()
class BYOL(BaseTwoStream):
    """BYOL on a video and its temporal derivatives (App. A.3).

    The online network ``g(h(f(X)))`` predicts the target projection
    ``sg(h_xi(f_xi(X')))`` and vice versa; the two directions of eq. (7) are
    summed (:class:`~vididi_mm.models.BYOLLoss`). The target
    ``(f_xi, h_xi)`` is an EMA of the online encoder and projector whose
    momentum follows the cosine schedule over the run's iterations: the
    iteration and the total that MMEngine's runner publishes in its message
    hub (``RuntimeInfoHook``), as mmpretrain's ``CosineEMA`` reads them, so
    BYOL needs no hook of its own and follows a resumed run.

    Args:
        predictor (dict): The predictor ``g`` (App. B.2: 2 layers, 4096
            hidden, 256 out).
        base_momentum (float): ``tau_base``. Defaults to 0.99.
        cosine_momentum (bool): Defaults to True.
        **kwargs: :class:`~vididi_mm.models.BaseTwoStream`'s arguments.
    """

    def __init__(self, predictor: dict, base_momentum: float = 0.99,
                 cosine_momentum: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.predictor = MODELS.build(predictor)
        self.target_net = CosineEMA(
            nn.ModuleList([self.backbone, self.neck]), base_momentum,
            cosine=cosine_momentum)

    def init_weights(self) -> None:
        super().init_weights()
        # The target starts as a copy of the (initialised) online network.
        self.target_net.restart(nn.ModuleList([self.backbone, self.neck]))

    @torch.no_grad()
    def _target_projection(self, clips: torch.Tensor) -> torch.Tensor:
        backbone, neck = self.target_net.module
        return neck(self.encode(backbone, clips))

    def _update_target(self) -> None:
        if self.target_net.cosine:
            hub = MessageHub.get_current_instance()
            iteration, max_iters = hub.get_info('iter'), hub.get_info('max_iters')
            if iteration is None or not max_iters:
                # A constant momentum instead of the cosine one would not fail,
                # only train another model than the config says.
                raise RuntimeError(
                    "BYOL with cosine_momentum=True follows the run's progress, which "
                    "MMEngine's runner publishes in its message hub ('iter', "
                    "'max_iters'; RuntimeInfoHook): train it through a runner, or set "
                    'cosine_momentum=False')
            self.target_net.set_progress(iteration, max_iters)
        self.target_net.update_parameters(
            nn.ModuleList([self.backbone, self.neck]))

    def loss(self, view, view_prime):
        if self.training:
            self._update_target()
        prediction = self.predictor(self.project(view)), self.predictor(self.project(view_prime))
        target = self._target_projection(view), self._target_projection(view_prime)
        losses = self.loss_module(*prediction, *target)
        losses['momentum'] = torch.tensor(self.target_net.momentum)
        return losses
