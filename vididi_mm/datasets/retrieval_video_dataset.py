"""Gallery and query video lists for kNN retrieval."""
import os
import os.path as osp
from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional

from mmengine.dist import is_main_process
from mmengine.logging import MessageHub, MMLogger
from mmaction.registry import DATASETS

from ..utils.error_text import describe_error
from .pretrain_video_dataset import UNREADABLE_VIDEO_ERRORS, PretrainVideoDataset
from .pyav_seek_reader import PyAVSeekReader

#: MessageHub key under which the videos a retrieval run skipped are kept, for
#: :class:`~vididi_mm.evaluation.KNNRetrievalMetric` to report.
SKIPPED_INFO_KEY = 'retrieval_skipped_videos'


def check_video(filename: str) -> Optional[str]:
    """Open a video and decode its first and last frames with the reader the
    configs use (:class:`PyAVSeekReader`, which cannot loop on a header that
    over-reports its frames, as decord can: dmlc/decord#373).

    Returns:
        str or None: What is wrong, or None if the video reads. The last frame
        catches the usual broken download, a file cut off after its header.
    """
    try:
        reader = PyAVSeekReader(filename)
        try:
            reader.get_batch([0, len(reader) - 1])
        finally:
            reader.close()
    except (UNREADABLE_VIDEO_ERRORS + (IndexError,)) as error:
        return describe_error(error)
    return None


def find_unreadable(filenames: List[str], workers: Optional[int] = None,
                    desc: str = 'checking videos') -> List[tuple]:
    """:func:`check_video` over many files in parallel threads (FFmpeg
    decodes without the GIL), with a progress bar on the main process.

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


def spread_subset(items: list, size: Optional[int]) -> list:
    """``size`` items spread evenly over ``items``, in their order (all of
    them when ``size`` is None or not smaller)."""
    if size is None or size >= len(items):
        return items
    return [items[i * len(items) // size] for i in range(size)]


@DATASETS.register_module()
class RetrievalVideoDataset(PretrainVideoDataset):
    """The gallery and the queries of kNN retrieval, as one dataset.

    The gallery list (the training split) comes first, then the query list
    (the test split), both with paths relative to ``data_prefix``; each
    sample carries ``retrieval_split`` (``'gallery'`` or ``'query'``) for
    :class:`~vididi_mm.evaluation.KNNRetrievalMetric`. Every line needs an
    integer label; missing files fail at start-up, as in pre-training.

    Dropping a video silently would change the metric, so before any feature
    is extracted every listed video is opened and its first and last frames
    decoded (:func:`find_unreadable`). Bad videos fail the run, all of them
    named; with ``skip_unreadable=True`` they are left out instead, and the
    metric reports how many and which.

    Args:
        gallery_ann_file (str): The gallery's list file.
        query_ann_file (str): The queries' list file.
        check_videos (bool): Check every video before extraction.
            Defaults to True.
        skip_unreadable (bool): Leave bad videos out instead of failing.
            Defaults to False.
        gallery_size (int, optional): Use this many gallery videos, spread
            evenly over the list (lists are often sorted by class, so the
            first ones would hold few classes): a cheaper retrieval for
            monitoring pre-training (``configs/_base_/online_knn/``).
            Defaults to None, the whole list.
        query_size (int, optional): The same for the queries.
        **kwargs: ``VideoDataset``'s other arguments (``pipeline``,
            ``data_prefix``, ``data_root``, ``test_mode``, ...).
    """

    require_label = True

    def __init__(self, gallery_ann_file: str, query_ann_file: str,
                 check_videos: bool = True, skip_unreadable: bool = False,
                 gallery_size: Optional[int] = None, query_size: Optional[int] = None,
                 **kwargs) -> None:
        self.split_ann_files = dict(gallery=gallery_ann_file, query=query_ann_file)
        self.split_sizes = dict(gallery=gallery_size, query=query_size)
        for split, size in self.split_sizes.items():
            if size is not None and size < 1:
                raise ValueError(f'{split}_size must be at least 1, got {size}')
        self.check_videos = check_videos
        self.skip_unreadable = skip_unreadable
        super().__init__(ann_file=gallery_ann_file, **kwargs)

    def load_data_list(self) -> list:
        data_list = []
        for split, ann_file in self.split_ann_files.items():
            if self.data_root and not osp.isabs(ann_file):
                ann_file = osp.join(self.data_root, ann_file)
            entries = spread_subset(self.read_list(ann_file), self.split_sizes[split])
            if self.check_videos:
                entries = self._drop_unreadable(entries, split, ann_file)
            data_list += [dict(info, retrieval_split=split) for info in entries]
        return data_list

    def _drop_unreadable(self, data_list: list, split: str, ann_file: str) -> list:
        bad = find_unreadable([info['filename'] for info in data_list],
                              desc=f'checking {split} videos')
        if not bad:
            return data_list
        listing = '\n  '.join(f'{name}: {problem}' for name, problem in bad)
        if not self.skip_unreadable:
            raise RuntimeError(
                f'{ann_file}: {len(bad)} of {len(data_list)} {split} videos '
                f'cannot be read:\n  {listing}\nFix or remove them, or leave them out '
                f'with skip_unreadable=True (the result then reports them).')
        MMLogger.get_current_instance().warning(
            f'{ann_file}: leaving out {len(bad)} of {len(data_list)} unreadable '
            f'{split} videos (skip_unreadable=True):\n  {listing}')
        hub = MessageHub.get_current_instance()
        skipped = dict(hub.get_info(SKIPPED_INFO_KEY) or {})
        skipped[split] = skipped.get(split, []) + [name for name, _ in bad]
        hub.update_info(SKIPPED_INFO_KEY, skipped)
        bad_names = {name for name, _ in bad}
        return [info for info in data_list if info['filename'] not in bad_names]
