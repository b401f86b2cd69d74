"""ViDiDi-SimCLR."""
from mmaction.registry import MODELS

from .base_two_stream import BaseTwoStream


@MODELS.register_module()
class SimCLR(BaseTwoStream):
    """SimCLR on a video and its temporal derivatives (App. A.2).

    ``Z = h(f(X))``, ``Z' = h(f(X'))``, trained with the symmetric InfoNCE
    loss of eq. (5) (:class:`~vididi_mm.models.InfoNCELoss`).
    """
