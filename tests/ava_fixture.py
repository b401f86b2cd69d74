"""A tiny dataset in AVA's format, generated: every file AVADataset and AVAMetric read.

For tests and for trying the detection pipeline without AVA itself: a few
short videos' raw frames (``rawframes/<video>/img_00001.jpg``...), the
annotation CSV, excluded-timestamps CSV, action-list pbtxt and person
proposals pkl. Each video shows people (coloured boxes) that move in one of
a handful of ways; a person's action label is its way of moving.
"""
import os
import os.path as osp
import pickle
from typing import Dict, Sequence

import cv2
import numpy as np

#: The fixture's action classes (ids 1.., as in AVA's action list).
FIXTURE_ACTIONS = ('stand', 'walk', 'jump')


def write_label_map(path: str, names: Sequence[str]) -> None:
    """An AVA action-list pbtxt: ``item { name: "..." id: N }``, ids from 1."""
    with open(path, 'w') as f:
        for i, name in enumerate(names, 1):
            f.write(f'item {{\n  name: "{name}"\n  id: {i}\n}}\n')


def _person_box(rng, action: int, t: np.ndarray):
    """Normalised (x1, y1, x2, y2) over time t (seconds) for one person."""
    w, h = rng.uniform(0.12, 0.2), rng.uniform(0.3, 0.45)
    x0, y0 = rng.uniform(0.05, 0.75), rng.uniform(0.1, 0.5)
    if action == 1:  # stand: still
        x, y = np.full_like(t, x0), np.full_like(t, y0)
    elif action == 2:  # walk: steady sideways motion
        x, y = x0 + 0.03 * t * rng.choice([-1, 1]), np.full_like(t, y0)
    else:  # jump: up and down
        x, y = np.full_like(t, x0), y0 - 0.08 * np.abs(np.sin(2 * np.pi * t))
    x = np.clip(x, 0, 1 - w)
    y = np.clip(y, 0, 1 - h)
    return np.stack([x, y, x + w, y + h], axis=1)


def generate_ava_fixture(out_dir: str,
                         num_videos: int = 2,
                         people_per_video: int = 2,
                         duration: int = 8,
                         fps: int = 8,
                         size: int = 64,
                         version: str = 'v2.1',
                         seed: int = 0) -> Dict[str, str]:
    """Write the fixture; return the paths that AVA configs name.

    Keyframes are every second from 2 to ``duration - 2`` (so that an
    8-frame clip at interval 4 around them stays inside the video), the last
    one listed as excluded and left unannotated, as AVA's are; the
    videos are split in two halves for ``train`` and ``val``. The dataset's
    ``timestamp_start`` is 0 and its ``fps`` is ``fps`` (AVA itself: 900, 30).

    Returns:
        dict: ``data_root``, ``ann_file_{train,val}``,
        ``exclude_file_{train,val}``, ``label_file``, ``proposal_file_{train,val}``.
    """
    rng = np.random.default_rng(seed)
    ann = osp.join(out_dir, 'annotations')
    frames_root = osp.join(out_dir, 'rawframes')
    os.makedirs(ann, exist_ok=True)
    label_file = osp.join(ann, f'ava_action_list_{version}.pbtxt')
    write_label_map(label_file, FIXTURE_ACTIONS)
    paths = dict(data_root=frames_root, label_file=label_file)
    t = np.arange(duration * fps) / fps
    keyframes = list(range(2, duration - 1))
    for split in ('train', 'val'):
        rows, excluded, proposals = [], [], {}
        for v in range(num_videos):
            video_id = f'{split}{v:02d}'
            actions = rng.integers(1, len(FIXTURE_ACTIONS) + 1, people_per_video)
            boxes = [_person_box(rng, a, t) for a in actions]
            colours = rng.integers(0, 256, (people_per_video, 3))
            os.makedirs(osp.join(frames_root, video_id), exist_ok=True)
            background = rng.integers(60, 200, 3)
            for i in range(len(t)):
                frame = np.empty((size, size, 3), np.uint8)
                frame[:] = background
                for box, colour in zip(boxes, colours):
                    x1, y1, x2, y2 = (box[i] * size).round().astype(int)
                    cv2.rectangle(frame, (x1, y1), (x2, y2), colour.tolist(), -1)
                cv2.imwrite(osp.join(frames_root, video_id, f'img_{i + 1:05d}.jpg'), frame)
            for ts in keyframes:
                key = f'{video_id},{ts:04d}'
                keyframe_boxes = [box[ts * fps] for box in boxes]
                if ts == keyframes[-1]:
                    # As in AVA, an excluded keyframe has no annotations.
                    excluded.append(key)
                    continue
                for person, (box, action) in enumerate(zip(keyframe_boxes, actions)):
                    rows.append(f'{video_id},{ts:04d},' + ','.join(f'{c:.3f}' for c in box)
                                + f',{action},{person}')
                # Person proposals: the true boxes, slightly off, with high
                # scores, as a person detector would give.
                jitter = rng.normal(0, 0.01, (len(keyframe_boxes), 4))
                scored = np.concatenate(
                    [np.clip(np.array(keyframe_boxes) + jitter, 0, 1),
                     rng.uniform(0.92, 0.99, (len(keyframe_boxes), 1))], axis=1)
                proposals[key] = scored.astype(np.float32)
        paths[f'ann_file_{split}'] = osp.join(ann, f'ava_{split}_{version}.csv')
        paths[f'exclude_file_{split}'] = osp.join(
            ann, f'ava_{split}_excluded_timestamps_{version}.csv')
        paths[f'proposal_file_{split}'] = osp.join(ann, f'ava_dense_proposals_{split}.pkl')
        with open(paths[f'ann_file_{split}'], 'w') as f:
            f.write('\n'.join(rows) + '\n')
        with open(paths[f'exclude_file_{split}'], 'w') as f:
            f.write('\n'.join(excluded) + '\n')
        with open(paths[f'proposal_file_{split}'], 'wb') as f:
            pickle.dump(proposals, f)
    return paths
