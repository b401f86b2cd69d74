"""tools/export_encoder.py: the encoder alone, in MMAction2's or torchvision's layout."""
import hashlib
import math
import os.path as osp
import re

import numpy as np
import pytest
import torch
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


@pytest.mark.parametrize('config, arch', [('vididi-vicreg_r3d18_ucf101.py', 'r3d_18'),
                                          ('vididi-vicreg_mc3-18_ucf101.py', 'mc3_18')])
def test_the_package_encoders_map_onto_torchvision_tensor_for_tensor(config, arch):
    backbone = MODELS.build(Config.fromfile(f'{REPO_ROOT}/configs/vididi/{config}').model.backbone)
    state = backbone.state_dict()
    found, renamed = to_torchvision(state)
    assert found == arch
    layout = torchvision_layout(arch)
    assert list(renamed) == list(layout)
    assert all(tuple(v.shape) == layout[k] for k, v in renamed.items())
    # A renaming: every tensor of the encoder, each once.
    assert sorted(map(id, renamed.values())) == sorted(map(id, state.values()))
    assert renamed['stem.0.weight'] is state['conv1.conv.weight']
    assert renamed['layer3.0.downsample.1.running_var'] is \
        state['layer3.0.downsample.bn.running_var']


def test_an_encoder_torchvision_has_no_twin_of_is_refused():
    # MMAction2's R(2+1)D: an 83-channel stem (torchvision: 45), (2+1)D downsampling.
    config = f'{REPO_ROOT}/configs/vididi/vididi-vicreg_r2plus1d18_ucf101.py'
    backbone = MODELS.build(Config.fromfile(config).model.backbone)
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
