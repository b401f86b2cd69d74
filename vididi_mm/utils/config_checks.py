"""Catch config mistakes that MMEngine passes over silently, before a run starts."""
import difflib
import inspect
import logging
from typing import Any, Dict, List, Optional

from mmengine.config import Config
from mmengine.logging import print_log
from mmengine.runner import Runner

#: Top-level keys read by tools/train.py, tools/test.py or MMEngine outside
#: ``Runner.__init__``'s arguments.
_EXTRA_RUNNER_KEYS = {'runner_type', 'custom_imports', 'model_wrapper_cfg',
                      'find_unused_parameters', 'sync_bn', 'compile', 'launcher',
                      'gpu_ids'}


def runner_keys() -> set:
    """The top-level config keys that an MMEngine runner reads."""
    return set(inspect.signature(Runner.__init__).parameters) - {'self', 'cfg'} \
        | _EXTRA_RUNNER_KEYS


def misspelt_top_level_keys(cfg: Config) -> Dict[str, str]:
    """Top-level keys that look like a runner key but are not one.

    A config may define helper variables of its own (``data_root``,
    ``train_pipeline``); only a key within a small edit of a key the runner
    reads, such as ``optim_wraper`` for ``optim_wrapper``, is taken for a
    typo, since the runner would silently ignore it.

    Returns:
        dict: Misspelt key -> the runner key it resembles.
    """
    known = runner_keys()
    found = {}
    for key in cfg.keys():
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
        if close:
            found[key] = close[0]
    return found


def warn_misspelt_keys(cfg: Config) -> Dict[str, str]:
    """Log a warning for each :func:`misspelt_top_level_keys` of ``cfg``."""
    found = misspelt_top_level_keys(cfg)
    for key, known in found.items():
        print_log(f'config key {key!r} is not read by the runner and is ignored; '
                  f'did you mean {known!r}?', logger='current', level=logging.WARNING)
    return found


def _lookup(node: Any, parts: List[str]):
    """The value at a dotted path (list indices as numbers), or a reason it is absent."""
    for depth, part in enumerate(parts):
        if isinstance(node, (list, tuple)) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            siblings = list(node.keys()) if isinstance(node, dict) else []
            return None, ('.'.join(parts[:depth + 1]), siblings)
    return node, None


def check_cfg_options(cfg: Config, options: Optional[dict]) -> None:
    """Check ``--cfg-options`` against the config they change.

    A value whose type cannot replace the config's (``max_epochs=two`` where
    the config has an int) raises, naming the option, instead of failing deep
    inside a run; a key the config does not have is allowed (options may add
    keys) but warned about when it resembles a key that is there.

    Raises:
        ValueError: An option's value does not fit the value it replaces.
    """
    for key, value in (options or {}).items():
        current, missing = _lookup(cfg._cfg_dict, key.split('.'))
        if missing:
            path, siblings = missing
            close = difflib.get_close_matches(path.split('.')[-1], siblings, n=1, cutoff=0.8)
            if close:
                print_log(f'--cfg-options {key}: the config has no {path!r}, so it is added; '
                          f'did you mean {close[0]!r}?', logger='current',
                          level=logging.WARNING)
            continue
        numeric = (int, float)
        if isinstance(current, bool) and not isinstance(value, bool):
            expected = 'True or False'
        elif isinstance(current, numeric) and not isinstance(current, bool) and (
                isinstance(value, bool) or not isinstance(value, numeric)):
            expected = 'a number'
        else:
            continue
        raise ValueError(f'--cfg-options {key}={value!r}: expected {expected}, as the '
                         f'config\'s value {current!r}')


def check_schedule_fits(cfg: Config) -> None:
    """Refuse a run too short for a scheduler that starts within it.

    The schedules of ``configs/_base_/schedules/`` end at
    ``train_cfg.max_epochs`` (no ``end``), so that shortening a run shortens
    the schedule; a scheduler that begins later than that (BYOL's cosine after
    its 10-epoch warm-up, when ``max_epochs`` is set below 11) would otherwise
    fail inside MMEngine with "end should be larger than begin".

    Raises:
        ValueError: Naming the scheduler, its ``begin`` and ``max_epochs``.
    """
    max_epochs = (cfg.get('train_cfg') or {}).get('max_epochs')
    schedulers = cfg.get('param_scheduler') or []
    if max_epochs is None:
        return
    for index, scheduler in enumerate(
            schedulers if isinstance(schedulers, (list, tuple)) else [schedulers]):
        if (scheduler.get('by_epoch', True) and 'end' not in scheduler
                and scheduler.get('begin', 0) >= max_epochs):
            raise ValueError(
                f'param_scheduler[{index}] ({scheduler.get("type")}) begins at epoch '
                f'{scheduler["begin"]} but train_cfg.max_epochs is {max_epochs}: train '
                f'longer, or replace the schedule (e.g. --cfg-options param_scheduler=[])')
