"""Take a pre-trained encoder out of a checkpoint, as a plain state dict.

    python tools/export_encoder.py CHECKPOINT OUT.pth [--format mmaction|torchvision]
        [--part online|target]

Writes the backbone alone (BYOL: its online encoder, or with ``--part target`` its
momentum target) and renames the file ``OUT-<sha256 prefix>.pth``, as OpenMMLab's publish
step does, so a copy can be checked against its name. Formats:

- ``mmaction`` (default): the keys of MMAction2's backbone (``conv1.conv.weight``...); load it
  with the retrieval or fine-tuning configs and ``--cfg-options model.backbone_prefix=``
  (empty: the file holds nothing but the encoder).
- ``torchvision``: the keys and shapes of torchvision's ``r3d_18``, ``mc3_18`` or
  ``r2plus1d_18`` without ``fc`` (``model.load_state_dict(state, strict=False)`` leaves only
  ``fc.weight`` and ``fc.bias`` missing). The architecture is read from the weights and the
  result is checked key by key and shape by shape against torchvision's layout
  (:func:`torchvision_layout`); an encoder that does not fit it (another width, or MMAction2's
  own ``ResNet2Plus1d``, whose stem has 83 middle channels against torchvision's 45: the
  package's R(2+1)D-18 is ``ResNet2Plus1dTV``) is refused, naming the first keys that differ.

The checkpoint is read as data (``vididi_mm.compat.load_checkpoint_file``): nothing in it runs.
"""
import argparse
import hashlib
import os
import os.path as osp
import re
from collections import OrderedDict
from typing import Dict, Tuple

import torch

#: Where each encoder lives in a pre-training checkpoint (BYOL's target: CosineEMA's module 0).
PARTS = {'online': 'backbone.', 'target': 'target_net.module.0.'}
TORCHVISION_ARCHS = ('r3d_18', 'mc3_18', 'r2plus1d_18')
BN_KEYS = ('weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked')


def encoder_state(state_dict: Dict[str, torch.Tensor], part: str = 'online'
                  ) -> 'OrderedDict[str, torch.Tensor]':
    """The backbone's entries of a model's state dict, without their prefix."""
    prefix = PARTS[part]
    state = OrderedDict((k[len(prefix):], v) for k, v in state_dict.items()
                        if k.startswith(prefix))
    if not state:
        tops = sorted({k.split('.', 1)[0] for k in state_dict})
        raise KeyError(f'no weights under {prefix!r} (--part {part}); the checkpoint has '
                       f'{tops[:8]}')
    return state


def _batch_norm(prefix: str, channels: int) -> Dict[str, Tuple[int, ...]]:
    return {f'{prefix}.{k}': (() if k == 'num_batches_tracked' else (channels,))
            for k in BN_KEYS}


def torchvision_layout(arch: str) -> Dict[str, Tuple[int, ...]]:
    """Key -> shape of torchvision's video ResNet ``arch`` without ``fc``.

    Written from torchvision's ``models/video/resnet.py`` (``VideoResNet``): a stem
    (``BasicStem``: conv 3x7x7 to 64 and BN; ``R2Plus1dStem``: conv 1x7x7 to 45, BN, conv
    3x1x1 to 64, BN), four layers of two ``BasicBlock`` of width 64, 128, 256, 512, each
    block ``conv1 = (conv, BN, ReLU)`` and ``conv2 = (conv, BN)``, and a 1x1x1
    ``downsample = (conv, BN)`` opening layers 2-4. The block convolution is 3x3x3
    (``Conv3DSimple``), 1x3x3 in layers 2-4 of mc3_18 (``Conv3DNoTemporal``), or, in
    r2plus1d_18, ``Conv2Plus1D = (conv 1x3x3 to mid, BN, ReLU, conv 3x1x1)`` with
    ``mid = (in * out * 27) // (in * 9 + 3 * out)`` from the block's input and output widths,
    the same for both of its convolutions.
    """
    if arch not in TORCHVISION_ARCHS:
        raise ValueError(f'unknown torchvision architecture {arch!r}; one of {TORCHVISION_ARCHS}')
    layout = {}
    if arch == 'r2plus1d_18':
        layout['stem.0.weight'] = (45, 3, 1, 7, 7)
        layout.update(_batch_norm('stem.1', 45))
        layout['stem.3.weight'] = (64, 45, 3, 1, 1)
        layout.update(_batch_norm('stem.4', 64))
    else:
        layout['stem.0.weight'] = (64, 3, 3, 7, 7)
        layout.update(_batch_norm('stem.1', 64))
    in_planes = 64
    for layer, planes in enumerate((64, 128, 256, 512), start=1):
        for block in range(2):
            name = f'layer{layer}.{block}'
            # One mid width for both of a block's convolutions, from its input width.
            mid = (in_planes * planes * 27) // (in_planes * 9 + 3 * planes)
            for conv, c_in in (('conv1', in_planes), ('conv2', planes)):
                if arch == 'r2plus1d_18':
                    layout[f'{name}.{conv}.0.0.weight'] = (mid, c_in, 1, 3, 3)
                    layout.update(_batch_norm(f'{name}.{conv}.0.1', mid))
                    layout[f'{name}.{conv}.0.3.weight'] = (planes, mid, 3, 1, 1)
                else:
                    depth = 1 if arch == 'mc3_18' and layer > 1 else 3
                    layout[f'{name}.{conv}.0.weight'] = (planes, c_in, depth, 3, 3)
                layout.update(_batch_norm(f'{name}.{conv}.1', planes))
            if block == 0 and layer > 1:
                layout[f'{name}.downsample.0.weight'] = (planes, in_planes, 1, 1, 1)
                layout.update(_batch_norm(f'{name}.downsample.1', planes))
            in_planes = planes
    return layout


def detect_arch(state: Dict[str, torch.Tensor]) -> str:
    """Which torchvision architecture an MMAction2 ResNet3d or ResNet2Plus1d(TV) state
    dict mirrors."""
    if 'conv1.0.conv.weight' in state or 'conv1.conv.conv_s.weight' in state:
        return 'r2plus1d_18'  # ResNet2Plus1dTV's stem, or MMAction2's
    block = state.get('layer2.0.conv1.conv.weight')
    if block is None:
        raise ValueError('not an MMAction2 ResNet3d or ResNet2Plus1d encoder (no '
                         "'layer2.0.conv1.conv.weight'); --format torchvision takes R3D-18, "
                         'MC3-18 and R(2+1)D-18')
    return 'mc3_18' if block.shape[2] == 1 else 'r3d_18'


#: MMAction2 -> torchvision key rewrites, tried in order (the first match wins).
_RENAMES = (
    (r'^conv1\.0\.conv\.(.+)$', r'stem.0.\1'),  # ResNet2Plus1dTV's stem
    (r'^conv1\.0\.bn\.(.+)$', r'stem.1.\1'),
    (r'^conv1\.1\.conv\.(.+)$', r'stem.3.\1'),
    (r'^conv1\.1\.bn\.(.+)$', r'stem.4.\1'),
    (r'^conv1\.conv\.conv_s\.(.+)$', r'stem.0.\1'),
    (r'^conv1\.conv\.bn_s\.(.+)$', r'stem.1.\1'),
    (r'^conv1\.conv\.conv_t\.(.+)$', r'stem.3.\1'),
    (r'^conv1\.bn\.(.+)$', None),  # stem.1 (3D stem) or stem.4 (R(2+1)D stem)
    (r'^conv1\.conv\.(.+)$', r'stem.0.\1'),
    (r'^(layer\d\.\d\.conv\d)\.conv\.conv_s\.(.+)$', r'\1.0.0.\2'),
    (r'^(layer\d\.\d\.conv\d)\.conv\.bn_s\.(.+)$', r'\1.0.1.\2'),
    (r'^(layer\d\.\d\.conv\d)\.conv\.conv_t\.(.+)$', r'\1.0.3.\2'),
    (r'^(layer\d\.\d\.(?:conv\d|downsample))\.conv\.(.+)$', r'\1.0.\2'),
    (r'^(layer\d\.\d\.(?:conv\d|downsample))\.bn\.(.+)$', r'\1.1.\2'),
)


def to_torchvision(state: Dict[str, torch.Tensor]
                   ) -> Tuple[str, 'OrderedDict[str, torch.Tensor]']:
    """Rename an MMAction2 encoder's state dict to torchvision's, checked against
    :func:`torchvision_layout`. Returns ``(arch, state)``."""
    arch = detect_arch(state)
    stem_bn = 'stem.4.' if arch == 'r2plus1d_18' else 'stem.1.'
    renamed = OrderedDict()
    for key, value in state.items():
        for pattern, replacement in _RENAMES:
            match = re.match(pattern, key)
            if match:
                renamed[match.expand(replacement) if replacement
                        else stem_bn + match.group(1)] = value
                break
        else:
            raise KeyError(f'{key!r} has no place in torchvision\'s {arch}')
    layout = torchvision_layout(arch)
    missing = [k for k in layout if k not in renamed]
    unexpected = [k for k in renamed if k not in layout]
    reshaped = [f'{k}: {tuple(renamed[k].shape)} here, {layout[k]} in torchvision'
                for k in layout if k in renamed and tuple(renamed[k].shape) != layout[k]]
    if missing or unexpected or reshaped:
        raise ValueError(f'the encoder does not fit torchvision\'s {arch}: missing '
                         f'{missing[:3]}, unexpected {unexpected[:3]}, shapes {reshaped[:3]}')
    return arch, OrderedDict((k, renamed[k]) for k in layout)


def write_with_hash(obj, out: str) -> str:
    """``torch.save`` to ``out``, then rename to ``<stem>-<sha256[:8]>.pth``."""
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    torch.save(obj, out)
    digest = hashlib.sha256()
    with open(out, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    final = f'{osp.splitext(out)[0]}-{digest.hexdigest()[:8]}.pth'
    os.replace(out, final)
    return final


def main():
    from vididi_mm.compat import load_checkpoint_file

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('checkpoint', help='a pre-training checkpoint (or any with the encoder)')
    parser.add_argument('out', help='output path; the sha256 prefix is added to its name')
    parser.add_argument('--format', choices=('mmaction', 'torchvision'), default='mmaction')
    parser.add_argument('--part', choices=tuple(PARTS), default='online',
                        help="BYOL: the online encoder (default) or the momentum 'target'")
    args = parser.parse_args()
    checkpoint = load_checkpoint_file(args.checkpoint)
    state = encoder_state(checkpoint.get('state_dict', checkpoint), args.part)
    layout = 'mmaction'
    if args.format == 'torchvision':
        layout, state = to_torchvision(state)
    final = write_with_hash(state, args.out)
    count = sum(v.numel() for k, v in state.items() if not k.endswith('num_batches_tracked'))
    print(f'{args.checkpoint}: {args.part} encoder, {len(state)} tensors ({count:,} values), '
          f'{layout} keys -> {final}')


if __name__ == '__main__':
    main()
