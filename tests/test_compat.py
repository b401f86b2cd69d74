"""The fixes of vididi_mm.compat, each against the upstream defect it answers."""
import gc
import os
import pickle
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.multiprocessing as mp

from conftest import free_port
import vididi_mm
from vididi_mm import compat


def run_python(code):
    """Run code in a fresh interpreter, without vididi_mm's fixes applied."""
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONPATH'}
    return subprocess.run([sys.executable, '-c', code], capture_output=True,
                          text=True, env=env, cwd='/')


def test_every_fix_names_its_upstream_issue():
    assert set(compat.UPSTREAM_ISSUES) == {
        'drn_stub', 'safe_checkpoint_types', 'resume_executes_config', 'cpu_distributed',
        'gloo_exit_deadlock', 'persistent_workers_exit', 'ava_metric_numpy2'}
    assert all(compat.UPSTREAM_ISSUES.values())


def test_mmaction_models_fails_without_the_drn_fix():
    # When this starts passing upstream, compat.stub_missing_drn can go.
    result = run_python('import mmaction.models')
    assert result.returncode != 0
    assert 'drn' in result.stderr


def test_mmaction_and_mmdet_models_register_after_import():
    result = run_python(
        'import vididi_mm, mmaction.models, mmdet.models\n'
        'from mmaction.registry import MODELS\n'
        'for name in ("Recognizer3D", "ResNet3d", "ResNet2Plus1d"):\n'
        '    assert name in MODELS.module_dict, name\n'
        '# The AVA heads register into MMDet\'s scope, and only with mmcv.ops.\n'
        'from mmdet.registry import MODELS as DET\n'
        'for name in ("FastRCNN", "AVARoIHead", "BBoxHeadAVA", '
        '"SingleRoIExtractor3D"):\n'
        '    assert name in DET.module_dict, name\n'
        'print("ok")')
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == 'ok'


def test_drn_stand_in_refuses_to_build():
    from mmaction.models.localizers import DRN
    with pytest.raises(ImportError, match='mmaction2#2714'):
        DRN()


def test_mmcv_ops_compute():
    from mmcv.ops import RoIAlign, nms

    boxes = torch.tensor([[0., 0., 10., 10.], [1., 1., 10., 10.],
                          [20., 20., 30., 30.]])
    scores = torch.tensor([0.9, 0.8, 0.7])
    # Box 1 overlaps box 0 with IoU 81/100 > 0.5 and is suppressed.
    _, keep = nms(boxes, scores, iou_threshold=0.5)
    assert keep.tolist() == [0, 2]

    # A constant feature map pools to that constant.
    feats = torch.full((1, 3, 8, 8), 2.5)
    rois = torch.tensor([[0., 1., 1., 5., 5.]])
    out = RoIAlign(output_size=2, spatial_scale=1.0, sampling_ratio=2)(feats, rois)
    assert out.shape == (1, 3, 2, 2)
    torch.testing.assert_close(out, torch.full_like(out, 2.5))


def test_runner_checkpoint_fails_safe_loading_without_the_fix(tmp_path):
    # A message-hub history buffer holds numpy arrays, as in every checkpoint.
    path = tmp_path / 'ckpt.pth'
    code = ('import numpy as np, torch\n'
            f'torch.save({{"x": np.float64(1.0)}}, {str(path)!r})\n'
            f'torch.load({str(path)!r})\n')
    result = run_python(code)
    assert result.returncode != 0
    assert 'weights_only' in result.stderr


def test_resume_with_default_safe_loading(tmp_path):
    from mmengine.runner import Runner
    from toy import toy_runner_cfg

    assert 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD' not in os.environ
    runner = Runner(**toy_runner_cfg(tmp_path / 'a', max_epochs=1,
                                     experiment_name='first'))
    runner.train()
    ckpt = tmp_path / 'a' / 'epoch_1.pth'
    # Plain torch.load refuses it (nothing is allow-listed process-wide); the
    # runner's loads and ours read it as data.
    with pytest.raises(pickle.UnpicklingError):
        torch.load(ckpt)
    state = compat.load_checkpoint_file(str(ckpt))
    assert state['meta']['epoch'] == 1
    assert 'message_hub' in state

    resumed = Runner(**toy_runner_cfg(
        tmp_path / 'b', max_epochs=2, resume=True, load_from=str(ckpt),
        experiment_name='second'))
    resumed.train()
    assert resumed.epoch == 2
    history = resumed.message_hub.get_scalar('train/loss')
    assert isinstance(history.data[0], np.ndarray)


def test_safe_loading_still_refuses_other_types(tmp_path):
    path = tmp_path / 'evil.pth'
    torch.save({'obj': pickle.PickleError('not allow-listed')}, path)
    with pytest.raises(pickle.UnpicklingError):
        torch.load(path)



def _train_one_rank(rank, world_size, port, work_dir):
    os.environ.update(MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port),
                      RANK=str(rank), LOCAL_RANK=str(rank),
                      WORLD_SIZE=str(world_size))
    from mmengine.config import Config
    from mmengine.runner import Runner
    from toy import toy_runner_cfg

    import vididi_mm  # noqa: F401
    cfg = Config(dict(launcher='pytorch'))
    assert compat.setup_cpu_distributed(cfg, 'pytorch')
    runner = Runner(**toy_runner_cfg(
        work_dir, max_epochs=1, launcher='pytorch', env_cfg=cfg.env_cfg,
        cfg=cfg))  # the runner reads model_wrapper_cfg from cfg
    runner.train()
    torch.save((type(runner.model).__name__, runner.model.module.linear.weight),
               os.path.join(work_dir, f'rank{rank}.pth'))
    # DDP's reducer must go before its process group: destroying it after
    # can deadlock gloo's worker thread on the GIL.
    del runner
    gc.collect()
    torch.distributed.destroy_process_group()


@pytest.mark.skipif(torch.cuda.is_available(), reason='the fix is for CPU-only machines')
def test_two_cpu_processes_train_in_sync(tmp_path):
    mp.spawn(_train_one_rank, args=(2, free_port(), str(tmp_path)), nprocs=2,
             join=True)
    (name0, weight0), (name1, weight1) = (
        torch.load(tmp_path / f'rank{rank}.pth') for rank in range(2))
    assert name0 == name1 == 'CPUDistributedDataParallel'
    # Each rank saw a different half of the data; DDP averaged the gradients.
    torch.testing.assert_close(weight0, weight1, rtol=0, atol=0)


def test_persistent_workers_freed_by_the_garbage_collector_are_killed_without_the_fix(
        tmp_path):
    # When this starts passing upstream, compat.shut_down_loader_workers can go.
    result = run_python(
        'import gc, sys\n'
        f'sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r})\n'
        'from toy import MarksCleanExit\n'
        'from torch.utils.data import DataLoader\n'
        'class Holder: pass\n'
        'holder = Holder()\n'
        'holder.self = holder  # a reference cycle, as a runner and its loops\n'
        f'dataset = MarksCleanExit(list(range(8)), {str(tmp_path)!r})\n'
        'holder.loader = DataLoader(dataset, batch_size=4, num_workers=2,\n'
        '                           persistent_workers=True)\n'
        'for epoch in range(2):\n'
        '    list(holder.loader)\n'
        'del holder\n'
        'gc.collect()\n')
    assert result.returncode == 0, result.stderr
    # Both killed after a 5 s join each: the stop message never reached them.
    assert sorted(os.listdir(tmp_path)) == []


def test_shut_down_loader_workers_stops_them_at_once(tmp_path):
    from mmengine.runner import Runner
    from toy import MarksCleanExit, ToyDataset, toy_runner_cfg

    marks = tmp_path / 'marks'
    marks.mkdir()
    cfg = toy_runner_cfg(tmp_path / 'work', max_epochs=2, default_hooks=dict(checkpoint=None))
    cfg['train_dataloader'].update(
        dataset=MarksCleanExit(ToyDataset(), str(marks)), num_workers=2,
        persistent_workers=True)
    runner = Runner(**cfg)
    runner.train()
    loader = runner.train_loop.dataloader
    workers = list(loader._iterator._workers)
    assert all(w.is_alive() for w in workers)
    compat.shut_down_loader_workers(runner)
    assert not any(w.is_alive() for w in workers)
    # Each ended on its own stop message, not killed.
    assert sorted(os.listdir(marks)) == ['worker0', 'worker1']
    assert loader._iterator is None
    compat.shut_down_loader_workers(runner)  # nothing left to stop: no error


def test_apply_is_idempotent():
    compat.apply()
    compat.apply()
    assert vididi_mm.__version__


def test_ava_metric_under_numpy2_needs_the_fix():
    # The module as shipped: with its own reference to numpy put back.
    code = ('import numpy, vididi_mm\n'
            'from mmaction.evaluation.functional.ava_evaluation import metrics\n'
            'metrics.np = numpy\n'
            'metrics.compute_average_precision(None, None)\n')
    result = run_python(code)
    if hasattr(np, 'NAN'):
        pytest.skip('this numpy still has np.NAN')
    assert result.returncode != 0 and "no attribute 'NAN'" in result.stderr


def test_ava_metric_reports_a_class_without_ground_truth_as_nan():
    from mmaction.evaluation.functional.ava_evaluation import metrics
    assert np.isnan(metrics.compute_average_precision(None, None))
    assert not hasattr(np, 'NAN') or np.NAN is np.nan  # numpy itself untouched
