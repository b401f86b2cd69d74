from .pretrained_fast_rcnn import PretrainedFastRCNN

__all__ = ['PretrainedFastRCNN']
