from .view_schedule_hook import VIDIDI_PAIRS, ViewScheduleHook

__all__ = ['VIDIDI_PAIRS', 'ViewScheduleHook']
