"""Gallery and query video lists for kNN retrieval."""
import os
from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional

from mmengine.dist import is_main_process
from mmengine.logging import MessageHub, MMLogger
from mmaction.registry import DATASETS

from .pretrain_video_dataset import (UNREADABLE_VIDEO_ERRORS, PretrainVideoDataset,
                                     describe_error)

#: MessageHub key under which the videos a retrieval run skipped are kept, for
#: :class:`~vididi_mm.evaluation.KNNRetrievalMetric` to report.
SKIPPED_INFO_KEY = 'retrieval_skipped_videos'


def check_video(filename: str) -> Optional[str]:
    """Open a video and decode its first and last frames.

    Returns:
        str or None: What is wrong, or None if the video reads. The last frame
        catches the usual broken download, a file cut off after its header.
    """
    import decord
    try:
        reader = decord.VideoReader(filename, num_threads=1)
        if len(reader) == 0:
            return 'no frames'
        reader.get_batch([0, len(reader) - 1])
    except UNREADABLE_VIDEO_ERRORS as error:
        return describe_error(error)
    return None


def find_unreadable(filenames: List[str], workers: Optional[int] = None,
                    desc: str = 'checking videos') -> List[tuple]:
    """:func:`check_video` over many files in parallel threads (decord decodes
    without the GIL), with a progress bar on the main process.

    Returns:
        list[tuple[str, str]]: ``(filename, problem)`` of each bad video, in
        list order.
    """
    workers = workers or min(8, os.cpu_count() or 1)
    with ThreadPoolExecutor(workers) as pool:
        results = pool.map(check_video, filenames)
        if is_main_process():
            from tqdm import tqdm
            results = tqdm(results, total=len(filenames), desc=desc, unit='video')
        problems = list(results)
    return [(f, p) for f, p in zip(filenames, problems) if p is not None]


@DATASETS.register_module()
class RetrievalVideoDataset(PretrainVideoDataset):
    """A labelled video list marked as retrieval gallery or queries.

    Adds ``retrieval_split`` to every sample, for
    :class:`~vididi_mm.evaluation.KNNRetrievalMetric`; a ``ConcatDataset``
    of a gallery list (training split) and a query list (test split) feeds
    one test run. Every line needs an integer label; missing files fail at
    start-up, as in pre-training.

    Dropping a video silently would change the metric, so before any feature
    is extracted every listed video is opened and its first and last frames
    decoded (:func:`find_unreadable`). Bad videos fail the run, all of them
    named; with ``skip_unreadable=True`` they are left out instead, and the
    metric reports how many and which.

    Args:
        split (str): ``'gallery'`` or ``'query'``.
        check_videos (bool): Check every video before extraction.
            Defaults to True.
        skip_unreadable (bool): Leave bad videos out instead of failing.
            Defaults to False.
        **kwargs: ``VideoDataset``'s arguments.
    """

    require_label = True

    def __init__(self, split: str, check_videos: bool = True,
                 skip_unreadable: bool = False, **kwargs) -> None:
        if split not in ('gallery', 'query'):
            raise ValueError(f"split must be 'gallery' or 'query', got {split!r}")
        self.split = split
        self.check_videos = check_videos
        self.skip_unreadable = skip_unreadable
        super().__init__(**kwargs)

    def load_data_list(self) -> list:
        data_list = super().load_data_list()
        if not self.check_videos:
            return data_list
        bad = find_unreadable([info['filename'] for info in data_list],
                              desc=f'checking {self.split} videos')
        if not bad:
            return data_list
        listing = '\n  '.join(f'{name}: {problem}' for name, problem in bad)
        if not self.skip_unreadable:
            raise RuntimeError(
                f'{self.ann_file}: {len(bad)} of {len(data_list)} {self.split} videos '
                f'cannot be read:\n  {listing}\nFix or remove them, or leave them out '
                f'with skip_unreadable=True (the result then reports them).')
        MMLogger.get_current_instance().warning(
            f'{self.ann_file}: leaving out {len(bad)} of {len(data_list)} unreadable '
            f'{self.split} videos (skip_unreadable=True):\n  {listing}')
        hub = MessageHub.get_current_instance()
        skipped = dict(hub.get_info(SKIPPED_INFO_KEY) or {})
        skipped[self.split] = skipped.get(self.split, []) + [name for name, _ in bad]
        hub.update_info(SKIPPED_INFO_KEY, skipped)
        bad_names = {name for name, _ in bad}
        return [info for info in data_list if info['filename'] not in bad_names]

    def get_data_info(self, idx: int) -> dict:
        info = super().get_data_info(idx)
        info['retrieval_split'] = self.split
        return info
