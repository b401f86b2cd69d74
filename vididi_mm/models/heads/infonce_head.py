"""SimCLR's loss head: InfoNCE over the (gathered) batch."""
import torch
from mmengine.model import BaseModule
from mmaction.registry import MODELS

from ..losses import infonce_loss
from ..utils.gather import gather_with_grad


@MODELS.register_module()
class InfoNCEHead(BaseModule):
    """SimCLR's loss head.

    Args:
        temperature (float): Defaults to 0.1 (App. B.2).
        gather (bool): Contrast against the global batch of all processes,
            as one process would with that batch. False keeps each process's
            negatives local, as the authors' research code did.
            Defaults to True.
    """

    def __init__(self, temperature: float = 0.1, gather: bool = True,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.temperature = temperature
        self.gather = gather

    def loss(self, z: torch.Tensor, z_prime: torch.Tensor) -> dict:
        if self.gather:
            z, z_prime = gather_with_grad(z), gather_with_grad(z_prime)
        return dict(loss=infonce_loss(z, z_prime, self.temperature))
