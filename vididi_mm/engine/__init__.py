from .hooks import (VIDIDI_PAIRS, ProgressBarHook, RawClipBNHook, ReadFailureHook,
                    ViewScheduleHook, reestimate_bn_stats)
from .optimizers import LARS

__all__ = ['LARS', 'ProgressBarHook', 'RawClipBNHook', 'ReadFailureHook', 'VIDIDI_PAIRS',
           'ViewScheduleHook', 'reestimate_bn_stats']
