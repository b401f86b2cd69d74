"""tools/export_encoder.py: the encoder alone, in MMAction2's or torchvision's layout."""
import hashlib
import math
import os.path as osp
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmaction.registry import MODELS

from conftest import REPO_ROOT, run_tool
from test_eval_e2e import TINY, retrieval_options
from tools.export_encoder import to_torchvision, torchvision_layout
from vididi_mm.compat import load_checkpoint_file

#: Parameters of torchvision's models with their 400-class fc, as torchvision's
#: model documentation lists them (r3d_18, mc3_18, r2plus1d_18).
TORCHVISION_PARAMETERS = {'r3d_18': 33_371_472, 'mc3_18': 11_695_440, 'r2plus1d_18': 31_505_325}


@pytest.mark.parametrize('arch', sorted(TORCHVISION_PARAMETERS))
def test_the_torchvision_layouts_hold_torchvision_parameter_counts(arch):
    layout = torchvision_layout(arch)
    learned = sum(math.prod(shape) for key, shape in layout.items()
                  if not key.endswith(('running_mean', 'running_var', 'num_batches_tracked')))
    assert learned + 512 * 400 + 400 == TORCHVISION_PARAMETERS[arch]


ENCODERS = [('vididi-vicreg_r3d18_ucf101.py', 'r3d_18'),
            ('vididi-vicreg_mc3-18_ucf101.py', 'mc3_18'),
            ('vididi-vicreg_r2plus1d18_ucf101.py', 'r2plus1d_18')]


def encoder(config):
    return MODELS.build(Config.fromfile(f'{REPO_ROOT}/configs/vididi/{config}').model.backbone)


@pytest.mark.parametrize('config, arch', ENCODERS)
def test_the_package_encoders_map_onto_torchvision_tensor_for_tensor(config, arch):
    state = encoder(config).state_dict()
    found, renamed = to_torchvision(state)
    assert found == arch
    layout = torchvision_layout(arch)
    assert list(renamed) == list(layout)
    assert all(tuple(v.shape) == layout[k] for k, v in renamed.items())
    # A renaming: every tensor of the encoder, each once.
    assert sorted(map(id, renamed.values())) == sorted(map(id, state.values()))
    stem = 'conv1.0.conv.weight' if arch == 'r2plus1d_18' else 'conv1.conv.weight'
    assert renamed['stem.0.weight'] is state[stem]
    assert renamed['layer3.0.downsample.1.running_var'] is \
        state['layer3.0.downsample.bn.running_var']


def torchvision_forward(state, arch, x):
    """torchvision's ``VideoResNet`` up to its pooled features, in eval mode,
    on its own state dict, written from its ``models/video/resnet.py``:
    ``BasicStem`` / ``R2Plus1dStem``, ``BasicBlock`` with ``Conv3DSimple``,
    ``Conv3DNoTemporal`` (mc3_18, layers 2-4: no temporal stride, also in the
    shortcut) or ``Conv2Plus1D``."""
    relu = torch.relu

    def conv(x, key, stride, padding):
        return F.conv3d(x, state[key], None, stride, padding)

    def bn(x, key):
        return F.batch_norm(x, state[f'{key}.running_mean'], state[f'{key}.running_var'],
                            state[f'{key}.weight'], state[f'{key}.bias'], False, 0.0, 1e-5)

    if arch == 'r2plus1d_18':
        x = relu(bn(conv(x, 'stem.0.weight', (1, 2, 2), (0, 3, 3)), 'stem.1'))
        x = relu(bn(conv(x, 'stem.3.weight', 1, (1, 0, 0)), 'stem.4'))
    else:
        x = relu(bn(conv(x, 'stem.0.weight', (1, 2, 2), (1, 3, 3)), 'stem.1'))
    for layer in range(1, 5):
        no_temporal = arch == 'mc3_18' and layer > 1
        for block in range(2):
            name = f'layer{layer}.{block}'
            s = 2 if layer > 1 and block == 0 else 1
            stride = (1, s, s) if no_temporal else (s, s, s)

            def block_conv(x, c, stride):
                if arch == 'r2plus1d_18':
                    x = relu(bn(conv(x, f'{name}.{c}.0.0.weight', (1, *stride[1:]), (0, 1, 1)),
                                f'{name}.{c}.0.1'))
                    return conv(x, f'{name}.{c}.0.3.weight', (stride[0], 1, 1), (1, 0, 0))
                return conv(x, f'{name}.{c}.0.weight', stride,
                            (0, 1, 1) if no_temporal else (1, 1, 1))

            out = relu(bn(block_conv(x, 'conv1', stride), f'{name}.conv1.1'))
            out = bn(block_conv(out, 'conv2', (1, 1, 1)), f'{name}.conv2.1')
            if f'{name}.downsample.0.weight' in state:
                x = bn(conv(x, f'{name}.downsample.0.weight', stride, 0), f'{name}.downsample.1')
            x = relu(out + x)
    return x.mean(dim=(2, 3, 4))


@pytest.mark.parametrize('config, arch', ENCODERS)
def test_the_exported_encoder_computes_what_torchvisions_network_computes(config, arch):
    torch.manual_seed(0)
    backbone = encoder(config)
    backbone.init_weights()
    for m in backbone.modules():  # statistics that are not the identity
        if isinstance(m, torch.nn.BatchNorm3d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.1, 0.1)
    backbone.eval()
    clips = torch.randn(2, 3, 8, 32, 32)
    _, state = to_torchvision(backbone.state_dict())
    with torch.no_grad():
        ours = backbone(clips).mean(dim=(2, 3, 4))
        torch.testing.assert_close(torchvision_forward(state, arch, clips), ours,
                                   rtol=1e-4, atol=1e-5)


def test_an_encoder_torchvision_has_no_twin_of_is_refused():
    # MMAction2's own ResNet2Plus1d: an 83-channel stem (torchvision: 45),
    # (2+1)D shortcuts; the package's R(2+1)D-18 is ResNet2Plus1dTV.
    cfg = Config.fromfile(f'{REPO_ROOT}/configs/vididi/vididi-vicreg_r2plus1d18_ucf101.py')
    backbone = MODELS.build(dict(cfg.model.backbone, type='ResNet2Plus1d'))
    with pytest.raises(ValueError, match=r"does not fit torchvision's r2plus1d_18.*stem.0.weight"):
        to_torchvision(backbone.state_dict())


def exported(log):
    return re.search(r'-> (\S+\.pth)', log).group(1)


def test_an_exported_encoder_gives_the_checkpoints_features(tiny_videos, tiny_pretrained,
                                                            tmp_path):
    log = run_tool('export_encoder.py', tiny_pretrained, tmp_path / 'encoder.pth')
    path = exported(log)
    with open(path, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    assert osp.basename(path) == f'encoder-{digest[:8]}.pth'
    state = torch.load(path, weights_only=True)
    checkpoint = load_checkpoint_file(str(tiny_pretrained))['state_dict']
    backbone = {k[len('backbone.'):]: v for k, v in checkpoint.items() if k.startswith('backbone.')}
    assert state.keys() == backbone.keys()
    assert all(torch.equal(state[k], backbone[k]) for k in state)

    features = []
    for weights, prefix in ((tiny_pretrained, 'backbone.'), (path, '')):
        dump = tmp_path / f'features{len(features)}.npz'
        run_tool('test.py', osp.join(TINY, 'tiny_retrieval.py'), weights,
                 '--work-dir', tmp_path, *retrieval_options(tiny_videos),
                 f'model.backbone_prefix={prefix}', f'test_evaluator.dump_file={dump}')
        features.append(np.load(dump)['features'])
    np.testing.assert_array_equal(features[1], features[0])

    # Fine-tuning starts from the same encoder.
    cfg = Config.fromfile(osp.join(TINY, 'tiny_finetune.py'))
    cfg.model.update(backbone_checkpoint=path, backbone_prefix='')
    recognizer = MODELS.build(cfg.model)
    recognizer.init_weights()
    for key, value in recognizer.backbone.state_dict().items():
        assert torch.equal(value, backbone[key]), key


def test_a_missing_part_is_named(tiny_pretrained, tmp_path):
    with pytest.raises(AssertionError, match=r"no weights under 'target_net.module.0.'"):
        run_tool('export_encoder.py', tiny_pretrained, tmp_path / 'target.pth',
                 '--part', 'target')
    assert not list(tmp_path.iterdir())


def test_byols_target_encoder_can_be_taken_instead_of_the_online_one():
    from tools.export_encoder import encoder_state
    model = MODELS.build(Config.fromfile(osp.join(TINY, 'tiny_byol.py')).model)
    model.init_weights()
    with torch.no_grad():
        model.backbone.conv1.conv.weight.add_(1.0)  # the online encoder moves on
    state = model.state_dict()
    for part, module in (('online', model.backbone), ('target', model.target_net.module[0])):
        taken = encoder_state(state, part)
        assert taken.keys() == module.state_dict().keys()
        assert all(torch.equal(taken[k], v) for k, v in module.state_dict().items())
    assert not torch.equal(encoder_state(state, 'online')['conv1.conv.weight'],
                           encoder_state(state, 'target')['conv1.conv.weight'])


def test_mmaction_resnet2plus1d_still_max_pools_whatever_with_pool1_says():
    """The upstream defect ResNet2Plus1dTV.forward answers (docs/upstream_fixes.md):
    when this fails, MMAction2 honours with_pool1 and the override can go."""
    cfg = Config.fromfile(f'{REPO_ROOT}/configs/vididi/vididi-vicreg_r2plus1d18_ucf101.py')
    assert cfg.model.backbone.with_pool1 is False
    clips = torch.randn(1, 3, 8, 64, 64)
    ours = MODELS.build(cfg.model.backbone)
    theirs = MODELS.build(dict(cfg.model.backbone, type='ResNet2Plus1d'))
    with torch.no_grad():
        assert ours(clips).shape[-2:] == (4, 4)  # stride 2 in the stem and stages 2-4
        assert theirs(clips).shape[-2:] == (2, 2)  # and a max-pool it was told not to use
