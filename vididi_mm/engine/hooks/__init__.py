from .progress_bar_hook import ProgressBarHook
from .read_failure_hook import ReadFailureHook
from .raw_clip_bn_hook import RawClipBNHook, reestimate_bn_stats
from .view_schedule_hook import VIDIDI_PAIRS, ViewScheduleHook

__all__ = ['ProgressBarHook', 'RawClipBNHook', 'ReadFailureHook', 'VIDIDI_PAIRS', 'ViewScheduleHook',
           'reestimate_bn_stats']
