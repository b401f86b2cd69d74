from .hooks import VIDIDI_PAIRS, ProgressBarHook, ViewScheduleHook
from .optimizers import LARS

__all__ = ['LARS', 'ProgressBarHook', 'VIDIDI_PAIRS', 'ViewScheduleHook']
