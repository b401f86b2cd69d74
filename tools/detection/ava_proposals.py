"""Person proposals for AVA from an MMDet Faster R-CNN person detector."""
import os.path as osp
from collections import OrderedDict
from typing import Dict, Iterable, Tuple

import numpy as np


def keyframes_of(ann_file: str) -> Iterable[Tuple[str, int]]:
    """The (video_id, timestamp) keyframes an AVA annotation CSV names, in order."""
    seen = OrderedDict()
    with open(ann_file) as f:
        for line in f:
            if line.strip():
                video_id, timestamp = line.split(',')[:2]
                seen[(video_id, int(timestamp))] = None
    return list(seen)


def detect_people(detector, frames_root: str, keyframes, fps: int = 30,
                  timestamp_start: int = 900, person_label: int = 0,
                  filename_tmpl: str = 'img_{:05d}.jpg',
                  progress: bool = False) -> Dict[str, np.ndarray]:
    """Run a person detector on each keyframe and keep its person boxes.

    Args:
        detector: An MMDet detector from ``mmdet.apis.init_detector``.
        frames_root (str): ``<frames_root>/<video_id>/img_00001.jpg`` ...
        keyframes: (video_id, timestamp) pairs.
        fps, timestamp_start (int): As the AVA dataset's: the keyframe of
            second ``t`` is frame ``(t - timestamp_start) * fps + 1``.
        person_label (int): The detector's class of people (COCO: 0).
        filename_tmpl (str): Defaults to AVA's ``img_{:05d}.jpg``.

    Returns:
        dict: ``'video_id,tttt'`` -> ``(N, 5)`` float32 arrays
        ``[x1, y1, x2, y2, score]`` in [0, 1] image coordinates, the format of
        AVA's ``ava_dense_proposals_*.pkl`` that ``AVADataset`` reads. A
        keyframe where no person was found is left out: ``AVADataset`` cannot
        read an empty entry and uses the whole frame for a missing one.
    """
    from mmdet.apis import inference_detector
    import mmcv

    proposals = {}
    items = list(keyframes)
    if progress:
        from tqdm import tqdm
        items = tqdm(items, desc='person proposals', unit='keyframe')
    for video_id, timestamp in items:
        index = (timestamp - timestamp_start) * fps + 1
        path = osp.join(frames_root, video_id, filename_tmpl.format(index))
        if not osp.isfile(path):
            raise FileNotFoundError(f'keyframe {video_id},{timestamp:04d}: {path} does not exist')
        height, width = mmcv.imread(path).shape[:2]
        pred = inference_detector(detector, path).pred_instances
        keep = pred.labels == person_label
        if not keep.any():
            continue
        boxes = pred.bboxes[keep].cpu().numpy() / np.array([width, height, width, height])
        scores = pred.scores[keep].cpu().numpy()[:, None]
        proposals[f'{video_id},{timestamp:04d}'] = np.concatenate(
            [np.clip(boxes, 0, 1), scores], axis=1).astype(np.float32)
    return proposals
