"""MMAction2's Recognizer3D, its backbone initialised from a pre-training run."""
from mmaction.models import Recognizer3D
from mmaction.registry import MODELS

from ..utils.backbone_weights import PretrainedBackboneMixin


@MODELS.register_module()
class PretrainedRecognizer3D(PretrainedBackboneMixin, Recognizer3D):
    """``Recognizer3D`` whose backbone starts from a ViDiDi checkpoint (Sec. 4.1).

    Takes ``backbone_checkpoint`` and ``backbone_prefix``
    (:class:`~vididi_mm.models.PretrainedBackboneMixin`) besides
    ``Recognizer3D``'s arguments.
    """
