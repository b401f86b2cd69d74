from .pyav_seek_reader import PyAVSeekReader
from .pretrain_rawframe_dataset import PretrainRawframeDataset
from .pretrain_video_dataset import PretrainVideoDataset
from .retrieval_video_dataset import RetrievalVideoDataset, find_unreadable
from .samplers import SeededIndex, SeededSampler
from .transforms import *  # noqa: F401,F403
from .video_list import VideoListError, parse_video_list

__all__ = [
    'PretrainRawframeDataset', 'PretrainVideoDataset', 'PyAVSeekReader', 'RetrievalVideoDataset',
    'SeededIndex', 'SeededSampler', 'VideoListError', 'find_unreadable',
    'parse_video_list'
]
