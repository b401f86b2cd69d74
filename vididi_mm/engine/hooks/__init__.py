from .progress_bar_hook import ProgressBarHook
from .view_schedule_hook import VIDIDI_PAIRS, ViewScheduleHook

__all__ = ['ProgressBarHook', 'VIDIDI_PAIRS', 'ViewScheduleHook']
