from .plain_conv3d import PlainConv3d
from .s3d import S3D

__all__ = ['PlainConv3d', 'S3D']
