"""tools/analysis/check_videos.py: every listed video read with the config's own
decoder, bad ones reported by kind, misreads found against a sequential decode,
and a video that hangs reported instead of hanging the check."""
import json
import os
import os.path as osp
import shutil
import subprocess
import sys

import pytest

from conftest import REPO_ROOT
from video_factory import write_video

UCF101_CONFIG = osp.join(REPO_ROOT, 'configs', 'vididi', 'vididi-vicreg_r3d18_ucf101.py')
DEMO_CONFIG = osp.join(REPO_ROOT, 'configs', 'demo', 'vididi-vicreg_plain3d-w16_synthetic.py')


@pytest.fixture(scope='module')
def videos(tmp_path_factory):
    root = tmp_path_factory.mktemp('check_videos')
    shutil.copy(osp.join(REPO_ROOT, 'tests', 'data', 'real_videos',
                         'mmaction2_tests_data_test.avi'), root / 'ucf101.avi')
    write_video(str(root / 'h264.mp4'), 'libx264', 2)
    write_video(str(root / 'mpeg4-bf2.avi'), 'mpeg4', 2)
    data = open(write_video(str(root / 'whole.avi'), 'mpeg4'), 'rb').read()
    (root / 'cut.avi').write_bytes(data[:len(data) * 8 // 10])  # header kept, frames lost
    os.remove(root / 'whole.avi')
    (root / 'garbage.mp4').write_bytes(b'not a video' * 30)
    return root


def check(config, root, names, *options):
    (root / 'list.txt').write_text(''.join(f'{name} 0\n' for name in names))
    out = root / 'report.json'
    result = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, 'tools', 'analysis', 'check_videos.py'), config,
         str(root / 'list.txt'), '--workers', '2', '--out', str(out), *options,
         '--cfg-options', f'train_dataloader.dataset.data_prefix.video={root}'],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)
    report = json.load(open(out))
    return result, report['summary'], {osp.basename(v['filename']): v for v in report['videos']}


def test_bad_videos_are_reported_by_kind(videos):
    """One run over every kind, a video that hangs among them: a named pipe
    with no writer blocks whoever opens it, as a stale network mount or a
    decoder loop would; its worker is killed after --timeout and the other
    videos are still checked."""
    os.mkfifo(videos / 'hangs.mp4')
    names = ['ucf101.avi', 'h264.mp4', 'mpeg4-bf2.avi', 'cut.avi', 'garbage.mp4', 'hangs.mp4']
    result, summary, found = check(UCF101_CONFIG, videos, names, '--timeout', '5')
    assert result.returncode == 1
    assert {name: record['status'] for name, record in found.items()} == {
        'ucf101.avi': 'ok', 'h264.mp4': 'ok', 'mpeg4-bf2.avi': 'ok', 'cut.avi': 'truncated',
        'garbage.mp4': 'unreadable', 'hangs.mp4': 'timed out'}
    assert 'header lists 40 frames' in found['cut.avi']['problem']
    # All six chosen for a comparison with a sequential decode (fewer than
    # --verify-min); B-frames in 3 of the 4 whose stream could be read.
    assert summary['verified'] == 6 and found['ucf101.avi']['sequential_frames'] == 164
    assert found['ucf101.avi']['frames'] == found['ucf101.avi']['header_frames'] == 164
    assert found['ucf101.avi']['b_frames'] and found['h264.mp4']['b_frames']
    assert summary['b_frame_share'] == 0.75 and summary['decoder'] == ['PyAVSeekInit',
                                                                        'PyAVSeekDecode']
    assert summary['timed out'] == 1 and summary['truncated'] == 1
    assert 'truncated' in result.stdout and str(videos / 'garbage.mp4') in result.stdout


def test_a_decoder_that_misreads_is_caught(videos):
    """decord (the demo config's decoder) returns neighbouring frames in an
    MPEG-4 AVI with B-frames; PyAV's reader (above) does not."""
    result, summary, found = check(DEMO_CONFIG, videos, ['mpeg4-bf2.avi', 'h264.mp4'])
    assert found['mpeg4-bf2.avi']['status'] == 'misread', found
    assert found['h264.mp4']['status'] == 'ok'
    assert summary['decoder'] == ['DecordInit', 'DecordDecode'] and result.returncode == 1
