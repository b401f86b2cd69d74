"""The pre-training models: backbones, views, both forward modes."""
import pytest
import torch
from mmengine.config import Config
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample

from conftest import REPO_ROOT

def narrow(config_name, **model):
    cfg = Config.fromfile(f'{REPO_ROOT}/configs/vididi/{config_name}')
    cfg.model.backbone.base_channels = 4  # the configs' R3D-18, 16x narrower
    cfg.model.data_preprocessor.augment = False  # these tests feed unaugmented clip pairs
    cfg.model.neck.update(in_channels=32, hid_channels=16)
    if cfg.model.type == 'BYOL':
        cfg.model.neck.out_channels = 8
        cfg.model.predictor.update(in_channels=8, hid_channels=16, out_channels=8)
    elif cfg.model.type == 'VICReg':
        cfg.model.neck.out_channels = 16
    cfg.model.update(model)
    return MODELS.build(cfg.model)


def set_train_progress(iteration, max_iters):
    """What MMEngine's RuntimeInfoHook publishes before a training iteration."""
    from mmengine.logging import MessageHub
    hub = MessageHub.get_instance(f'progress-{iteration}-{max_iters}')  # now current
    hub.update_info('iter', iteration)
    hub.update_info('max_iters', max_iters)


def clip_pairs(n=4, t=8, size=16):
    torch.manual_seed(0)
    return torch.randint(0, 256, (n, 2, 3, t, size, size)).float()


def test_r3d18_has_the_papers_parameter_count():
    cfg = Config.fromfile(f'{REPO_ROOT}/configs/_base_/models/r3d18.py')
    backbone = MODELS.build(cfg.backbone)
    assert sum(p.numel() for p in backbone.parameters()) == 33_166_272


def test_plain_conv3d_layers_and_output_shape():
    cfg = Config.fromfile(f'{REPO_ROOT}/configs/_base_/models/plain3d-w16.py')
    backbone_cfg = dict(cfg.plain3d_w16)
    backbone_cfg.pop('_delete_')
    backbone = MODELS.build(backbone_cfg)
    # Counted by hand: a bias-free conv has c_in * c_out * kernel volume
    # weights, each BatchNorm 2 * c_out; stages of two 3x3x3 convolutions.
    widths = [16, 16, 32, 64, 128]
    expected = 3 * 16 * 3 * 7 * 7 + 2 * 16
    for c_in, c_out in zip(widths[:-1], widths[1:]):
        expected += (c_in * c_out + c_out * c_out) * 27 + 2 * 2 * c_out
    assert sum(p.numel() for p in backbone.parameters()) == expected
    assert not any('downsample' in name for name, _ in backbone.named_modules())
    with torch.no_grad():
        # Stem: space / 2; every stage (the recipe's strides): time and
        # space / 2 (rounded up): 8x56x56 -> 8x28x28 -> 4x14x14 -> 2x7x7
        # -> 1x4x4 -> 1x2x2.
        assert backbone(torch.randn(2, 3, 8, 56, 56)).shape == (2, 128, 1, 2, 2)
    with pytest.raises(ValueError, match='one entry per stage'):
        MODELS.build(dict(type='PlainConv3d', strides=(1, 2)))


@pytest.mark.parametrize('config, width', [
    ('vididi-vicreg_r2plus1d18_ucf101.py', 512),
    ('vididi-vicreg_mc3-18_ucf101.py', 512),
    ('vididi-vicreg_s3d_ucf101.py', 1024),
])
def test_other_encoders_give_their_feature_width(config, width):
    model = MODELS.build(Config.fromfile(f'{REPO_ROOT}/configs/vididi/{config}').model)
    model.eval()
    with torch.no_grad():
        feats = model(torch.randn(2, 3, 8, 32, 32), mode='tensor')
    assert feats.shape == (2, width)


@pytest.mark.parametrize('orders, length', [
    ((0, 0), 8), ((1, 1), 7), ((1, 0), 7), ((0, 1), 7), ((2, 1), 6), ((1, 2), 6)])
def test_views_follow_the_orders_and_mixed_pairs_are_cut(orders, length):
    model = narrow('vididi-simclr_r3d18_ucf101.py')
    inputs = torch.randn(3, 2, 3, 8, 4, 4)
    model.set_view_orders(*orders)
    view, view_prime = model.make_views(inputs)
    assert view.shape == view_prime.shape == (3, 3, length, 4, 4)
    # The raw clip of a mixed pair is its own first frames.
    if orders == (1, 0):
        torch.testing.assert_close(view_prime, inputs[:, 1, :, :7])
        torch.testing.assert_close(view, inputs[:, 0, :, 1:] - inputs[:, 0, :, :-1])


@pytest.mark.parametrize('config, terms', [
    ('vididi-simclr_r3d18_ucf101.py', {'loss'}),
    ('vididi-byol_r3d18_ucf101.py', {'loss', 'momentum'}),
    ('vididi-vicreg_r3d18_ucf101.py',
     {'loss_invariance', 'loss_variance', 'loss_covariance'}),
])
def test_loss_and_tensor_modes(config, terms):
    model = narrow(config)
    model.init_weights()
    data = model.data_preprocessor(dict(inputs=list(clip_pairs()), data_samples=None),
                                   training=True)
    model.set_view_orders(2, 1)
    set_train_progress(0, 10)
    losses = model(data['inputs'], mode='loss')
    # Beside the loss terms, the orders the batch was fed (the log's record).
    assert set(losses) == terms | {'view_order', 'view_order_prime'}
    assert (losses['view_order'].item(), losses['view_order_prime'].item()) == (2, 1)
    total = sum(v for k, v in losses.items() if k.startswith('loss'))
    total.backward()
    assert all(p.grad is not None for n, p in model.named_parameters()
               if p.requires_grad), 'every online parameter is trained'
    feats = model(data['inputs'], mode='tensor')
    assert feats.shape == (8, 32)  # both clips of 4 videos, pooled
    # 'predict' (online kNN): per video, the normalised mean of its clips' features.
    samples = model(data['inputs'], mode='predict', data_samples=[ActionDataSample()
                                                                  for _ in range(4)])
    expected = torch.nn.functional.normalize(feats.view(4, 2, 32).mean(dim=1), dim=1)
    torch.testing.assert_close(torch.stack([s.feature for s in samples]), expected)
    with pytest.raises(RuntimeError, match="no 'retrieval' mode"):
        model(data['inputs'], mode='retrieval')


def test_byol_target_follows_the_cosine_momentum():
    model = narrow('vididi-byol_r3d18_ucf101.py')
    model.init_weights()
    online = dict(model.backbone.named_parameters())
    target = dict(model.target_net.module[0].named_parameters())
    torch.testing.assert_close(online['conv1.conv.weight'], target['conv1.conv.weight'])
    assert not target['conv1.conv.weight'].requires_grad

    from mmengine.logging import MessageHub
    MessageHub.get_instance('no-runner')  # a hub without a run's progress
    with pytest.raises(RuntimeError, match="the run's progress"):
        model._update_target()  # no silent constant momentum
    for step, tau in [(0, 0.99), (50, 0.995), (100, 1.0)]:
        set_train_progress(step, 100)
        before = target['conv1.conv.weight'].detach().clone()
        with torch.no_grad():
            online['conv1.conv.weight'].add_(1.0)
        model._update_target()
        assert model.target_net.momentum == pytest.approx(tau)
        expected = tau * before + (1 - tau) * online['conv1.conv.weight']
        torch.testing.assert_close(target['conv1.conv.weight'], expected)


def _step_target(model, step):
    """Move the online encoder's first weight, then update the target at
    ``step`` of 100; returns (tau, the target's weight before, the online's)."""
    online = dict(model.backbone.named_parameters())['conv1.conv.weight']
    target = dict(model.target_net.module[0].named_parameters())['conv1.conv.weight']
    before = target.detach().clone()
    with torch.no_grad():
        online.add_(1.0)
    set_train_progress(step, 100)
    model._update_target()
    return model.target_net.momentum, before, online.detach(), target.detach()


def test_byol_target_follows_a_moved_model():
    """The runner builds the model, then moves it to its device, which gives
    every parameter and buffer new storage; a dtype conversion does the same
    on a CPU. The target must go on following the online network (MMEngine's
    averaged model, with buffers, kept updating its old tensors instead)."""
    model = narrow('vididi-byol_r3d18_ucf101.py')
    model.init_weights()
    model.double()
    tau, before, online, target = _step_target(model, 30)
    assert target.dtype == torch.float64 and tau < 1
    torch.testing.assert_close(target, tau * before + (1 - tau) * online)
    # BatchNorm statistics are averaged too.
    online_bn = model.backbone.conv1.bn.running_mean
    with torch.no_grad():
        online_bn.add_(1.0)
    target_bn = model.target_net.module[0].conv1.bn.running_mean
    before = target_bn.clone()
    model._update_target()
    m = model.target_net.momentum
    torch.testing.assert_close(target_bn, m * before + (1 - m) * online_bn)


def test_a_loaded_byol_target_is_averaged_into_not_copied_over():
    trained = narrow('vididi-byol_r3d18_ucf101.py')
    trained.init_weights()
    _step_target(trained, 10)
    resumed = narrow('vididi-byol_r3d18_ucf101.py')
    resumed.init_weights()  # the runner initialises, then resumes
    resumed.load_state_dict(trained.state_dict())
    results = [_step_target(model, 11) for model in (trained, resumed)]
    torch.testing.assert_close(results[1][3], results[0][3])
    assert int(resumed.target_net.steps) == int(trained.target_net.steps) == 3


@pytest.mark.parametrize('config', ['vididi-simclr_r3d18_ucf101.py',
                                    'vididi-byol_r3d18_ucf101.py',
                                    'vididi-vicreg_r3d18_ucf101.py'])
def test_channels_last_gives_the_same_losses_and_gradients(config):
    """NDHWC memory (channels_last=True) changes strides, not values: the
    same weights, loaded from an NCDHW model's state dict, give its losses
    and gradients."""
    models = [narrow(config, channels_last=flag) for flag in (False, True)]
    models[0].init_weights()
    models[1].load_state_dict(models[0].state_dict())
    convs = [p for n, p in models[1].named_parameters(remove_duplicate=False) if p.ndim == 5]
    if config.startswith('vididi-byol'):
        convs += [p for p in models[1].target_net.parameters() if p.ndim == 5]
    assert convs and all(p.is_contiguous(memory_format=torch.channels_last_3d) for p in convs)
    assert sum(not p.is_contiguous() for p in convs) > len(convs) / 2  # 1x1x1 ones are both
    data = models[0].data_preprocessor(dict(inputs=list(clip_pairs()), data_samples=None),
                                       training=True)
    totals = []
    for model in models:
        model.set_view_orders(1, 0)
        set_train_progress(3, 10)
        losses = model(data['inputs'], mode='loss')
        totals.append(sum(v for k, v in losses.items() if k.startswith('loss')))
        totals[-1].backward()
    torch.testing.assert_close(totals[1], totals[0], rtol=1e-4, atol=1e-5)
    for (name, p0), p1 in zip(models[0].named_parameters(), models[1].parameters()):
        if p0.grad is None:  # BYOL's target
            assert p1.grad is None and not p0.requires_grad, name
            continue
        # Other kernels sum in another order: float32 rounding, relative to
        # the largest gradient of the tensor (measured: under 1e-5 of it;
        # biases before a BatchNorm have gradients of rounding alone).
        error = (p1.grad - p0.grad).abs().max()
        assert error <= 1e-4 * p0.grad.abs().max() + 1e-6, f'{name}: {error:.2e}'
