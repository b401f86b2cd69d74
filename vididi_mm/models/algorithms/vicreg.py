"""ViDiDi-VICReg."""
from mmaction.registry import MODELS

from .base_two_stream import BaseTwoStream


@MODELS.register_module()
class VICReg(BaseTwoStream):
    """VICReg on a video and its temporal derivatives (App. A.4).

    ``Z = h(f(X))``, ``Z' = h(f(X'))``; the invariance, variance and
    covariance terms of eq. (8)-(11) are returned and logged separately
    (:class:`~vididi_mm.models.VICRegHead`,
    :func:`~vididi_mm.models.vicreg_loss`). The variance and covariance terms
    of both views are summed, as eq. (11) writes them; VICReg's reference
    code, where lambda = mu come from, averages the two views' variance
    terms, so mu = 1 here weighs the variance twice as much as there.
    """
