from .s3d import S3D

__all__ = ['S3D']
