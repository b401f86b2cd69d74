from .byol_head import BYOLHead, byol_loss
from .infonce_head import InfoNCEHead, infonce_loss
from .vicreg_head import VICRegHead, vicreg_loss

__all__ = ['BYOLHead', 'InfoNCEHead', 'VICRegHead', 'byol_loss',
           'infonce_loss', 'vicreg_loss']
