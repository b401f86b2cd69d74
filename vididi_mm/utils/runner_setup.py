"""What ``tools/train.py`` and ``tools/test.py`` share: CLI-to-config merging
and runner construction."""
import argparse
import os
import os.path as osp

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from .. import compat
from .config_checks import check_cfg_options, check_schedule_fits, warn_misspelt_keys


def add_common_args(parser: argparse.ArgumentParser) -> None:
    """The options both tools take: --cfg-options, --launcher, --local-rank."""
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config keys, e.g. train_dataloader.batch_size=8')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def parse_common(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Parse, exporting the launcher's LOCAL_RANK as MMEngine expects."""
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def merge_common_args(cfg: Config, args) -> Config:
    """Apply the options both tools take, as MMAction2's tools do.

    ``--cfg-options`` are merged last so that they win over everything else,
    after a check that each value fits the one it replaces
    (:func:`~vididi_mm.utils.config_checks.check_cfg_options`); then the
    schedule must fit the run (:func:`~vididi_mm.utils.config_checks.check_schedule_fits`).

    Args:
        cfg (Config): The loaded config, updated in place.
        args (argparse.Namespace): With ``config``, ``work_dir``,
            ``launcher`` and ``cfg_options``.

    Returns:
        Config: ``cfg``.
    """
    cfg.launcher = args.launcher
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    if args.cfg_options is not None:
        check_cfg_options(cfg, args.cfg_options)
        cfg.merge_from_dict(args.cfg_options)
    check_schedule_fits(cfg)
    return cfg


def build_runner(cfg: Config) -> Runner:
    """Build the runner, preparing a multi-process run without CUDA first.

    A config may name its own ``runner_type``, as MMEngine allows. Top-level
    keys that look like misspelt runner keys are warned about first
    (:func:`~vididi_mm.utils.config_checks.warn_misspelt_keys`).
    """
    warn_misspelt_keys(cfg)
    compat.setup_cpu_distributed(cfg, cfg.get('launcher', 'none'))
    if 'runner_type' in cfg:
        from mmengine.registry import RUNNERS
        return RUNNERS.build(cfg)
    return Runner.from_cfg(cfg)
