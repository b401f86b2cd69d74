from .cosine_ema import CosineEMA
from .gather import gather_with_grad

__all__ = ['CosineEMA', 'gather_with_grad']
