from .byol_loss import byol_loss
from .embedding_pair import check_embedding_pair
from .infonce_loss import infonce_loss
from .vicreg_loss import covariance, invariance, variance, vicreg_loss

__all__ = ['byol_loss', 'check_embedding_pair', 'covariance', 'infonce_loss',
           'invariance', 'variance', 'vicreg_loss']
