from .backbone_weights import (BackboneWeightsError, PretrainedBackboneMixin,
                               load_backbone_weights, select_backbone_state)
from .cosine_ema import CosineEMA
from .gather import gather_with_grad
from .pooling import global_average_pool
from .video_encoder import VideoEncoderModel

__all__ = [
    'BackboneWeightsError', 'CosineEMA',
    'VideoEncoderModel', 'gather_with_grad',
    'PretrainedBackboneMixin', 'global_average_pool', 'load_backbone_weights',
    'select_backbone_state'
]
