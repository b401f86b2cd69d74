"""Gallery and query video lists for kNN retrieval."""
from mmaction.registry import DATASETS

from .pretrain_video_dataset import PretrainVideoDataset


@DATASETS.register_module()
class RetrievalVideoDataset(PretrainVideoDataset):
    """A labelled video list marked as retrieval gallery or queries.

    Adds ``retrieval_split`` to every sample, for
    :class:`~vididi_mm.evaluation.KNNRetrievalMetric`; a ``ConcatDataset``
    of a gallery list (training split) and a query list (test split) feeds
    one test run. Missing files fail at start-up, as in pre-training.

    Args:
        split (str): ``'gallery'`` or ``'query'``.
        **kwargs: ``VideoDataset``'s arguments.
    """

    def __init__(self, split: str, **kwargs) -> None:
        if split not in ('gallery', 'query'):
            raise ValueError(f"split must be 'gallery' or 'query', got {split!r}")
        self.split = split
        super().__init__(**kwargs)

    def get_data_info(self, idx: int) -> dict:
        info = super().get_data_info(idx)
        info['retrieval_split'] = self.split
        return info
