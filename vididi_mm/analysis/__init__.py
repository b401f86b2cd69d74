"""What the analysis tools (``tools/analysis/``) are made of: reading a video as an
encoder sees it, saliency (Fig. 5), the pre-training views, similar-video search and
the pictures of them."""
from .encoder import VideoEncoder
from .pretraining_views import pretraining_views
from .saliency import (SALIENCY_METHODS, gradient_saliency, mask_masses, saliency_mass,
                       saliency_tubes)
from .video_index import VideoIndex

__all__ = [
    'SALIENCY_METHODS', 'VideoEncoder', 'VideoIndex', 'gradient_saliency', 'mask_masses',
    'pretraining_views', 'saliency_mass', 'saliency_tubes'
]
