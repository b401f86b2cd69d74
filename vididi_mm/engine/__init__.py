from .hooks import VIDIDI_PAIRS, ViewScheduleHook
from .optimizers import LARS

__all__ = ['LARS', 'VIDIDI_PAIRS', 'ViewScheduleHook']
