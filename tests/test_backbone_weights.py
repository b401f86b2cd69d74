"""Pre-trained weights land in downstream backbones, or fail with the keys named."""
import pytest
import torch
from mmengine.config import Config
from mmaction.registry import MODELS

from conftest import REPO_ROOT
from vididi_mm.models import BackboneWeightsError, load_backbone_weights


def narrow_r3d(width=4):
    """The configs' R3D-18 (configs/_base_/models/r3d18.py), narrower."""
    backbone = Config.fromfile(f'{REPO_ROOT}/configs/_base_/models/r3d18.py').backbone
    return MODELS.build(dict(backbone, base_channels=width))


def save(tmp_path, state):
    path = tmp_path / 'ckpt.pth'
    torch.save(dict(state_dict=state, meta=dict(epoch=1)), path)
    return str(path)


def test_weights_land_in_the_backbone(tmp_path):
    source = narrow_r3d()
    state = {f'backbone.{k}': v for k, v in source.state_dict().items()}
    state['neck.mlp.0.weight'] = torch.zeros(3, 3)  # not part of the backbone
    target = narrow_r3d()
    before = target.conv1.conv.weight.clone()
    load_backbone_weights(target, save(tmp_path, state))
    assert not torch.equal(before, target.conv1.conv.weight)
    torch.testing.assert_close(target.conv1.conv.weight, source.conv1.conv.weight)


@pytest.mark.parametrize('edit, message', [
    (lambda s: s.pop('backbone.conv1.conv.weight'), '1 missing (conv1.conv.weight)'),
    (lambda s: s.update({'backbone.extra.weight': torch.zeros(1)}), 'unexpected (extra.weight)'),
    (lambda s: s.update({'backbone.conv1.conv.weight': torch.zeros(1)}),
     'of another shape (conv1.conv.weight)'),
])
def test_mismatches_are_named(tmp_path, edit, message):
    state = {f'backbone.{k}': v for k, v in narrow_r3d().state_dict().items()}
    edit(state)
    with pytest.raises(BackboneWeightsError, match=message.replace('(', r'\(').replace(')', r'\)')):
        load_backbone_weights(narrow_r3d(), save(tmp_path, state))


def test_wrong_prefix_lists_what_is_there(tmp_path):
    state = {f'encoder.{k}': v for k, v in narrow_r3d().state_dict().items()}
    with pytest.raises(BackboneWeightsError, match=r"no weights under 'backbone.' \(it has encoder.\)"):
        load_backbone_weights(narrow_r3d(), save(tmp_path, state))
