"""Choose the checkpoint a run resumes from, surviving a truncated last one."""
import glob
import logging
import os.path as osp
import re
from typing import List, Optional

from mmengine.logging import print_log

from ..compat import load_checkpoint_file
from .error_text import describe_error


def checkpoints_newest_first(work_dir: str) -> List[str]:
    """The checkpoints of a work dir: the one ``last_checkpoint`` names, then
    ``epoch_N.pth`` / ``iter_N.pth`` by N, highest first."""
    found = []
    pointer = osp.join(work_dir, 'last_checkpoint')
    if osp.isfile(pointer):
        with open(pointer) as f:
            named = f.read().strip()
        if named:
            found.append(named)
    numbered = []
    for path in glob.glob(osp.join(work_dir, '*.pth')):
        match = re.fullmatch(r'(epoch|iter)_(\d+)\.pth', osp.basename(path))
        if match:
            numbered.append((int(match.group(2)), path))
    for _, path in sorted(numbered, reverse=True):
        if not any(osp.abspath(path) == osp.abspath(p) for p in found):
            found.append(path)
    return found


def readable(path: str) -> Optional[str]:
    """None if the checkpoint loads as data, else what is wrong with it."""
    try:
        load_checkpoint_file(path, map_location='cpu')
    except Exception as error:  # any failure means: not this one
        return describe_error(error)
    return None


def choose_resume_checkpoint(work_dir: str, requested: Optional[str] = None
                             ) -> Optional[str]:
    """The checkpoint to resume from.

    A checkpoint named by the user must load, or this raises naming it. With
    none named (``--resume`` alone), the newest checkpoint of the work dir
    that loads is taken; a newer one that does not (a copy cut short, a full
    disk while saving) is named and passed over, with a warning.

    Returns:
        str or None: The checkpoint, or None if the work dir has none (the
        run starts from scratch, as MMEngine does).

    Raises:
        RuntimeError: The named checkpoint, or every checkpoint of the work
            dir, cannot be read.
    """
    if requested is not None:
        problem = readable(requested)
        if problem:
            raise RuntimeError(f'cannot resume from {requested}: {problem}')
        return requested
    candidates = checkpoints_newest_first(work_dir)
    bad = []
    for path in candidates:
        problem = readable(path)
        if problem is None:
            if bad:
                print_log(f'resuming from {path}, the newest checkpoint that loads; passed '
                          'over: ' + '; '.join(f'{p} ({why})' for p, why in bad),
                          logger='current', level=logging.WARNING)
            return path
        bad.append((path, problem))
        print_log(f'checkpoint {path} cannot be read ({problem}); trying an older one',
                  logger='current', level=logging.WARNING)
    if bad:
        raise RuntimeError(f'no checkpoint of {work_dir} can be read: ' +
                           '; '.join(f'{p} ({why})' for p, why in bad))
    return None
