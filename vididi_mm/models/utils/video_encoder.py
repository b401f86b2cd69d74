"""What every model of this package starts from: an encoder of clips."""
from typing import List, Optional

import torch
import torch.nn.functional as F
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

    def video_features(self, inputs: torch.Tensor) -> torch.Tensor:
        """One feature per video, as kNN retrieval reads it (Sec. 4.1, App. B.4).

        Each of a video's clips is encoded and pooled, the clip features are
        averaged and L2-normalised; no projector.

        Args:
            inputs (Tensor): ``(N, V, C, T, H, W)``, V clips per video, or
                ``(N, C, T, H, W)``, one.

        Returns:
            Tensor: ``(N, D)``.
        """
        if inputs.ndim == 5:
            inputs = inputs.unsqueeze(1)
        num_videos, num_clips = inputs.shape[:2]
        feats = self.extract_feat(inputs.flatten(0, 1))  # (N * V, D)
        return F.normalize(feats.view(num_videos, num_clips, -1).mean(dim=1), dim=1)

    def predict(self, inputs: torch.Tensor, data_samples: List) -> List:
        """Set each sample's ``feature`` (:meth:`video_features`), which
        :class:`~vididi_mm.evaluation.KNNRetrievalMetric` reads."""
        for sample, feat in zip(data_samples, self.video_features(inputs)):
            sample.set_field(feat, 'feature')
        return data_samples
