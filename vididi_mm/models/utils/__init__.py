from .backbone_weights import (BackboneWeightsError, load_backbone_weights,
                               select_backbone_state)
from .cosine_ema import CosineEMA
from .gather import gather_with_grad

__all__ = [
    'BackboneWeightsError', 'CosineEMA', 'gather_with_grad',
    'load_backbone_weights', 'select_backbone_state'
]
