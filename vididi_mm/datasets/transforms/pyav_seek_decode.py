"""Decoding with PyAV, seeking to the key frame before each clip: MMAction2's
``DecordInit``/``DecordDecode`` pair for the pre-training pipelines, at about
half decord's CPU time on UCF101-shaped videos (docs/performance.md)."""
from typing import Dict

from mmengine.fileio import FileClient
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform

from ..pyav_seek_reader import PyAVSeekReader


@TRANSFORMS.register_module()
class PyAVSeekInit(BaseTransform):
    """Open a video and index its frames (:class:`PyAVSeekReader`).

    Required keys: ``filename``. Added keys: ``video_reader``,
    ``total_frames``, ``avg_fps``. As ``DecordInit``, the file is read through
    MMEngine's file client, so remote storage works the same way.

    Args:
        io_backend (str): MMEngine file client backend. Defaults to ``'disk'``.
        **kwargs: More arguments for the backend.
    """

    def __init__(self, io_backend: str = 'disk', **kwargs) -> None:
        self.io_backend = io_backend
        self.kwargs = kwargs
        self.file_client = None

    def transform(self, results: Dict) -> Dict:
        if self.file_client is None:  # made in the data worker, as DecordInit's
            self.file_client = FileClient(self.io_backend, **self.kwargs)
        filename = results['filename']
        reader = PyAVSeekReader(self.file_client.get(filename), name=filename)
        results['video_reader'] = reader
        results['total_frames'] = len(reader)
        rate = reader.stream.average_rate
        results['avg_fps'] = float(rate) if rate else None
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(io_backend={self.io_backend})'


@TRANSFORMS.register_module()
class PyAVSeekDecode(BaseTransform):
    """Decode ``frame_inds`` from :class:`PyAVSeekInit`'s reader, then close it.

    Required keys: ``video_reader``, ``frame_inds``. Added keys: ``imgs``
    (RGB uint8 frames), ``original_shape``, ``img_shape``; ``video_reader``
    is set to ``None``.
    """

    def transform(self, results: Dict) -> Dict:
        reader = results['video_reader']
        try:
            imgs = reader.get_batch(results['frame_inds'].reshape(-1))
        finally:
            reader.close()
        results['video_reader'] = None
        results['imgs'] = imgs
        results['original_shape'] = results['img_shape'] = imgs[0].shape[:2]
        return results
