"""MMAction2's Recognizer3D, its backbone initialised from a pre-training run."""
from typing import Optional

from mmaction.models import Recognizer3D
from mmaction.registry import MODELS

from ..utils.backbone_weights import load_backbone_weights


@MODELS.register_module()
class PretrainedRecognizer3D(Recognizer3D):
    """``Recognizer3D`` whose backbone starts from a ViDiDi checkpoint (Sec. 4.1).

    The weights are loaded strictly when the runner initialises the model
    (before ``--resume`` or ``load_from``, which take precedence), so a
    checkpoint that does not fit fails with the keys named.

    Args:
        backbone_checkpoint (str, optional): A pre-training checkpoint of any
            model of this project. None leaves the backbone random.
        backbone_prefix (str): See
            :func:`~vididi_mm.models.select_backbone_state`.
            Defaults to ``'backbone.'``.
        **kwargs: ``Recognizer3D``'s arguments.
    """

    def __init__(self,
                 backbone_checkpoint: Optional[str] = None,
                 backbone_prefix: str = 'backbone.',
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.backbone_checkpoint = backbone_checkpoint
        self.backbone_prefix = backbone_prefix

    def init_weights(self) -> None:
        super().init_weights()
        if self.backbone_checkpoint:
            load_backbone_weights(self.backbone, self.backbone_checkpoint,
                                  self.backbone_prefix)
