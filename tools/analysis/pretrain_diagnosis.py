"""How close a pre-trained encoder is to collapse, and its BatchNorm statistics on raw clips.

    python tools/analysis/pretrain_diagnosis.py PRETRAIN_CONFIG CHECKPOINT [--out stats.json]
        [--order K] [--reestimate-bn] [--save-checkpoint OUT.pth] [--cfg-options ...]

CHECKPOINT is a pre-training checkpoint of the config's model, or ``random`` for the
model as initialised with ``--seed`` (the floor any method must beat). Over the
config's training loader (both augmented clips of every video, raw or, with
``--order``, their temporal derivative of that order, eq. 3-4), with the model in
training mode as the loss sees it and no gradient, it reports for the backbone's
pooled features and the projector's outputs the per-dimension standard deviation
and the effective rank (:func:`vididi_mm.evaluation.collapse_summary`).

``--reestimate-bn`` first replaces the backbone's BatchNorm running statistics by
their average over raw training clips (what ``RawClipBNHook`` does at the end of
pre-training); ``--save-checkpoint`` writes the model (re-estimated or not, random
or loaded) as a checkpoint that the retrieval and fine-tuning configs read.
"""
import argparse
import copy
import json

import vididi_mm  # noqa: F401  (stack fixes and registration come first)
import torch
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope
from mmengine.runner import Runner, load_checkpoint

from vididi_mm.engine import reestimate_bn_stats
from vididi_mm.evaluation import collapse_summary
from vididi_mm.temporal_derivative import temporal_difference


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='pre-training config')
    parser.add_argument('checkpoint', help="pre-training checkpoint, or 'random'")
    parser.add_argument('--out', help='write the statistics to this JSON file')
    parser.add_argument('--order', type=int, default=0, choices=(0, 1, 2),
                        help='temporal-derivative order of the clips measured (default: 0, raw)')
    parser.add_argument('--reestimate-bn', action='store_true',
                        help='re-estimate the backbone BatchNorm statistics on raw clips first')
    parser.add_argument('--save-checkpoint', help='write the model as a checkpoint here')
    parser.add_argument('--seed', type=int, default=0,
                        help='seed of the initialisation and of the data order (default: 0)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config keys, e.g. train_dataloader.dataset.ann_file=...')
    return parser.parse_args()


def preprocessor(model):
    return lambda data: model.data_preprocessor(data, training=True)


@torch.no_grad()
def clip_embeddings(model, loader, order=0):
    """Backbone features and projector outputs of both clips of every video,
    differentiated ``order`` times."""
    model = copy.deepcopy(model).train()  # batch statistics, as in the loss
    feats, projections = [], []
    for data in loader:
        inputs = preprocessor(model)(data)['inputs']  # (N, 2, C, T, H, W)
        for view in range(inputs.shape[1]):
            feat = model.extract_feat(temporal_difference(inputs[:, view], order, dim=2))
            feats.append(feat)
            projections.append(model.neck(feat))
    return torch.cat(feats), torch.cat(projections)


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    from mmengine.runner import set_random_seed
    set_random_seed(args.seed)

    from mmaction.registry import MODELS
    model = MODELS.build(cfg.model)
    model.init_weights()
    if args.checkpoint != 'random':
        load_checkpoint(model, args.checkpoint, map_location='cpu', strict=True)
    loader = Runner.build_dataloader(cfg.train_dataloader, seed=args.seed)

    report = dict(config=args.config, checkpoint=args.checkpoint, order=args.order)
    if args.reestimate_bn:
        report['bn_batches'] = reestimate_bn_stats(model.backbone, loader, preprocessor(model))
    feats, projections = clip_embeddings(model, loader, args.order)
    report['backbone'] = collapse_summary(feats)
    report['projector'] = collapse_summary(projections)
    for part in ('backbone', 'projector'):
        s = report[part]
        print(f'{part:9s} D={s["dim"]:4d} N={s["samples"]}: per-dimension std mean '
              f'{s["std_mean"]:.4f} (min {s["std_min"]:.4f}, max {s["std_max"]:.4f}), '
              f'effective rank {s["effective_rank"]:.1f}')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(report, f, indent=2)
    if args.save_checkpoint:
        torch.save(dict(meta=dict(source=args.checkpoint,
                                  bn_reestimated=args.reestimate_bn),
                        state_dict=model.state_dict()), args.save_checkpoint)
        print(f'wrote {args.save_checkpoint}')


if __name__ == '__main__':
    main()
