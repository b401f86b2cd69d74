"""ViDiDi-VICReg."""
from mmaction.registry import MODELS

from .base_two_stream import BaseTwoStream


@MODELS.register_module()
class VICReg(BaseTwoStream):
    """VICReg on a video and its temporal derivatives (App. A.4).

    ``Z = h(f(X))``, ``Z' = h(f(X'))``; the invariance, variance and
    covariance terms of eq. (8)-(11) are returned and logged separately
    (:class:`~vididi_mm.models.VICRegLoss`, which says how its weights
    compare with VICReg's reference code).
    """
