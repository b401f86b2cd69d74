"""Video features of a list, cached to a file, and similar-video search over them."""
import hashlib
import json
import os
import os.path as osp
from typing import List, Optional

import numpy as np
import torch

from vididi_mm.evaluation.knn_search import knn_search
from tools.analysis.encoder import VideoEncoder


def _file_identity(path: str) -> dict:
    stat = os.stat(path)
    return dict(path=osp.abspath(path), size=stat.st_size, mtime_ns=stat.st_mtime_ns)


class VideoIndex:
    """The retrieval features (App. B.4) of a list of videos.

    Args:
        filenames (list[str]): The videos, in list order.
        labels (list[int]): Their labels (-1 where the list has none).
        features (Tensor): ``(N, D)`` L2-normalised.
    """

    def __init__(self, filenames: List[str], labels: List[int], features: torch.Tensor):
        self.filenames, self.labels, self.features = list(filenames), list(labels), features

    @classmethod
    def build(cls, encoder: VideoEncoder, entries: List[dict], checkpoint: str,
              cache: Optional[str] = None, progress: bool = True) -> 'VideoIndex':
        """Encode ``entries`` (from :func:`~vididi_mm.datasets.parse_video_list`),
        or read them back from ``cache`` when it was written for the same
        videos, checkpoint file and config; otherwise (re)write it."""
        filenames = [e['filename'] for e in entries]
        labels = [int(e['label']) for e in entries]
        key = hashlib.sha256(json.dumps(dict(
            videos=[_file_identity(f) for f in filenames],
            checkpoint=(_file_identity(checkpoint) if checkpoint != 'random'
                        else 'random'),
            config=encoder.cfg.pretty_text), sort_keys=True).encode()).hexdigest()
        if cache and osp.isfile(cache):
            with np.load(cache) as data:
                if str(data['key']) == key:
                    return cls(filenames, labels, torch.from_numpy(data['features']))
        items = filenames
        if progress:
            from tqdm import tqdm
            items = tqdm(filenames, desc='encoding videos', unit='video')
        features = torch.stack([encoder.embed(encoder.read(f)['clips']) for f in items])
        if cache:
            os.makedirs(osp.dirname(osp.abspath(cache)), exist_ok=True)
            np.savez(cache, key=key, features=features.numpy(),
                     filenames=np.array(filenames), labels=np.array(labels))
        return cls(filenames, labels, features)

    def search(self, query: torch.Tensor, k: int):
        """The ``k`` most similar videos to a ``(D,)`` query feature.

        Returns:
            list[tuple[int, float]]: ``(index, cosine similarity)``, most
            similar first (ties to the earlier video, as in retrieval).
        """
        neighbours = knn_search(query[None].to(self.features), self.features, k)[0]
        similarities = self.features[neighbours] @ query.to(self.features)
        return list(zip(neighbours.tolist(), similarities.tolist()))
