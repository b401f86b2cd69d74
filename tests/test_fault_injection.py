"""Fault injection: bad videos, lists, configs and checkpoints, built here, and what each must do.

Every input is made by the test itself: corrupt and truncated mp4s (one cut after its
header, the usual broken download), lists with spaces and bad labels, misspelt config
keys and options, crafted checkpoints (payloads made only of allow-listed globals, a
config that would run code on resume) and truncated checkpoints.
"""
import copy
import inspect
import logging
import os.path as osp
import pickle
import shutil
import struct

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.logging import HistoryBuffer, MessageHub, MMLogger
from mmaction.registry import DATASETS, METRICS

from conftest import REPO_ROOT, free_port, run_tool
from vididi_mm import compat
from vididi_mm.datasets import VideoListError, parse_video_list

TINY_VICREG = osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_vicreg.py')
TINY_RETRIEVAL = osp.join(REPO_ROOT, 'tests', 'configs', 'tiny_retrieval.py')


# --- bad videos ----------------------------------------------------------------

def _boxes(data, start, end):
    """(offset, size, type) of the MP4 boxes in data[start:end]."""
    while start + 8 <= end:
        size, kind = struct.unpack('>I4s', data[start:start + 8])
        yield start, size, kind
        start += size


def moov_first(src, dst):
    """Rewrite an mp4 with its index (moov) before the frames (mdat), as a streaming
    ("faststart") mp4 is, so that cutting the file short keeps the header."""
    data = bytearray(open(src, 'rb').read())
    top = {kind: (offset, size) for offset, size, kind in _boxes(data, 0, len(data))}
    moov = bytearray(data[top[b'moov'][0]:sum(top[b'moov'])])
    containers = {b'moov', b'trak', b'mdia', b'minf', b'stbl'}

    def shift_chunk_offsets(start, end):
        for offset, size, kind in _boxes(moov, start, end):
            if kind in containers:
                shift_chunk_offsets(offset + 8, offset + size)
            elif kind == b'stco':  # 32-bit offsets of the chunks in the file
                count = struct.unpack('>I', moov[offset + 12:offset + 16])[0]
                for i in range(count):
                    at = offset + 16 + 4 * i
                    value = struct.unpack('>I', moov[at:at + 4])[0]
                    moov[at:at + 4] = struct.pack('>I', value + len(moov))

    shift_chunk_offsets(0, len(moov))
    ftyp_end = sum(top[b'ftyp'])
    rest = data[ftyp_end:top[b'moov'][0]] + data[sum(top[b'moov']):]
    open(dst, 'wb').write(bytes(data[:ftyp_end] + moov + rest))
    return ftyp_end + len(moov)  # where the frames start


@pytest.fixture(scope='module')
def bad_videos(tiny_videos, tmp_path_factory):
    """A good video and four bad ones, each broken in its own way."""
    root, _ = tiny_videos
    out = tmp_path_factory.mktemp('bad_videos')
    good = osp.join(root, 'videos/train/drift_0000.mp4')
    shutil.copy(good, out / 'good.mp4')
    header_end = moov_first(good, out / 'streaming.mp4')
    data = open(out / 'streaming.mp4', 'rb').read()
    (out / 'truncated_after_header.mp4').write_bytes(
        data[:header_end + (len(data) - header_end) // 3])
    (out / 'empty.mp4').write_bytes(b'')
    (out / 'not_a_video.mp4').write_bytes(b'this is not a video' * 50)
    (out / 'no_header.mp4').write_bytes(open(good, 'rb').read()[:2000])
    return out


def test_streaming_copy_decodes_like_the_original(bad_videos):
    # The helper itself: moving the index first keeps every frame.
    import decord
    a = decord.VideoReader(str(bad_videos / 'good.mp4'))
    b = decord.VideoReader(str(bad_videos / 'streaming.mp4'))
    np.testing.assert_array_equal(a.get_batch(range(len(a))).asnumpy(),
                                  b.get_batch(range(len(b))).asnumpy())


def test_truncated_video_raises_decords_own_error(bad_videos):
    # The upstream behaviour our policy answers: a file cut after its header
    # raises decord's DECORDError (on opening or decoding), which derives from
    # Exception only, so catching RuntimeError/OSError lets it through.
    import decord
    from decord._ffi.base import DECORDError
    assert not issubclass(DECORDError, (RuntimeError, OSError))
    with pytest.raises(DECORDError):
        reader = decord.VideoReader(str(bad_videos / 'truncated_after_header.mp4'))
        reader.get_batch(range(len(reader))).asnumpy()


def _pretrain_dataset(root, names, decoder='PyAVSeek', **kwargs):
    """The UCF101 pre-training dataset on ``names``; ``decoder='Decord'`` for
    MMAction2's decoding in place of the config's PyAV."""
    cfg = Config.fromfile(f'{REPO_ROOT}/configs/_base_/datasets/ucf101_two_clip.py')
    dataset = copy.deepcopy(cfg.train_dataloader.dataset)
    (root / 'list.txt').write_text(''.join(f'{n}\n' for n in names))
    pipeline = copy.deepcopy(cfg.cpu_augment_pipeline)
    pipeline[0], pipeline[2] = dict(type=f'{decoder}Init'), dict(type=f'{decoder}Decode')
    dataset.update(ann_file=str(root / 'list.txt'), data_prefix=dict(video=str(root)),
                   pipeline=pipeline, **kwargs)
    return DATASETS.build(dataset)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def warnings_logged():
    logger = MMLogger.get_current_instance()
    handler = _Records()
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)


@pytest.mark.parametrize('decoder', ['PyAVSeek', 'Decord'])
@pytest.mark.parametrize('bad', ['truncated_after_header.mp4', 'empty.mp4',
                                 'not_a_video.mp4', 'no_header.mp4'])
def test_pretraining_skips_a_bad_video_naming_it(bad_videos, bad, decoder, warnings_logged):
    dataset = _pretrain_dataset(bad_videos, ['good.mp4', bad], decoder)
    sample = dataset[1]  # the bad one: another video is drawn in its place
    assert sample['inputs'].shape == (2, 3, 8, 112, 112)
    assert osp.join(str(bad_videos), bad) in sample['data_samples'].metainfo['failed_reads']
    skipped = [m for m in warnings_logged if m.startswith('cannot read')]
    assert len(skipped) == 1 and osp.join(str(bad_videos), bad) in skipped[0]
    if decoder == 'PyAVSeek' and bad == 'truncated_after_header.mp4':
        assert 'is truncated: its header lists 16 frames' in skipped[0]


def _retrieval_dataset(root, names, **kwargs):
    """The tiny retrieval config's dataset: a good gallery, ``names`` as queries."""
    cfg = Config.fromfile(TINY_RETRIEVAL)
    dataset = copy.deepcopy(cfg.test_dataloader.dataset)
    (root / 'gallery.txt').write_text('good.mp4 0\n')
    (root / 'query.txt').write_text(''.join(f'{n} 0\n' for n in names))
    dataset.update(gallery_ann_file=str(root / 'gallery.txt'),
                   query_ann_file=str(root / 'query.txt'),
                   data_prefix=dict(video=str(root)), **kwargs)
    return DATASETS.build(dataset)


BAD = ['truncated_after_header.mp4', 'empty.mp4', 'not_a_video.mp4', 'no_header.mp4']


def test_retrieval_checks_every_video_first_and_names_all_bad_ones(bad_videos):
    with pytest.raises(RuntimeError) as error:
        _retrieval_dataset(bad_videos, ['good.mp4', *BAD])
    message = str(error.value)
    assert f'{len(BAD)} of {len(BAD) + 1} query videos cannot be read' in message
    for name in BAD:
        assert osp.join(str(bad_videos), name) in message
    assert 'good.mp4:' not in message and 'skip_unreadable=True' in message


@pytest.fixture
def fresh_message_hub():
    """A current MessageHub of its own, and a clean one for the tests after."""
    yield MessageHub.get_instance('fault_injection_skip')
    MessageHub.get_instance('fault_injection_after_skip')


def test_retrieval_can_skip_bad_videos_and_the_metric_reports_them(bad_videos,
                                                                    warnings_logged,
                                                                    fresh_message_hub):
    dataset = _retrieval_dataset(bad_videos, ['good.mp4', *BAD], skip_unreadable=True)
    assert [(info['retrieval_split'], osp.basename(info['filename']))
            for info in map(dataset.get_data_info, range(len(dataset)))] == [
                ('gallery', 'good.mp4'), ('query', 'good.mp4')]
    metric = METRICS.build(dict(type='KNNRetrievalMetric', topk=(1, )))
    samples = [dict(feature=torch.tensor([1., 0.]), gt_label=torch.tensor([0]),
                    retrieval_split=split, filename=f'{split}.mp4')
               for split in ('gallery', 'query')]
    metric.process({}, samples)
    result = metric.compute_metrics(metric.results)
    assert result == {'top1': 100.0, 'skipped_query': len(BAD)}
    report = [m for m in warnings_logged if m.startswith('retrieval computed without')]
    assert len(report) == 1 and all(name in report[0] for name in BAD)


def test_evaluation_names_a_video_that_breaks_after_the_check(bad_videos):
    # A video that passes the check but fails mid-extraction stops the run, named.
    dataset = _retrieval_dataset(bad_videos, ['good.mp4', 'not_a_video.mp4'],
                                 check_videos=False)
    with pytest.raises(RuntimeError, match='cannot read .*not_a_video.mp4'):
        dataset[2]  # the gallery's video, then the queries'


# --- bad lists -----------------------------------------------------------------

def test_list_paths_may_contain_spaces(bad_videos):
    shutil.copy(bad_videos / 'good.mp4', bad_videos / 'my clip 01.mp4')
    (bad_videos / 'spaces.txt').write_text('my clip 01.mp4 3\ngood.mp4 1\n')
    entries = parse_video_list(str(bad_videos / 'spaces.txt'), str(bad_videos))
    assert [(osp.basename(e['filename']), e['label']) for e in entries] == [
        ('my clip 01.mp4', 3), ('good.mp4', 1)]
    # ... and the real pipeline reads such a video, labelled or not.
    dataset = _pretrain_dataset(bad_videos, ['my clip 01.mp4', 'my clip 01.mp4 2'])
    assert dataset[0]['inputs'].shape == (2, 3, 8, 112, 112)
    assert dataset[1]['inputs'].shape == (2, 3, 8, 112, 112)
    assert _retrieval_dataset(bad_videos, ['my clip 01.mp4'])[0]['inputs'].shape[0] == 3


@pytest.mark.parametrize('line, problem', [
    ('good.mp4 three', "label 'three' is not an integer"),
    ('good.mp4', 'no label'),
])
def test_a_bad_label_names_file_and_line(tmp_path, line, problem):
    (tmp_path / 'list.txt').write_text(f'a.mp4 0\n\n{line}\n')
    with pytest.raises(VideoListError) as error:
        parse_video_list(str(tmp_path / 'list.txt'))
    assert str(error.value).startswith(f'{tmp_path / "list.txt"}, line 3: {problem}')


# --- bad configs ---------------------------------------------------------------

def test_a_misspelt_top_level_key_is_warned_about(warnings_logged):
    from vididi_mm.utils import warn_misspelt_keys
    cfg = Config(dict(optim_wraper=dict(optimizer=dict(type='SGD', lr=0.1)),
                      data_root='data', train_pipeline=[], max_epochs=3,
                      train_cfg=dict(max_epochs=3)))
    assert warn_misspelt_keys(cfg) == {'optim_wraper': 'optim_wrapper'}
    assert warnings_logged == ["config key 'optim_wraper' is not read by the runner and is "
                               "ignored; did you mean 'optim_wrapper'?"]


def test_every_project_config_is_free_of_misspelt_keys():
    import glob
    from vididi_mm.utils import misspelt_top_level_keys
    for path in glob.glob(osp.join(REPO_ROOT, 'configs', '**', '*.py'), recursive=True):
        if '_base_' not in path:
            assert misspelt_top_level_keys(Config.fromfile(path)) == {}, path


def test_a_cfg_option_of_the_wrong_type_names_the_key():
    from vididi_mm.utils import check_cfg_options
    cfg = Config.fromfile(TINY_VICREG)
    with pytest.raises(ValueError) as error:
        check_cfg_options(cfg, {'train_cfg.max_epochs': 'two'})
    assert str(error.value) == ("--cfg-options train_cfg.max_epochs='two': expected a "
                                "number, as the config's value 2")
    with pytest.raises(ValueError, match='train_dataloader.persistent_workers'):
        check_cfg_options(cfg, {'train_dataloader.persistent_workers': 'nope'})
    check_cfg_options(cfg, {'train_cfg.max_epochs': 3, 'param_scheduler.0.T_max': 3.5,
                            'new_key.anything': 'x'})


def test_train_tool_refuses_a_bad_cfg_option_before_starting(tmp_path):
    import subprocess
    import sys
    result = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, 'tools', 'train.py'), TINY_VICREG,
         '--work-dir', str(tmp_path), '--cfg-options', 'train_cfg.max_epochs=two'],
        capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode != 0
    assert "--cfg-options train_cfg.max_epochs='two': expected a number" in result.stderr
    assert not (tmp_path / 'last_checkpoint').exists()


def test_a_run_shorter_than_the_warm_up_is_refused_by_name():
    from vididi_mm.utils import check_schedule_fits
    cfg = Config.fromfile(f'{REPO_ROOT}/configs/vididi/vididi-byol_r3d18_ucf101.py')
    check_schedule_fits(cfg)  # 400 epochs: the cosine part begins at 10 and ends at 400
    cfg.train_cfg.max_epochs = 11
    check_schedule_fits(cfg)
    cfg.train_cfg.max_epochs = 5
    with pytest.raises(ValueError, match=r'param_scheduler\[1\] \(CosineAnnealingLR\) '
                                         r'begins at epoch 10 but train_cfg.max_epochs is 5'):
        check_schedule_fits(cfg)


# --- crafted checkpoints -------------------------------------------------------

class _Reduce:
    """Pickles as ``func(*args)``: what a crafted checkpoint is made of."""

    def __init__(self, func, *args):
        self.func, self.args = func, args

    def __reduce__(self):
        return self.func, self.args


def test_importing_the_package_allow_lists_nothing_globally(tmp_path):
    allowed = [g[0] if isinstance(g, tuple) else g
               for g in torch.serialization.get_safe_globals()]
    ours = [g[0] if isinstance(g, tuple) else g for g in compat.runner_checkpoint_types()]
    assert not [g for g in ours if g in allowed]
    assert getattr not in allowed
    # So a getattr payload is refused by a plain torch.load, as without us.
    torch.save({'x': _Reduce(getattr, HistoryBuffer, 'min')}, tmp_path / 'getattr.pth')
    with pytest.raises(pickle.UnpicklingError, match='getattr'):
        torch.load(tmp_path / 'getattr.pth')


@pytest.mark.parametrize('payload', [
    # getattr reaching past the statistics methods: the first link of a chain
    # to eval (HistoryBuffer.__init__.__globals__['__builtins__']['eval']).
    _Reduce(getattr, HistoryBuffer, '__init__'),
    _Reduce(getattr, np.ndarray, '__class__'),
    _Reduce(getattr, HistoryBuffer, 'update'),
    # not allow-listed at all
    _Reduce(eval, '1 + 1'),
    _Reduce(__import__('os').system, 'true'),
])
def test_crafted_checkpoints_are_refused(tmp_path, payload):
    path = tmp_path / 'crafted.pth'
    torch.save({'meta': {}, 'message_hub': {'log_scalars': {'x': payload}}}, path)
    with pytest.raises(pickle.UnpicklingError) as error:
        compat.load_checkpoint_file(str(path))
    assert str(path) in str(error.value)


def _history_buffer_with(**state):
    buffer = HistoryBuffer([1.0], [1])
    vars(buffer).update(state)
    return buffer


@pytest.mark.parametrize('state', [
    dict(__deepcopy__=np.dtype),  # deep-copying the hub on resume would call it
    # HistoryBuffer.__setstate__ would put this into the dict all buffers share
    dict(_statistics_methods={'mean': np.ndarray}),
    dict(_log_history='not an array'),
])
def test_history_buffers_holding_more_than_data_are_refused(tmp_path, state):
    path = tmp_path / 'crafted.pth'
    torch.save({'message_hub': {'log_scalars': {'x': _history_buffer_with(**state)}}}, path)
    with pytest.raises(pickle.UnpicklingError, match='unexpected state'):
        compat.load_checkpoint_file(str(path))
    # Refused before anything of it was applied.
    assert HistoryBuffer._statistics_methods['mean'] is HistoryBuffer.mean


def test_history_buffers_load_as_plain_history_buffers(tmp_path):
    torch.save({'x': HistoryBuffer([1.0, 3.0], [1, 1])}, tmp_path / 'ok.pth')
    buffer = compat.load_checkpoint_file(str(tmp_path / 'ok.pth'))['x']
    assert type(buffer) is HistoryBuffer and buffer.mean() == 2.0


def test_mmengine_loads_go_through_the_safe_loader(tmp_path):
    from mmengine.runner.checkpoint import _load_checkpoint
    torch.save({'x': _Reduce(getattr, HistoryBuffer, '__init__')}, tmp_path / 'c.pth')
    with pytest.raises(pickle.UnpicklingError, match='only use getattr'):
        _load_checkpoint(str(tmp_path / 'c.pth'), map_location='cpu')


def test_upstream_resume_still_executes_the_config_text():
    # mmengine 0.10.7: Runner.resume runs the checkpoint's config through
    # Config.fromstring(..., '.py'), i.e. as Python. When this fails upstream has
    # changed, and compat.load_checkpoint_file's config_text move can go.
    from mmengine.runner import Runner
    source = inspect.getsource(Runner.resume)
    assert "checkpoint['meta']['config']" in source and 'fromstring' in source


def _truncate(path, keep=0.5):
    data = open(path, 'rb').read()
    open(path, 'wb').write(data[:int(len(data) * keep)])


def test_resume_skips_a_truncated_checkpoint_and_never_runs_config_text(tiny_videos,
                                                                       tmp_path):
    root, lists = tiny_videos
    data = [f'train_dataloader.dataset.ann_file={lists["train"]}',
            f'train_dataloader.dataset.data_prefix.video={root}']
    run_tool('train.py', TINY_VICREG, '--work-dir', tmp_path, '--cfg-options',
             'train_cfg.max_epochs=2', *data)
    assert open(tmp_path / 'last_checkpoint').read().strip().endswith('epoch_2.pth')
    # epoch_2 is cut short (a full disk); epoch_1 carries config text that
    # would create a file if anything executed it.
    _truncate(tmp_path / 'epoch_2.pth')
    marker = tmp_path / 'config_text_was_executed'
    checkpoint = compat.load_checkpoint_file(str(tmp_path / 'epoch_1.pth'))
    checkpoint['meta']['config'] = (f"import pathlib\npathlib.Path({str(marker)!r})"
                                    ".write_text('x')\ngpu_ids = [0]\n")
    torch.save(checkpoint, tmp_path / 'epoch_1.pth')

    log = run_tool('train.py', TINY_VICREG, '--work-dir', tmp_path, '--resume',
                   '--cfg-options', 'train_cfg.max_epochs=3', *data)
    assert f'checkpoint {tmp_path / "epoch_2.pth"} cannot be read' in log
    assert f'resuming from {tmp_path / "epoch_1.pth"}, the newest checkpoint that loads' in log
    assert not marker.exists()
    resumed = compat.load_checkpoint_file(str(tmp_path / 'epoch_3.pth'))
    assert resumed['meta']['epoch'] == 3


def test_resume_from_a_named_bad_checkpoint_fails_naming_it(tmp_path):
    from vididi_mm.utils.resume import choose_resume_checkpoint
    torch.save({'meta': {'epoch': 1}}, tmp_path / 'epoch_1.pth')
    shutil.copy(tmp_path / 'epoch_1.pth', tmp_path / 'epoch_2.pth')
    _truncate(tmp_path / 'epoch_2.pth')
    with pytest.raises(RuntimeError, match=f'cannot resume from {tmp_path / "epoch_2.pth"}'):
        choose_resume_checkpoint(str(tmp_path), str(tmp_path / 'epoch_2.pth'))
    # Without a name, the newest readable one, whatever last_checkpoint says.
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_2.pth'))
    assert choose_resume_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_1.pth')
    _truncate(tmp_path / 'epoch_1.pth')
    with pytest.raises(RuntimeError, match='no checkpoint of .* can be read'):
        choose_resume_checkpoint(str(tmp_path))
    assert choose_resume_checkpoint(str(tmp_path / 'empty')) is None


def _memory_error_checkpoint(path):
    """A file whose first pickle opcode claims a 4 GiB string: where that
    much memory cannot be had, the loader raises a MemoryError with no
    message."""
    open(path, 'wb').write(b'\x80\x02X' + b'\xff\xff\xff\xff' + b'x' * 64)


def _run_with_little_memory(*argv):
    """Run a Python script with its address space capped at 2 GiB above what
    the stack takes once imported, as on a machine with less memory than the
    crafted file claims."""
    import subprocess
    import sys
    wrapper = ('import resource, runpy, sys\n'
               'import vididi_mm, mmaction.models, mmengine.runner, torch\n'
               'status = open("/proc/self/status").read()\n'
               'used = int(status.split("VmSize:")[1].split()[0]) * 1024\n'
               'resource.setrlimit(resource.RLIMIT_AS, (used + (2 << 30), resource.RLIM_INFINITY))\n'
               'sys.argv = sys.argv[1:]\n'
               'runpy.run_path(sys.argv[0], run_name="__main__")\n')
    result = subprocess.run([sys.executable, '-c', wrapper, *map(str, argv)],
                            capture_output=True, text=True, cwd=REPO_ROOT)
    return result.returncode, result.stdout + result.stderr


def test_a_checkpoint_failing_with_an_empty_message_is_named(tmp_path):
    path = tmp_path / 'epoch_2.pth'
    _memory_error_checkpoint(path)
    torch.save({'meta': {'epoch': 1}}, tmp_path / 'epoch_1.pth')
    (tmp_path / 'last_checkpoint').write_text(str(path))
    script = tmp_path / 'check.py'
    script.write_text(f"""
import torch
from vididi_mm import compat
from vididi_mm.utils.resume import choose_resume_checkpoint
try:
    torch.load({str(path)!r}, weights_only=True)
except MemoryError as error:
    print('bare:', repr(str(error)))
for call in (lambda: compat.load_checkpoint_file({str(path)!r}),
             lambda: choose_resume_checkpoint({str(tmp_path)!r}, {str(path)!r})):
    try:
        call()
    except RuntimeError as error:
        print('named:', error)
print('chosen:', choose_resume_checkpoint({str(tmp_path)!r}))
""")
    code, log = _run_with_little_memory(script)
    assert code == 0, log[-3000:]
    assert "bare: ''" in log  # what PyTorch raises
    assert f'named: cannot read checkpoint {path}: MemoryError: (no message)' in log
    assert f'named: cannot resume from {path}: RuntimeError: cannot read checkpoint' in log
    # From last_checkpoint, passed over for the newest checkpoint that loads.
    assert f'chosen: {tmp_path / "epoch_1.pth"}' in log


def test_test_tool_names_a_checkpoint_that_fails_with_an_empty_message(tiny_videos,
                                                                        tmp_path):
    root, lists = tiny_videos
    path = tmp_path / 'crafted.pth'
    _memory_error_checkpoint(path)
    code, log = _run_with_little_memory(
        osp.join(REPO_ROOT, 'tools', 'test.py'), TINY_RETRIEVAL, path,
        '--work-dir', tmp_path / 'work', '--cfg-options',
        f'test_dataloader.dataset.gallery_ann_file={lists["train"]}',
        f'test_dataloader.dataset.query_ann_file={lists["test"]}',
        f'test_dataloader.dataset.data_prefix.video={root}')
    assert code != 0
    assert f'cannot read checkpoint {path}: MemoryError' in log, log[-3000:]


def test_an_object_array_in_a_history_buffer_is_refused(tmp_path):
    buffer = HistoryBuffer([1.0], [1])
    buffer._log_history = np.array([1.0, 'x'], dtype=object)
    torch.save({'message_hub': {'log_scalars': {'x': buffer}}}, tmp_path / 'c.pth')
    with pytest.raises(pickle.UnpicklingError, match='dtype object'):
        compat.load_checkpoint_file(str(tmp_path / 'c.pth'))


def test_an_ordered_dict_carrying_method_names_is_refused(tmp_path):
    from collections import OrderedDict
    runtime_info = OrderedDict(epoch=1)
    runtime_info.copy = 'shadows OrderedDict.copy'
    torch.save({'message_hub': {'runtime_info': runtime_info}}, tmp_path / 'c.pth')
    loaded = torch.load(tmp_path / 'c.pth', weights_only=True)  # PyTorch lets it through
    assert vars(loaded['message_hub']['runtime_info']) == {'copy': 'shadows OrderedDict.copy'}
    with pytest.raises(pickle.UnpicklingError, match=r"\['copy'\] that shadow its methods"):
        compat.load_checkpoint_file(str(tmp_path / 'c.pth'))
    # A state dict's _metadata, which every model checkpoint holds, shadows nothing.
    state = torch.nn.Linear(2, 2).state_dict()
    torch.save({'state_dict': state}, tmp_path / 'model.pth')
    assert compat.load_checkpoint_file(str(tmp_path / 'model.pth'))['state_dict']._metadata


def test_a_full_disk_leaves_no_partial_checkpoint_and_names_the_file(tmp_path):
    """Writing is cut off by a file-size limit (RLIMIT_FSIZE), the way a full
    disk cuts it: the error names the checkpoint and no file carries its name."""
    import subprocess
    import sys
    script = '''
import resource, signal, sys, torch
import vididi_mm
from mmengine.runner import runner
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of the process
runner.save_checkpoint({'state_dict': {'w': torch.zeros(1)}}, sys.argv[1] + '/epoch_1.pth')
resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
try:
    runner.save_checkpoint({'state_dict': {'w': torch.zeros(100000)}}, sys.argv[1] + '/epoch_2.pth')
except OSError as error:
    print('OSError:', error)
'''
    result = subprocess.run([sys.executable, '-c', script, str(tmp_path)], capture_output=True,
                            text=True, cwd=REPO_ROOT)
    assert f'cannot write checkpoint {tmp_path / "epoch_2.pth"}' in result.stdout, (
        result.stdout + result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ['epoch_1.pth']
    assert compat.load_checkpoint_file(str(tmp_path / 'epoch_1.pth'))['state_dict']['w'].shape == (1,)


def test_a_non_integer_label_is_named_as_such(tiny_videos, tmp_path):
    root, _ = tiny_videos
    (tmp_path / 'list.txt').write_text('videos/train/drift_0000.mp4 0\n'
                                       'videos/train/drift_0001.mp4 abc\n')
    cfg = Config.fromfile(f'{REPO_ROOT}/configs/_base_/datasets/ucf101_two_clip.py')
    dataset = copy.deepcopy(cfg.train_dataloader.dataset)
    dataset.update(ann_file=str(tmp_path / 'list.txt'), data_prefix=dict(video=str(root)))
    with pytest.raises(VideoListError, match=r"list.txt, line 2: label 'abc' is not an integer"):
        DATASETS.build(dataset)


def test_a_wholly_unreadable_list_stops_at_once(tmp_path):
    for name in ('a.mp4', 'b.mp4', 'c.mp4'):
        (tmp_path / name).write_bytes(b'not a video' * 20)
    dataset = _pretrain_dataset(tmp_path, ['a.mp4', 'b.mp4', 'c.mp4'])
    with pytest.raises(RuntimeError, match='every one of the 3 videos of .*list.txt is '
                                           'unreadable'):
        dataset[0]
    # A longer list fails as soon as max_refetch draws in a row have failed.
    names = [f'v{i}.mp4' for i in range(100)]
    for name in names:
        (tmp_path / name).write_bytes(b'not a video' * 20)
    dataset = _pretrain_dataset(tmp_path, names, max_refetch=5)
    with pytest.raises(RuntimeError, match='5 videos drawn in a row from .*list.txt could '
                                           'not be read'):
        dataset[0]


def _run_train(*args):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, osp.join(REPO_ROOT, 'tools', 'train.py'), *args],
                            capture_output=True, text=True, cwd=REPO_ROOT)
    return result.returncode, result.stdout + result.stderr


def test_a_run_that_cannot_read_its_data_stops_after_the_epoch(tiny_videos, tmp_path):
    """Half the list unreadable. One process: the failed reads of its data
    workers are counted, the epoch's checkpoint is written, then the run
    stops naming the files. Two processes with the limit raised: the totals
    of both are gathered, logged at each epoch's end, and the run goes on."""
    import os
    import re
    import subprocess
    root, lists = tiny_videos
    names = [line.rsplit(maxsplit=1)[0] for line in open(lists['train']).read().splitlines()]
    broken = [tmp_path / f'broken_{i}.mp4' for i in range(10)]  # absolute paths
    for path in broken:
        path.write_bytes(b'a download cut to nothing' * 10)
    listing = tmp_path / 'list.txt'
    listing.write_text(''.join(f'{n}\n' for n in names + broken))
    common = ['--cfg-options', 'train_cfg.max_epochs=2',
              f'train_dataloader.dataset.ann_file={listing}',
              f'train_dataloader.dataset.data_prefix.video={root}',
              'train_dataloader.num_workers=2']
    code, log = _run_train(TINY_VICREG, '--work-dir', str(tmp_path / 'stop'), *common)
    assert code != 0
    assert 'epoch 1: ' in log and 'more than max_failure_share=1.00%' in log, log[-3000:]
    assert str(tmp_path / 'broken_') in log
    assert (tmp_path / 'stop' / 'epoch_1.pth').exists()
    assert not (tmp_path / 'stop' / 'epoch_2.pth').exists()

    result = subprocess.run(
        ['bash', osp.join(REPO_ROOT, 'tools', 'dist_train.sh'), TINY_VICREG, '2',
         '--work-dir', str(tmp_path / 'go'), *common,
         'default_hooks.read_failures.max_failure_share=0.9'], capture_output=True, text=True,
        env=dict(os.environ, PORT=str(free_port())), timeout=600)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    # 20 listed videos over 2 processes: 10 each, 2 batches of 4 (the
    # incomplete one dropped); each epoch's total holds both processes' 8.
    totals = re.findall(r'epoch (\d): (\d+) of (\d+) video reads', log)
    assert [(epoch, int(total) - int(failed)) for epoch, failed, total in totals] == [
        ('1', 16), ('2', 16)], log[-3000:]
