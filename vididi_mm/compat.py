"""Workarounds for defects of the pinned OpenMMLab stack, all in one place.

Each fix names the upstream issue it answers, so it can be deleted once the
pinned release carries the upstream fix. :func:`apply` runs once, on
``import vididi_mm``, before anything imports ``mmaction.models``.

Pinned stack (``requirements/``): torch 2.13, mmengine 0.10.7, mmcv 2.1.0,
mmaction2 1.2.0, mmdet 3.3.0, numpy 2.x.

numpy 2 audit: of the names numpy 2 removed and the stack still uses, only
``np.NAN`` in mmaction2's AVA metric lies on this project's paths (a class
without ground truth in AVA evaluation); it is fixed for that module alone
(:func:`fix_ava_metric_numpy2`). The others (``np.Inf`` in mmaction2's pose
transforms and ``utils/misc.py``, ``np.trapz`` in its proposal metric,
``np.in1d`` in its multimodal retrieval metric, ``np.float`` in mmdet's
YouTube-VIS evaluation) are on none of its paths, and numpy itself is left
unpatched.
"""
import contextlib
import importlib.util
import os.path as osp
import pickle
import sys
import types

import numpy as np
import torch
from mmengine.logging import HistoryBuffer
from mmengine.model import MMDistributedDataParallel
from mmengine.registry import MODEL_WRAPPERS

#: The upstream defects handled here, for docs/upstream_fixes.md and for the tests.
UPSTREAM_ISSUES = {
    'drn_stub': 'open-mmlab/mmaction2#2714',
    'safe_checkpoint_types': 'open-mmlab/mmengine#1650, open-mmlab/mmengine#1655',
    'resume_executes_config': 'no upstream issue found; mmengine 0.10.7 '
                              'runner/runner.py Runner.resume runs '
                              "Config.fromstring(checkpoint['meta']['config'], '.py')",
    'cpu_distributed': 'no upstream issue found; mmengine 0.10.7 '
                       'dist/utils.py and runner/runner.py assume CUDA',
    'gloo_exit_deadlock': 'no upstream issue found; torch 2.13 gloo '
                          'ProcessGroupGloo destructor vs DDP Reducer at exit',
    'persistent_workers_exit': 'pytorch/pytorch#81794 (the same symptom; its cause '
                               'here measured with torch 2.13)',
    'ava_metric_numpy2': 'no upstream issue found; mmaction2 1.2.0 '
                         'evaluation/functional/ava_evaluation/metrics.py '
                         'returns np.NAN, removed in numpy 2.0',
}

_DRN_MODULE = 'mmaction.models.localizers.drn'
_applied = False


def _drn_is_importable() -> bool:
    """Whether mmaction2's DRN localizer could be imported as shipped."""
    spec = importlib.util.find_spec('mmaction')
    if spec is None or spec.origin is None:
        return True  # no mmaction at all: nothing to patch.
    drn_dir = osp.join(osp.dirname(spec.origin), 'models', 'localizers', 'drn')
    has_files = osp.isfile(osp.join(drn_dir, 'drn.py'))
    # Even with its files, DRN imports torchvision at import time.
    return has_files and importlib.util.find_spec('torchvision') is not None


class _MissingDRN:
    """Stand-in for mmaction2's DRN localizer, which cannot be imported.

    Raises on use so that nobody trains with it by mistake.
    """

    def __init__(self, *args, **kwargs):
        raise ImportError(
            'mmaction2 1.2.0 is packaged without mmaction/models/localizers/drn '
            f'({UPSTREAM_ISSUES["drn_stub"]}), and DRN needs torchvision; '
            'vididi_mm replaced it with this stand-in so that the rest of '
            'mmaction.models imports.')


def stub_missing_drn() -> bool:
    """Make ``import mmaction.models`` work without the DRN localizer.

    ``mmaction/models/localizers/__init__.py`` does ``from .drn.drn import
    DRN``, but the 1.2.0 wheel lacks that package (mmaction2#2714), so the
    whole of ``mmaction.models`` fails to import. Registering stand-in modules
    in :data:`sys.modules` lets the import go through; recognizers, backbones
    and AVA heads register as usual.

    Returns:
        bool: Whether the stand-in was installed.
    """
    if _DRN_MODULE in sys.modules or _drn_is_importable():
        return False
    if 'mmaction.models' in sys.modules:
        raise RuntimeError(
            'mmaction.models was imported before vididi_mm; import vididi_mm '
            'first so that its compatibility fixes apply.')
    package = types.ModuleType(_DRN_MODULE)
    package.__path__ = []  # a package, so that ``.drn.drn`` resolves.
    module = types.ModuleType(_DRN_MODULE + '.drn')
    module.DRN = _MissingDRN
    package.drn = module
    sys.modules[_DRN_MODULE] = package
    sys.modules[_DRN_MODULE + '.drn'] = module
    return True


#: The statistics methods that ``HistoryBuffer.__getstate__`` pickles as
#: ``getattr(HistoryBuffer, name)``.
_HISTORY_BUFFER_STATISTICS = ('min', 'max', 'mean', 'current')
#: Everything ``HistoryBuffer.__getstate__`` pickles.
_HISTORY_BUFFER_STATE = {'max_length', '_log_history', '_count_history',
                         'statistics_methods'}


def _history_buffer_getattr(obj, name):
    """``getattr`` as a runner checkpoint uses it, and for nothing else.

    Stands in for ``builtins.getattr`` while a runner checkpoint is unpickled:
    it returns only the statistics methods of MMEngine's ``HistoryBuffer``.
    The real ``getattr`` must never be allow-listed: allow-listed callables
    compose, and ``getattr`` reaches any attribute of any allowed object,
    ``eval`` included.
    """
    # Inside the file the name HistoryBuffer resolves to _CheckedHistoryBuffer.
    if obj in (HistoryBuffer, _CheckedHistoryBuffer) and name in _HISTORY_BUFFER_STATISTICS:
        return getattr(HistoryBuffer, name)
    raise pickle.UnpicklingError(
        f'the checkpoint asks for getattr({obj!r}, {name!r}); runner checkpoints '
        f'only use getattr(HistoryBuffer, one of {_HISTORY_BUFFER_STATISTICS})')


def _numeric_array(value) -> bool:
    """Whether ``value`` is a numpy array of numbers (an object array would
    carry arbitrary unpickled objects)."""
    return isinstance(value, np.ndarray) and value.dtype.kind in 'biuf'


def _numeric_dtype(*args):
    """``numpy.dtype`` as a runner checkpoint uses it: numbers and booleans
    only. An object dtype would let an array of the file's own objects
    through, wherever it sits in the checkpoint."""
    dtype = np.dtype(*args)
    if dtype.kind not in 'biufc':
        raise pickle.UnpicklingError(
            f'the checkpoint holds an array of dtype {dtype}; runner checkpoints '
            'hold numeric arrays only')
    return dtype


class _CheckedHistoryBuffer(HistoryBuffer):
    """A ``HistoryBuffer`` as a runner checkpoint builds it, checked first.

    MMEngine's ``HistoryBuffer.__setstate__`` copies the file's
    ``statistics_methods`` into a dict shared by every buffer of the process,
    during unpickling, so a check after loading would come too late. While a
    runner checkpoint is read, the name ``HistoryBuffer`` resolves to this
    class: its ``__setstate__`` accepts only what ``HistoryBuffer`` itself
    pickles (numpy arrays, an int, its own statistics methods), then turns
    the object into a plain ``HistoryBuffer``.
    """

    def __setstate__(self, state):
        methods = state.get('statistics_methods', {}) if isinstance(state, dict) else None
        if (not isinstance(state, dict) or set(state) - _HISTORY_BUFFER_STATE
                or not isinstance(state.get('max_length'), int)
                or not _numeric_array(state.get('_log_history'))
                or not _numeric_array(state.get('_count_history'))
                or not isinstance(methods, dict)
                or any(name not in _HISTORY_BUFFER_STATISTICS
                       or fn is not getattr(HistoryBuffer, name)
                       for name, fn in methods.items())):
            keys = sorted(state) if isinstance(state, dict) else type(state).__name__
            raise pickle.UnpicklingError(
                f'a message-hub HistoryBuffer holds unexpected state ({keys})')
        self.__class__ = HistoryBuffer
        HistoryBuffer.__setstate__(self, state)


def runner_checkpoint_types() -> list:
    """The non-tensor globals that MMEngine runner checkpoints hold.

    The message hub stores :class:`HistoryBuffer` objects of numpy arrays,
    and runtime info holds numpy scalars; the rest is tensors, containers
    and builtins, which PyTorch's safe loader accepts already. Data types
    only: ``HistoryBuffer`` resolves to :class:`_CheckedHistoryBuffer`, and
    ``builtins.getattr`` (``HistoryBuffer.__getstate__`` pickles its
    statistics methods as ``getattr(HistoryBuffer, 'min')``) to
    :func:`_history_buffer_getattr`, never to ``getattr`` itself.
    """
    core = getattr(np, '_core', None) or np.core  # numpy 2 renamed np.core.
    dtypes = {
        type(np.dtype(name))
        for name in ('bool', 'int8', 'uint8', 'int16', 'int32', 'int64',
                     'float16', 'float32', 'float64')
    }
    return [
        (_CheckedHistoryBuffer,
         f'{HistoryBuffer.__module__}.{HistoryBuffer.__qualname__}'),
        (_history_buffer_getattr, 'builtins.getattr'),
        core.multiarray.scalar,
        core.multiarray._reconstruct,
        np.ndarray,
        (_numeric_dtype, 'numpy.dtype'),
        *sorted(dtypes, key=lambda t: t.__name__),
    ]


@contextlib.contextmanager
def runner_checkpoint_globals():
    """Allow :func:`runner_checkpoint_types` for the loads inside this block only."""
    with torch.serialization.safe_globals(runner_checkpoint_types()):
        yield


def load_checkpoint_file(filename: str, map_location='cpu') -> dict:
    """Load a checkpoint file that an MMEngine runner wrote, as data.

    mmengine 0.10.7 calls ``torch.load`` without ``weights_only``; since
    torch 2.6 that means ``weights_only=True``, which refuses the numpy and
    message-hub objects in every checkpoint a runner writes, so ``--resume``
    fails (mmengine#1650, mmengine#1655; fixed on mmengine main after 0.10.7).
    Rather than switching safe loading off, this loads with
    ``weights_only=True`` and exactly the data types of
    :func:`runner_checkpoint_types`, allowed for this load only, then checks
    every history buffer's state as it is built. And since ``Runner.resume`` executes
    ``meta['config']`` as Python (``Config.fromstring(..., '.py')``), the
    config text is moved to ``meta['config_text']``, where nothing runs it.

    Raises:
        pickle.UnpicklingError: The file holds anything but data.
        RuntimeError: The file is not a readable checkpoint (e.g. truncated);
            the message names it.
    """
    with runner_checkpoint_globals():
        try:
            checkpoint = torch.load(filename, map_location=map_location,
                                    weights_only=True)
        except pickle.UnpicklingError as error:
            raise pickle.UnpicklingError(f'{filename}: {error}') from error
        except (RuntimeError, EOFError, OSError, ValueError, MemoryError) as error:
            # A crafted or damaged size field makes the loader ask for more
            # memory than there is: a bare MemoryError, with no message.
            raise RuntimeError(f'cannot read checkpoint {filename}: '
                               f'{type(error).__name__}: {str(error) or "(no message)"}') from error
    _reject_instance_attributes(checkpoint, filename)
    meta = checkpoint.get('meta') if isinstance(checkpoint, dict) else None
    if isinstance(meta, dict) and 'config' in meta:
        meta['config_text'] = meta.pop('config')
    return checkpoint


def _reject_instance_attributes(obj, filename: str, path: str = 'checkpoint') -> None:
    """Refuse containers that carry attributes of their own.

    PyTorch's safe loader sets the pickled state of an ``OrderedDict`` as
    instance attributes, so a crafted file can give one an attribute named
    like a method (``__deepcopy__``, ``copy``) that shadows it; MMEngine's
    ``copy.deepcopy`` of the message hub then calls what the file put there.
    The one attribute a runner's checkpoint holds is a state dict's
    ``_metadata``, which shadows nothing.
    """
    if isinstance(obj, (dict, list, tuple, set)):
        attributes = getattr(obj, '__dict__', None) or {}
        shadowing = sorted(name for name in attributes
                           if name.startswith('__') or hasattr(type(obj), name))
        if shadowing:
            raise pickle.UnpicklingError(
                f'{filename}: {path} ({type(obj).__name__}) carries attributes '
                f'{shadowing} that shadow its methods; no runner checkpoint holds them')
        items = obj.items() if isinstance(obj, dict) else enumerate(obj)
        for key, value in [*items, *attributes.items()]:
            _reject_instance_attributes(value, filename, f'{path}[{key!r}]')


def use_safe_local_checkpoint_loader() -> None:
    """Make MMEngine read local checkpoints with :func:`load_checkpoint_file`.

    MMEngine reads every local checkpoint (``Runner.resume``,
    ``Runner.load_checkpoint``, ``load_checkpoint``, ``init_cfg``) through
    the scheme registered for plain paths; replacing that one loader scopes
    the allow-list to MMEngine's checkpoint loads, leaving every other
    ``torch.load`` in the process as PyTorch made it.
    """
    from mmengine.runner.checkpoint import CheckpointLoader

    def load_from_local(filename, map_location):
        filename = osp.expanduser(filename)
        if not osp.isfile(filename):
            raise FileNotFoundError(f'{filename} can not be found.')
        return load_checkpoint_file(filename, map_location)

    CheckpointLoader.register_scheme(prefixes='', loader=load_from_local, force=True)


def save_checkpoint_atomically(checkpoint: dict, filename: str, file_client_args=None,
                               backend_args=None) -> None:
    """MMEngine's ``save_checkpoint``, writing a local file under a temporary
    name first and renaming it when complete.

    mmengine 0.10.7 writes ``epoch_N.pth`` in place, so a disk that fills up
    during the write leaves a partial file under a checkpoint's name (resume
    then has to pass over it), and its ``OSError`` does not name the file
    (no upstream issue found; MMEngine's ``LocalBackend.put`` opens the
    target directly). Here a partial file never carries the name: the
    temporary file is removed and the error names the checkpoint.
    Remote paths, and any path given a storage backend, go to MMEngine's own
    function unchanged.
    """
    import io
    import os

    from mmengine.runner import checkpoint as mmengine_checkpoint
    if '://' in filename or file_client_args is not None or backend_args is not None:
        return mmengine_checkpoint.save_checkpoint(checkpoint, filename, file_client_args,
                                                   backend_args)
    folder = osp.dirname(osp.abspath(filename))
    os.makedirs(folder, exist_ok=True)
    partial = osp.join(folder, f'.{osp.basename(filename)}.{os.getpid()}.partial')
    with io.BytesIO() as buffer:
        torch.save(checkpoint, buffer)
        try:
            with open(partial, 'wb') as f:
                f.write(buffer.getbuffer())
                f.flush()
                os.fsync(f.fileno())
            os.replace(partial, filename)
        except BaseException as error:  # a full disk, or a kill while writing
            if osp.exists(partial):
                os.remove(partial)
            if isinstance(error, OSError):
                raise OSError(error.errno, f'cannot write checkpoint {filename}: '
                              f'{error.strerror or error}') from error
            raise


def use_atomic_checkpoint_saving() -> None:
    """Make the runner save checkpoints with :func:`save_checkpoint_atomically`."""
    from mmengine.runner import runner
    runner.save_checkpoint = save_checkpoint_atomically


@MODEL_WRAPPERS.register_module()
class CPUDistributedDataParallel(MMDistributedDataParallel):
    """``MMDistributedDataParallel`` for multi-process runs without CUDA.

    mmengine 0.10.7's ``Runner.wrap_model`` always passes
    ``device_ids=[LOCAL_RANK]``, which ``DistributedDataParallel`` rejects for
    a module on the CPU; this wrapper drops it.
    """

    def __init__(self, module, device_ids=None, **kwargs):
        super().__init__(module=module, device_ids=None, **kwargs)


def setup_cpu_distributed(cfg, launcher: str) -> bool:
    """Prepare a multi-process run on a machine without CUDA (gloo, CPU).

    mmengine 0.10.7's ``init_dist('pytorch')`` calls
    ``torch.cuda.set_device`` before ``init_process_group``, which fails on a
    CPU build of torch, and its DDP wrapper passes CUDA device ids. So without
    CUDA this initialises the gloo process group itself (the runner then skips
    ``init_dist``) and selects a wrapper that keeps the module on the CPU.
    With CUDA, or with ``launcher='none'``, it changes nothing.

    Args:
        cfg (mmengine.Config): The run's config; ``model_wrapper_cfg`` and
            ``env_cfg.dist_cfg.backend`` are updated in place.
        launcher (str): ``'none'`` or ``'pytorch'`` (torchrun); the slurm and
            mpi launchers are left to mmengine, which needs CUDA for them.

    Returns:
        bool: Whether the CPU set-up was applied.
    """
    if launcher != 'pytorch' or torch.cuda.is_available():
        return False
    import torch.distributed as dist

    env_cfg = dict(cfg.get('env_cfg') or {})
    env_cfg['dist_cfg'] = dict(env_cfg.get('dist_cfg') or {}, backend='gloo')
    cfg.env_cfg = env_cfg
    if not dist.is_initialized():
        dist.init_process_group(backend='gloo')
    wrapper = dict(cfg.get('model_wrapper_cfg') or {})
    wrapper['type'] = 'CPUDistributedDataParallel'
    wrapper.setdefault('broadcast_buffers', False)
    wrapper.setdefault('find_unused_parameters',
                       cfg.get('find_unused_parameters', False))
    cfg.model_wrapper_cfg = wrapper
    return True


def destroy_process_group() -> None:
    """End a multi-process run without hanging at exit.

    With gloo, a ``DistributedDataParallel`` reducer that outlives its process
    group (as at interpreter exit) can deadlock: the group's worker thread
    waits for the GIL that the destructor holds. Call this after the last
    reference to the runner and its model is gone.
    """
    import gc

    import torch.distributed as dist

    gc.collect()
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()


def shut_down_loader_workers(runner) -> None:
    """Stop the persistent DataLoader workers of a finished runner now.

    A persistent-worker iterator that the cyclic garbage collector frees (a
    runner and its loops refer to each other, so :func:`destroy_process_group`'s
    ``gc.collect()`` or the interpreter's exit frees them) has its index
    queues finalised before its own ``__del__`` runs: the queues' feeder
    threads stop, the stop message ``__del__`` sends never reaches the
    workers, and each worker is joined with a 5 s timeout and then killed
    (pytorch/pytorch#81794): 10 s lost at the end of every run with 2
    workers. Shut down while the runner still holds the iterator, the workers
    get the message and exit at once. Call it after the runner's last loop.

    Args:
        runner (mmengine.runner.Runner): The runner, after ``train()`` or
            ``test()``.
    """
    for name in ('_train_loop', '_val_loop', '_test_loop'):
        # A loop not built yet is a dict, and has no dataloader.
        loader = getattr(getattr(runner, name, None), 'dataloader', None)
        iterator = getattr(loader, '_iterator', None)
        if iterator is not None and hasattr(iterator, '_shutdown_workers'):
            iterator._shutdown_workers()
            loader._iterator = None


class _NumpyWithNAN(types.ModuleType):
    """numpy, plus the ``NAN`` alias that numpy 2.0 removed."""

    def __init__(self):
        import numpy
        super().__init__('numpy')
        self.NAN = numpy.nan

    def __getattr__(self, name):
        import numpy
        return getattr(numpy, name)


def fix_ava_metric_numpy2() -> bool:
    """Let mmaction2's AVA metric report a class without ground truth.

    ``compute_average_precision`` returns ``np.NAN`` for such a class, which
    raises AttributeError under numpy 2, so evaluation on a subset of AVA (or
    on any split missing a class) crashes. The module alone gets a numpy with
    the alias; numpy is not changed.

    Returns:
        bool: Whether the fix was needed and applied.
    """
    import numpy
    if hasattr(numpy, 'NAN'):
        return False
    from mmaction.evaluation.functional.ava_evaluation import metrics
    if not isinstance(metrics.np, _NumpyWithNAN):
        metrics.np = _NumpyWithNAN()
    return True


def apply() -> None:
    """Apply the import-time fixes once; later calls do nothing."""
    global _applied
    if _applied:
        return
    stub_missing_drn()
    use_safe_local_checkpoint_loader()
    use_atomic_checkpoint_saving()
    fix_ava_metric_numpy2()
    _applied = True
