"""VICReg's loss head: eq. (11) over the (gathered) batch."""
import torch
from mmengine.model import BaseModule
from mmaction.registry import MODELS

from ..losses import vicreg_loss
from ..utils.gather import gather_with_grad


@MODELS.register_module()
class VICRegHead(BaseModule):
    """VICReg's loss head (App. A.4, B.2).

    Args:
        sim_weight (float): lambda. Defaults to 1.0.
        var_weight (float): mu. Defaults to 1.0.
        cov_weight (float): nu. Defaults to 0.05 (the authors' code: 0.04).
        gamma (float): Target standard deviation. Defaults to 1.0.
        eps (float): Defaults to 1e-4.
        invariance_reduction (str): See :func:`invariance`.
            Defaults to 'mean'.
        gather (bool): Variance and covariance of the global batch of all
            processes; False keeps them per process, as the authors' research
            code did. Defaults to True.
    """

    def __init__(self,
                 sim_weight: float = 1.0,
                 var_weight: float = 1.0,
                 cov_weight: float = 0.05,
                 gamma: float = 1.0,
                 eps: float = 1e-4,
                 invariance_reduction: str = 'mean',
                 gather: bool = True,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if invariance_reduction not in ('mean', 'sum'):
            raise ValueError("invariance_reduction must be 'mean' or 'sum'")
        self.weights = dict(sim_weight=sim_weight, var_weight=var_weight,
                            cov_weight=cov_weight, gamma=gamma, eps=eps,
                            invariance_reduction=invariance_reduction)
        self.gather = gather

    def loss(self, z: torch.Tensor, z_prime: torch.Tensor) -> dict:
        if self.gather:
            z, z_prime = gather_with_grad(z), gather_with_grad(z_prime)
        return vicreg_loss(z, z_prime, **self.weights)
