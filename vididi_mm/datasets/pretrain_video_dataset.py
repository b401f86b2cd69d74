"""MMAction2 video lists for pre-training: labels optional, bad videos skipped."""
import os.path as osp
import random

import numpy as np
from mmengine.logging import MMLogger
from mmaction.datasets import VideoDataset
from mmaction.registry import DATASETS

from .samplers import SeededIndex
from .video_list import parse_video_list


def _unreadable_video_errors() -> tuple:
    """Errors that mean "this video cannot be read", not a bug in the pipeline.

    decord raises RuntimeError for unreadable files, and its own DECORDError
    (derived from Exception only) for a truncated file whose header survives,
    in the middle of decoding; an empty video reaches the sampler as a
    RuntimeError. PyAVSeekReader raises RuntimeError naming the video.
    """
    errors = [RuntimeError, OSError]
    try:
        from decord._ffi.base import DECORDError
        errors.append(DECORDError)
    except ImportError:
        pass
    return tuple(errors)


UNREADABLE_VIDEO_ERRORS = _unreadable_video_errors()


def describe_error(error: Exception) -> str:
    """One line for a log: the error's type and the first line of its message
    (decord's messages carry a stack trace)."""
    lines = str(error).splitlines() or ['']
    return f'{type(error).__name__}: {lines[0][:200]}'


@DATASETS.register_module()
class PretrainVideoDataset(VideoDataset):
    """MMAction2's ``VideoDataset`` for self-supervised pre-training.

    Reads the same list files (``path label`` per line; paths may contain
    spaces, the label being the last field; unlabeled lists with ``path``
    alone work too, as labels are not used in pre-training;
    :func:`~vididi_mm.datasets.parse_video_list`). Three behaviours suit a
    long pre-training run:

    - a list that names files which do not exist fails at start-up, naming
      the first missing paths, instead of crashing hours later;
    - a video that cannot be decoded (corrupt, empty, or truncated after its
      header) is skipped with a warning naming it and a running count, and
      another video is drawn in its place (MMEngine's ``max_refetch``),
      instead of crashing the epoch;
    - given a :class:`~vididi_mm.datasets.SeededIndex` (from
      :class:`~vididi_mm.datasets.SeededSampler`), the sample's random draws
      are seeded by it, so that they do not depend on the workers' history.

    Args:
        ann_file (str): The list file.
        pipeline (list[dict]): The data pipeline.
        **kwargs: Everything else ``VideoDataset`` takes.
    """

    #: Whether every list line must end in an integer label.
    require_label = False

    def __init__(self, ann_file: str, pipeline: list, **kwargs) -> None:
        self.num_skipped = 0
        super().__init__(ann_file, pipeline, **kwargs)

    def load_data_list(self) -> list:
        return self.read_list(self.ann_file)

    def read_list(self, ann_file: str) -> list:
        """The entries of one list file, every listed video checked to exist."""
        if self.multi_class:
            raise ValueError(f'{type(self).__name__} reads single-label lists only')
        data_list = parse_video_list(ann_file, self.data_prefix['video'],
                                     self.require_label)
        missing = [f'{info["filename"]} (line {info["line"]})' for info in data_list
                   if not osp.isfile(info['filename'])]
        if missing:
            shown = '\n  '.join(missing[:5])
            raise FileNotFoundError(
                f'{ann_file}: {len(missing)} of {len(data_list)} listed '
                f'videos do not exist (check data_prefix), first:\n  {shown}')
        if not data_list:
            raise ValueError(f'{ann_file} lists no videos')
        return data_list

    def __getitem__(self, idx):
        if isinstance(idx, SeededIndex):
            np.random.seed(idx.seed)
            random.seed(idx.seed)
            idx = idx.index
        return super().__getitem__(idx)

    def prepare_data(self, idx: int):
        try:
            return super().prepare_data(idx)
        except UNREADABLE_VIDEO_ERRORS as error:
            filename = self.get_data_info(idx)['filename']
            problem = describe_error(error)
            if self.test_mode:
                # Evaluation must not drop a video silently: stop, naming it.
                raise RuntimeError(f'cannot read {filename} ({problem})') from error
            self.num_skipped += 1
            MMLogger.get_current_instance().warning(
                f'skipped unreadable video {filename} ({problem}); '
                f'{self.num_skipped} skipped so far by this data worker')
            return None
