from .byol_loss import BYOLLoss, byol_loss
from .embedding_pair import check_embedding_pair
from .infonce_loss import InfoNCELoss, infonce_loss
from .vicreg_loss import INVARIANCE_REDUCTIONS, VICRegLoss, covariance, invariance, variance

__all__ = ['BYOLLoss', 'INVARIANCE_REDUCTIONS', 'InfoNCELoss', 'VICRegLoss', 'byol_loss',
           'check_embedding_pair', 'covariance', 'infonce_loss', 'invariance', 'variance']
