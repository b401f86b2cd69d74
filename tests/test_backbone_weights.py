"""Pre-trained weights land in downstream backbones, or fail with the keys named."""
import pytest
import torch
from mmaction.registry import MODELS

from vididi_mm.models import BackboneWeightsError, load_backbone_weights


def narrow_r3d(width=4):
    return MODELS.build(dict(
        type='ResNet3d', depth=18, pretrained=None, base_channels=width,
        conv1_kernel=(3, 7, 7), conv1_stride_t=1, pool1_stride_t=1,
        with_pool1=False, inflate=(1, 1, 1, 1), inflate_style='3x3x3',
        spatial_strides=(1, 2, 2, 2), temporal_strides=(1, 2, 2, 2)))


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
