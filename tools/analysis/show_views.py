"""One picture of a video as pre-training feeds it to the encoder: both clips and their derivatives.

    python tools/analysis/show_views.py VIDEO [--config PRETRAIN_CONFIG] [--out views.png]
        [--seed 0] [--cfg-options ...]

Rows: each augmented clip (V, V') after the model's normalisation, then its 1st and
2nd temporal derivatives (dV, d2V; eq. 3-4), frames left to right. Clips are stretched
to the display range; derivatives are shown with 0 as mid-grey. Check here, before a
long run, that the crops keep what moves in view, that the colour augmentation is sane
and that the derivatives show motion rather than noise. The default config is the
demo's ViDiDi-VICReg; any pre-training config works (configs/vididi/...).
"""
import argparse
import os.path as osp
import sys

# tools.* modules are imported by their path from the repository root.
sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..', '..')))

import vididi_mm  # noqa: F401  (stack fixes and registration come first)
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope

from tools.analysis.drawing import labelled_grid, scale_for_display, write_image
from tools.analysis.pretraining_views import pretraining_views
from vididi_mm.temporal_derivative import MAX_ORDER, VIEW_NAMES

DEFAULT_CONFIG = 'configs/demo/vididi-vicreg_plain3d-w16_synthetic.py'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('video')
    parser.add_argument('--config', default=DEFAULT_CONFIG, help='pre-training config')
    parser.add_argument('--out', default=None, help='PNG (default: <video name>_views.png)')
    parser.add_argument('--seed', type=int, default=0, help='seeds the augmentation')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = parser.parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    clips, views = pretraining_views(cfg, args.video, args.seed)
    rows, labels = [], []
    for clip in range(2):
        for order in range(MAX_ORDER + 1):
            view = views[clip, order].numpy().transpose(1, 2, 3, 0)  # (T, H, W, C)
            shown = scale_for_display(view, symmetric=order > 0)
            rows.append(list(shown))
            labels.append(f"{VIEW_NAMES[order]}{chr(39) * clip}\n"
                          f"std {view.std():.2f}")
    zoom = max(1, 96 // clips.shape[-1])
    picture = labelled_grid(rows, labels, zoom=zoom)
    out = args.out or f'{osp.splitext(osp.basename(args.video))[0]}_views.png'
    write_image(out, picture)
    print(f'{args.video}: clips {tuple(clips.shape[1:])} (C, T, H, W) after '
          f'normalisation; wrote {out}')


if __name__ == '__main__':
    main()
