"""MMAction2 video lists for pre-training: labels optional, bad videos skipped."""
import os.path as osp
import random

import numpy as np
from mmengine.logging import MMLogger
from mmaction.datasets import VideoDataset
from mmaction.registry import DATASETS

from ..utils.error_text import describe_error
from .samplers import SeededIndex
from .video_list import VideoListError, parse_video_list


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


#: Metainfo key under which a sample lists the videos that failed to read
#: before it was drawn in their place (:class:`~vididi_mm.engine.ReadFailureHook`).
FAILED_READS_KEY = 'failed_reads'


def raise_if_missing(ann_file: str, missing: list, total: int, what: str, key: str) -> None:
    """Fail at start-up, not hours into a run, naming the first missing entries."""
    if missing:
        shown = '\n  '.join(f'{info[key]} (line {info["line"]})' for info in missing[:5])
        raise FileNotFoundError(f'{ann_file}: {len(missing)} of {total} listed {what} do not '
                                f'exist (check data_prefix), first:\n  {shown}')


@DATASETS.register_module()
class PretrainVideoDataset(VideoDataset):
    """MMAction2's ``VideoDataset`` for self-supervised pre-training.

    Reads the same list files (``path label`` per line; paths may contain
    spaces, the label being the last field; unlabeled lists with ``path``
    alone work too, as labels are not used in pre-training;
    :func:`~vididi_mm.datasets.parse_video_list`). Four behaviours suit a
    long pre-training run:

    - a list that names files which do not exist fails at start-up, naming
      the first missing paths, instead of crashing hours later;
    - a video that cannot be decoded (corrupt, empty, or truncated after its
      header) is replaced by another video drawn at random, and the sample
      lists the videos it replaced (metainfo ``failed_reads``), so that
      :class:`~vididi_mm.engine.ReadFailureHook` counts them over all workers
      and processes, and stops the run when more than a set share of an
      epoch failed; each failing file is logged once per data worker;
    - ``max_refetch`` failures in a row, or every listed video failing, stop
      at once with an error naming the list and the files;
    - given a :class:`~vididi_mm.datasets.SeededIndex` (from
      :class:`~vididi_mm.datasets.SeededSampler`), the sample's random draws
      are seeded by it, so that they do not depend on the workers' history.

    Args:
        ann_file (str): The list file.
        pipeline (list[dict]): The data pipeline.
        max_refetch (int): Failed reads in a row that stop the run.
            Defaults to 50 (MMEngine's 1,000 would read a wholly unreadable
            list 1,000 times before saying so).
        **kwargs: Everything else ``VideoDataset`` takes.
    """

    #: Whether every list line must end in an integer label.
    require_label = False

    def __init__(self, ann_file: str, pipeline: list, max_refetch: int = 50,
                 **kwargs) -> None:
        self.failed_files = {}  # this worker's: filename -> problem
        super().__init__(ann_file, pipeline, max_refetch=max_refetch, **kwargs)

    def load_data_list(self) -> list:
        return self.read_list(self.ann_file)

    def read_list(self, ann_file: str) -> list:
        """The entries of one list file, every listed video checked to exist."""
        if self.multi_class:
            raise ValueError(f'{type(self).__name__} reads single-label lists only')
        data_list = parse_video_list(ann_file, self.data_prefix['video'],
                                     self.require_label)
        missing = [info for info in data_list if not osp.isfile(info['filename'])]
        for info in missing:
            # "path abc": read as the path "path abc" with no label, since
            # labels are optional here; if "path" exists, the label is wrong.
            head, _, last = info['filename'].rpartition(' ')
            if head and osp.isfile(head):
                raise VideoListError(
                    f'{ann_file}, line {info["line"]}: label {last!r} is not an integer '
                    f'(expected "path label", or "path" alone)')
        raise_if_missing(ann_file, missing, len(data_list), 'videos', 'filename')
        if not data_list:
            raise ValueError(f'{ann_file} lists no videos')
        return data_list

    def __getitem__(self, idx):
        if isinstance(idx, SeededIndex):
            np.random.seed(idx.seed)
            random.seed(idx.seed)
            idx = idx.index
        if not self._fully_initialized:
            self.full_init()
        if self.test_mode:
            return super().__getitem__(idx)
        failed = []
        for _ in range(self.max_refetch):
            data = self.prepare_data(idx)
            if data is not None:
                if failed:
                    data['data_samples'].set_metainfo({FAILED_READS_KEY: failed})
                return data
            failed.append(self.get_data_info(idx)['filename'])
            if len(self.failed_files) == len(self):
                raise RuntimeError(
                    f'every one of the {len(self)} videos of {self.ann_file} is '
                    f'unreadable, e.g. {self._failure_listing()}')
            idx = self._rand_another()
        raise RuntimeError(
            f'{self.max_refetch} videos drawn in a row from {self.ann_file} could not be '
            f'read; is the decoder or data_prefix right? {self._failure_listing()}')

    def _failure_listing(self, shown: int = 3) -> str:
        return '; '.join(f'{name} ({problem})'
                         for name, problem in list(self.failed_files.items())[-shown:])

    def prepare_data(self, idx: int):
        try:
            return super().prepare_data(idx)
        except UNREADABLE_VIDEO_ERRORS as error:
            filename = self.get_data_info(idx)['filename']
            problem = describe_error(error)
            if self.test_mode:
                # Evaluation must not drop a video silently: stop, naming it.
                raise RuntimeError(f'cannot read {filename} ({problem})') from error
            if filename not in self.failed_files:
                MMLogger.get_current_instance().warning(
                    f'cannot read {filename} ({problem}); another video is drawn in its '
                    'place (ReadFailureHook reports the totals at the end of the epoch)')
            self.failed_files[filename] = problem
            return None
