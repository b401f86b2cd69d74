"""MMDet's FastRCNN for AVA, its backbone initialised from a pre-training run."""
from mmdet.models.detectors import FastRCNN
from mmdet.registry import MODELS as MMDET_MODELS

from ..utils.backbone_weights import PretrainedBackboneMixin


@MMDET_MODELS.register_module()
class PretrainedFastRCNN(PretrainedBackboneMixin, FastRCNN):
    """``FastRCNN`` whose backbone starts from a ViDiDi checkpoint (App. B.6).

    As MMAction2's AVA detectors, it classifies actions on person boxes from
    a Faster R-CNN person detector (the proposals). Takes
    ``backbone_checkpoint`` and ``backbone_prefix``
    (:class:`~vididi_mm.models.PretrainedBackboneMixin`) besides
    ``FastRCNN``'s arguments.
    """
