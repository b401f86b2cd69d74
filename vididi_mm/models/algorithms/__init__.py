from .base_two_stream import BaseTwoStream
from .byol import BYOL
from .simclr import SimCLR
from .vicreg import VICReg

__all__ = ['BaseTwoStream', 'BYOL', 'SimCLR', 'VICReg']
