from .byol_head import BYOLHead
from .infonce_head import InfoNCEHead
from .vicreg_head import VICRegHead

__all__ = ['BYOLHead', 'InfoNCEHead', 'VICRegHead']
