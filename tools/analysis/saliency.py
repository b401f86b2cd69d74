"""Saliency tubes of a pre-trained encoder (Fig. 5): where in a clip its embedding comes from.

    python tools/analysis/saliency.py CONFIG CHECKPOINT VIDEO [VIDEO ...] [--out-dir DIR]
    python tools/analysis/saliency.py CONFIG CHECKPOINT --list LIST --data-prefix DIR \\
        [--json masses.json] [--max-pictures 4]

CONFIG is a retrieval config (e.g. configs/demo/retrieval_plain3d-w16_synthetic.py,
configs/retrieval/retrieval_r3d18_ucf101.py); CHECKPOINT any pre-training checkpoint of
the project, or ``random``. Each video is read as retrieval reads it (the config's clip
sampling and resize) but uncropped, and each clip's saliency is the map of
``--method`` (`tools/analysis/saliency_maps.py`): ``tubes``, each last-block position's
share of what sets the clip's embedding apart from the mean embedding (Fig. 5's Saliency
Tubes with the embedding in place of a class), or ``gradient``, that target's gradient at
every pixel. The mean is over all clips of the videos given (or of ``--mean-list``; give
several videos, or a list).

For each video (up to ``--max-pictures``) it writes ``<name>_<method>.png``, the middle
clip's frames above their heat maps, and ``<name>_<method>.gif`` (or ``--animation mp4``).
Where a mask file lies beside a video (``<video>.mask.npz``, as the synthetic generator
writes for its ball) it also reports the share of saliency on the object, on the object
grown by ``--band`` pixels, and on its path over the clip, each beside the share of the
frame that region covers (what a uniform map would score).
"""
import argparse
import json
import os
import os.path as osp
import time
import sys

# tools.* modules are imported by their path from the repository root.
sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..', '..')))

import vididi_mm  # noqa: F401  (stack fixes and registration come first)
import numpy as np
import torch
from mmengine.config import DictAction

from tools.analysis.drawing import (heatmap_overlay, labelled_grid, to_uint8_frames,
                                        write_animation, write_image)
from tools.analysis.encoder import VideoEncoder
from tools.analysis.saliency_maps import SALIENCY_METHODS, mask_masses, pooled_features
from tools.data.synthetic.synthetic_dynamics import MASK_SUFFIX, read_mask
from vididi_mm.datasets import parse_video_list

REGIONS = ('object', 'band', 'path')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='retrieval config')
    parser.add_argument('checkpoint', help="pre-training checkpoint, or 'random'")
    parser.add_argument('videos', nargs='*', help='video files')
    parser.add_argument('--list', help='a video list (path [label] per line) instead of VIDEO')
    parser.add_argument('--data-prefix', default='', help='folder the list paths are under')
    parser.add_argument('--out-dir', default='work_dirs/saliency')
    parser.add_argument('--max-pictures', type=int, default=8,
                        help='pictures for the first N videos (default: 8)')
    parser.add_argument('--animation', choices=['gif', 'mp4'], default='gif')
    parser.add_argument('--method', choices=sorted(SALIENCY_METHODS), default='tubes',
                        help="'tubes': the last block's map (Fig. 5); 'gradient': the "
                        "input gradient's magnitude, at pixel resolution (default: tubes)")
    parser.add_argument('--mean-list', help='take the mean embedding over this list '
                        '(same --data-prefix) instead of over the videos analysed')
    parser.add_argument('--band', type=int, default=3,
                        help='pixels grown around a masked object (default: 3)')
    parser.add_argument('--json', help='write per-video masses and their means here')
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    parser.add_argument('--seed', type=int, default=0, help="seeds 'random' (default: 0)")
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = parser.parse_args()
    if bool(args.videos) == bool(args.list):
        parser.error('give VIDEO files or --list, not both')
    return args


def list_files(path, data_prefix):
    return [entry['filename'] for entry in
            parse_video_list(path, data_prefix, require_label=False)]


#: Decoded videos kept between the two passes (mean, then maps), so that a list
#: of modest size is decoded once; past this many bytes the rest is read again.
KEEP_BYTES = 1 << 30


def mean_embedding(encoder, files, kept=None):
    """The mean pooled feature over every clip of the videos; the decoded
    videos go into ``kept`` (a dict by file name) while they fit in
    :data:`KEEP_BYTES`."""
    from tqdm import tqdm
    total, count, kept_bytes = 0, 0, 0
    for filename in tqdm(files, desc='mean embedding', unit='video'):
        video = encoder.read(filename)
        feats = pooled_features(encoder.model.backbone, encoder.normalise(video['clips']))
        total, count = total + feats.sum(dim=0), count + len(feats)
        if kept is not None and kept_bytes + video['clips'].nbytes <= KEEP_BYTES:
            kept[filename] = video
            kept_bytes += video['clips'].nbytes
    return total / count


def saliency_picture(video, maps, name, zoom):
    """The middle clip's frames over their heat maps."""
    middle = len(maps) // 2
    frames = to_uint8_frames(video['clips'][middle])
    overlay = heatmap_overlay(frames, maps[middle])
    labels = [f'frame {i}' for i in video['frame_inds'][middle]]
    grid = labelled_grid([list(frames), list(overlay)], [name, 'saliency'],
                         column_labels=labels, zoom=zoom)
    animation = [labelled_grid([[f, o]], [''], zoom=zoom, label_width=1)
                 for f, o in zip(frames, overlay)]
    return grid, animation


def main():
    args = parse_args()
    start = time.time()
    encoder = VideoEncoder(args.config, args.checkpoint, args.cfg_options, args.device,
                           args.seed)
    files = list(args.videos) or list_files(args.list, args.data_prefix)
    decoded = {}
    mean = (mean_embedding(encoder, list_files(args.mean_list, args.data_prefix))
            if args.mean_list else mean_embedding(encoder, files, decoded))
    os.makedirs(args.out_dir, exist_ok=True)
    report = dict(config=args.config, checkpoint=args.checkpoint, method=args.method,
                  mean_over=args.mean_list or 'the videos analysed', band=args.band,
                  videos={})
    for number, filename in enumerate(files):
        video = decoded.pop(filename, None) or encoder.read(filename)
        maps = SALIENCY_METHODS[args.method](
            encoder.model.backbone, encoder.normalise(video['clips']), mean).cpu().numpy()
        if not np.isfinite(maps).all():
            raise FloatingPointError(f'{filename}: saliency is not finite')
        name = osp.splitext(osp.basename(filename))[0]
        entry = {}
        if osp.isfile(filename + MASK_SUFFIX):
            entry = mask_masses(maps, read_mask(filename), video['frame_inds'], args.band)
        report['videos'][filename] = entry
        if number < args.max_pictures:
            zoom = max(1, 128 // maps.shape[2])
            grid, animation = saliency_picture(video, maps, name, zoom)
            stem = osp.join(args.out_dir, f'{name}_{args.method}')
            png = write_image(f'{stem}.png', grid)
            write_animation(f'{stem}.{args.animation}', animation)
            print(f'{filename}: {png}' + ''.join(
                f', {r} {entry[r]:.3f} (area {entry[r + "_area"]:.3f})'
                for r in REGIONS if r in entry))
    measured = [e for e in report['videos'].values() if e]
    if measured:
        report['mean'] = {k: float(np.nanmean([e[k] for e in measured])) for k in measured[0]}
        report['videos_with_masks'] = len(measured)
        print(f'saliency mass over {len(measured)} videos with masks: ' + ', '.join(
            f'{r} {report["mean"][r]:.3f} (uniform {report["mean"][r + "_area"]:.3f})'
            for r in REGIONS))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(report, f, indent=1)
    print(f'{len(files)} videos in {time.time() - start:.1f} s; pictures under {args.out_dir}')


if __name__ == '__main__':
    main()
