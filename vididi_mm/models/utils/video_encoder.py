"""What every model of this package starts from: an encoder of clips."""
from typing import Optional

import torch
from mmengine.model import BaseModel
from mmaction.registry import MODELS

from .pooling import global_average_pool


class VideoEncoderModel(BaseModel):
    """An MMAction2 backbone plus global average pooling: the encoder ``f``.

    The base of the pre-training models (:class:`BaseTwoStream`) and of
    the retrieval encoder (:class:`RetrievalEncoder`), so that both read
    clips the same way: through the data preprocessor their configs name
    (ImageNet normalisation, App. B.1;
    ``configs/_base_/models/data_preprocessors.py``), and pooled over time
    and space (App. B.2).

    Args:
        backbone (dict): An MMAction2 3D backbone config.
        data_preprocessor (dict): The data preprocessor's config.
        init_cfg (dict, optional): Defaults to None.
        channels_last (bool): Keep the backbone's weights and its inputs in
            ``torch.channels_last_3d`` memory (NDHWC), which cuDNN's fastest
            3D convolutions take, notably in bf16; same values, other strides.
            Defaults to False.
    """

    def __init__(self,
                 backbone: dict,
                 data_preprocessor: dict,
                 init_cfg: Optional[dict] = None,
                 channels_last: bool = False) -> None:
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.channels_last = channels_last
        if channels_last:
            # Initialisation and checkpoint loading copy into these tensors
            # in place, and moving to a device keeps their strides.
            self.backbone.to(memory_format=torch.channels_last_3d)

    def encode(self, backbone: torch.nn.Module, clips: torch.Tensor) -> torch.Tensor:
        """Pooled features of ``clips`` through ``backbone`` (this model's, or
        a copy of it such as BYOL's target), in this model's memory format."""
        if self.channels_last:
            clips = clips.contiguous(memory_format=torch.channels_last_3d)
        return global_average_pool(backbone(clips))

    def extract_feat(self, inputs: torch.Tensor) -> torch.Tensor:
        """Encode clips ``(N, C, T, H, W)`` into pooled features ``(N, D)``."""
        return self.encode(self.backbone, inputs)
