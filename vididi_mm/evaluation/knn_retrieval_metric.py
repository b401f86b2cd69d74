"""kNN video retrieval recall (Sec. 4.1, App. B.4) as an MMEngine metric."""
import os
import os.path as osp
from typing import List, Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import MessageHub, MMLogger
from mmaction.registry import METRICS

from ..datasets.retrieval_video_dataset import SKIPPED_INFO_KEY
from .knn_search import knn_search


def retrieval_recall(neighbours: torch.Tensor, query_labels: torch.Tensor,
                     gallery_labels: torch.Tensor, topk: Sequence[int]) -> dict:
    """Top-k recall in percent: a hit when any of the k nearest has the query's class."""
    same = gallery_labels[neighbours] == query_labels[:, None]  # (Q, K)
    return {f'top{k}': same[:, :k].any(dim=1).float().mean().item() * 100 for k in topk}


@METRICS.register_module()
class KNNRetrievalMetric(BaseMetric):
    """kNN retrieval recall: queries (test split) against a gallery (train split).

    Each sample's ``feature`` (from
    :class:`~vididi_mm.models.RetrievalEncoder`) and ``retrieval_split``
    (``'gallery'`` or ``'query'``, from
    :class:`~vididi_mm.datasets.RetrievalVideoDataset`) are collected; top-k
    is a hit when any of the k nearest gallery videos (cosine) has the
    query's class, reported in percent as ``top1``, ``top5``, ``top10``.

    Args:
        topk (Sequence[int]): Defaults to (1, 5, 10).
        query_chunk (int): See :func:`knn_search`. Defaults to 1024.
        gallery_chunk (int): See :func:`knn_search`. Defaults to 32768.
        dump_file (str, optional): Also write features, labels, splits, video
            names and the recall (``recall_top1``, ...) to this ``.npz`` (for
            ``tools/analysis/clustering.py``).
        collect_device (str): Defaults to 'cpu'.
        prefix (str): Defaults to 'retrieval'.
    """
    default_prefix = 'retrieval'

    def __init__(self,
                 topk: Sequence[int] = (1, 5, 10),
                 query_chunk: int = 1024,
                 gallery_chunk: int = 32768,
                 dump_file: Optional[str] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.topk = tuple(topk)
        self.query_chunk = query_chunk
        self.gallery_chunk = gallery_chunk
        self.dump_file = dump_file

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            if 'retrieval_split' not in sample:
                raise KeyError('KNNRetrievalMetric needs each sample\'s '
                               '"retrieval_split": use RetrievalVideoDataset '
                               'and PackActionInputs(meta_keys=(..., '
                               '"retrieval_split", "filename"))')
            self.results.append(dict(
                feature=sample['feature'].float().cpu(),
                label=int(sample['gt_label'].flatten()[0]),
                split=sample['retrieval_split'],
                filename=sample.get('filename', '')))

    def compute_metrics(self, results: List[dict]) -> dict:
        features = torch.stack([r['feature'] for r in results])
        labels = torch.tensor([r['label'] for r in results])
        splits = np.array([r['split'] for r in results])
        gallery = torch.from_numpy(splits == 'gallery')
        query = torch.from_numpy(splits == 'query')
        if not gallery.any() or not query.any():
            raise ValueError('retrieval needs both gallery and query videos, got '
                             f'{int(gallery.sum())} and {int(query.sum())}')
        neighbours = knn_search(features[query], features[gallery], max(self.topk),
                                self.query_chunk, self.gallery_chunk)
        recall = retrieval_recall(neighbours, labels[query], labels[gallery], self.topk)
        # Videos left out by RetrievalVideoDataset(skip_unreadable=True) change
        # what the recall means: report them with it.
        skipped = MessageHub.get_current_instance().get_info(SKIPPED_INFO_KEY) or {}
        for split, names in sorted(skipped.items()):
            recall[f'skipped_{split}'] = len(names)
            MMLogger.get_current_instance().warning(
                f'retrieval computed without {len(names)} unreadable {split} videos: '
                + ', '.join(names))
        if self.dump_file:
            os.makedirs(osp.dirname(osp.abspath(self.dump_file)), exist_ok=True)
            np.savez(self.dump_file, features=features.numpy(), labels=labels.numpy(),
                     splits=splits, filenames=np.array([r['filename'] for r in results]),
                     **{f'recall_{k}': v for k, v in recall.items()})
            MMLogger.get_current_instance().info(
                f'retrieval features and recall written to {self.dump_file}')
        return recall
