from .pretrain_video_dataset import PretrainVideoDataset
from .retrieval_video_dataset import RetrievalVideoDataset
from .samplers import SeededIndex, SeededSampler
from .synthetic_dynamics import LAWS_OF_MOTION, generate_dataset
from .temporal_difference import temporal_difference
from .transforms import *  # noqa: F401,F403

__all__ = [
    'LAWS_OF_MOTION', 'PretrainVideoDataset', 'RetrievalVideoDataset',
    'SeededIndex', 'SeededSampler',
    'generate_dataset',
    'temporal_difference'
]
