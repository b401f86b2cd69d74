from .plain_conv3d import PlainConv3d
from .resnet2plus1d_tv import ResNet2Plus1dTV
from .s3d import S3D

__all__ = ['PlainConv3d', 'ResNet2Plus1dTV', 'S3D']
