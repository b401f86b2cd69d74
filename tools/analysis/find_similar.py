"""Find the videos most similar to a query video, as kNN retrieval sees them.

    python tools/analysis/find_similar.py CONFIG CHECKPOINT --index LIST --query VIDEO
        [--data-prefix DIR] [--topk 5] [--cache feats.npz] [--out similar.png]

CONFIG is a retrieval config (e.g. configs/demo/retrieval_plain3d-w16_synthetic.py);
CHECKPOINT any pre-training checkpoint of the project, or ``random``. Every video of the
index list is encoded exactly as retrieval encodes it (App. B.4: the config's test
pipeline; clip features averaged, L2-normalised), with a progress bar;
the features are cached (default: beside the checkpoint, named after the list) and read
back while the videos, checkpoint and config are unchanged. The query is searched with
the project's exact chunked kNN (``knn_search``, cosine), and a contact sheet shows the
query and its top-k neighbours with their similarities and labels (class names from
``classes.txt`` beside the list when there is one).

On the demo's data, out of the box:
    python tools/analysis/find_similar.py configs/demo/retrieval_plain3d-w16_synthetic.py \\
        work_dirs/demo/seed0/ViDiDi-VICReg/epoch_40.pth \\
        --index data/synthetic_dynamics/train_list.txt \\
        --query data/synthetic_dynamics/videos/test/orbit_0000.mp4
"""
import argparse
import os.path as osp
import sys

# tools.* modules are imported by their path from the repository root.
sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..', '..')))

import vididi_mm  # noqa: F401  (stack fixes and registration come first)
import numpy as np
import torch
from mmengine.config import DictAction

from tools.analysis.drawing import labelled_grid, to_uint8_frames, write_image
from tools.analysis.encoder import VideoEncoder
from tools.analysis.video_index import VideoIndex
from vididi_mm.datasets import parse_video_list


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='retrieval config')
    parser.add_argument('checkpoint', help="pre-training checkpoint, or 'random'")
    parser.add_argument('--index', required=True, help='video list to search')
    parser.add_argument('--query', required=True, help='query video file')
    parser.add_argument('--data-prefix', default=None,
                        help="folder the list's paths are under (default: the list's folder)")
    parser.add_argument('--topk', type=int, default=5)
    parser.add_argument('--cache', help='features file (default: beside the checkpoint)')
    parser.add_argument('--out', default='similar.png', help='contact sheet PNG')
    parser.add_argument('--frames', type=int, default=4, help='frames shown per video')
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args()


def class_names(list_file):
    path = osp.join(osp.dirname(list_file), 'classes.txt')
    if not osp.isfile(path):
        return None
    with open(path) as f:
        return [line.split()[-1] for line in f if line.strip()]


def thumbnails(video, count):
    """``count`` frames spread over a read video's middle clip, as the encoder sees them."""
    frames = to_uint8_frames(video['clips'][len(video['clips']) // 2])
    return [frames[i] for i in np.linspace(0, len(frames) - 1, count).round().astype(int)]


def main():
    args = parse_args()
    encoder = VideoEncoder(args.config, args.checkpoint, args.cfg_options, args.device,
                           whole_frames=False)
    prefix = osp.dirname(args.index) if args.data_prefix is None else args.data_prefix
    entries = parse_video_list(args.index, prefix, require_label=False)
    cache = args.cache or osp.join(
        osp.dirname(osp.abspath(args.checkpoint)) if args.checkpoint != 'random' else '.',
        f'features_{osp.splitext(osp.basename(args.index))[0]}.npz')
    index = VideoIndex.build(encoder, entries, args.checkpoint, cache)
    query_video = encoder.read(args.query)
    query = encoder.embed(query_video['clips'])
    results = index.search(query, args.topk)
    names = class_names(args.index)

    def label_text(label):
        if label < 0:
            return 'no label'
        return names[label] if names and label < len(names) else f'label {label}'

    rows = [thumbnails(query_video, args.frames)]
    labels = [f'query\n{osp.basename(args.query)}']
    for rank, (i, similarity) in enumerate(results, start=1):
        name = osp.basename(index.filenames[i])
        print(f'{rank}. {similarity:.4f} {index.filenames[i]} ({label_text(index.labels[i])})')
        # The index keeps features, not frames: the k neighbours are read again.
        rows.append(thumbnails(encoder.read(index.filenames[i]), args.frames))
        labels.append(f'#{rank} sim {similarity:.3f}\n{name}\n{label_text(index.labels[i])}')
    zoom = max(1, 96 // rows[0][0].shape[0])
    write_image(args.out, labelled_grid(rows, labels, zoom=zoom))
    print(f'features: {cache}; contact sheet: {args.out}')


if __name__ == '__main__':
    main()
