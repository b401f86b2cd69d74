"""Dataset preparation from small fake official split files."""
import subprocess
import sys

import pytest

from conftest import REPO_ROOT


def touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'')


def run(*args):
    result = subprocess.run([sys.executable, *map(str, args)], capture_output=True,
                            text=True, cwd=REPO_ROOT)
    return result


def test_ucf101(tmp_path):
    splits, videos = tmp_path / 'splits', tmp_path / 'videos'
    splits.mkdir()
    (splits / 'classInd.txt').write_text('1 ApplyEyeMakeup\n2 Archery\n')
    (splits / 'trainlist01.txt').write_text(
        'ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1\nArchery/v_Archery_g08_c02.avi 2\n')
    (splits / 'testlist01.txt').write_text('Archery/v_Archery_g01_c01.avi\n')
    for name in ('ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi',
                 'Archery/v_Archery_g08_c02.avi', 'Archery/v_Archery_g01_c01.avi'):
        touch(videos / name)
    result = run('tools/data/ucf101/build_file_list.py', splits, videos, '--out-dir', tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / 'ucf101_train_split_1_videos.txt').read_text() == (
        'ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 0\nArchery/v_Archery_g08_c02.avi 1\n')
    assert (tmp_path / 'ucf101_val_split_1_videos.txt').read_text() == \
        'Archery/v_Archery_g01_c01.avi 1\n'

    (videos / 'Archery/v_Archery_g01_c01.avi').unlink()
    result = run('tools/data/ucf101/build_file_list.py', splits, videos, '--out-dir', tmp_path)
    assert result.returncode != 0
    assert 'v_Archery_g01_c01.avi' in result.stderr and '1 of 1 videos' in result.stderr


def test_hmdb51(tmp_path):
    splits, videos = tmp_path / 'splits', tmp_path / 'videos'
    splits.mkdir()
    (splits / 'wave_test_split1.txt').write_text('w1.avi 1\nw2.avi 2\nw3.avi 0\n')
    (splits / 'brush_hair_test_split1.txt').write_text('b1.avi 2\nb2.avi 1\n')
    for name in ('wave/w1.avi', 'wave/w2.avi', 'brush_hair/b1.avi'):
        touch(videos / name)
    result = run('tools/data/hmdb51/build_file_list.py', splits, videos, '--out-dir',
                 tmp_path, '--allow-missing')
    assert result.returncode == 0, result.stderr
    assert (tmp_path / 'hmdb51_train_split_1_videos.txt').read_text() == 'wave/w1.avi 1\n'
    assert (tmp_path / 'hmdb51_val_split_1_videos.txt').read_text() == (
        'brush_hair/b1.avi 0\nwave/w2.avi 1\n')
    assert '1 absent' in result.stdout  # brush_hair/b2.avi


def test_kinetics(tmp_path):
    videos = tmp_path / 'videos'
    touch(videos / 'abseiling' / 'aaa_000010_000020.mp4')
    touch(videos / 'zumba' / 'bbb_000000_000010.mp4')
    touch(videos / 'ccc_000005_000015.mkv')
    header = 'label,youtube_id,time_start,time_end,split\n'
    (tmp_path / 'train.csv').write_text(
        header + 'abseiling,aaa,10,20,train\nzumba,bbb,0,10,train\nzumba,gone,0,10,train\n')
    (tmp_path / 'val.csv').write_text(header + 'abseiling,ccc,5,15,val\n')
    result = run('tools/data/kinetics/build_file_list.py', 'k2', '--train-csv',
                 tmp_path / 'train.csv', '--val-csv', tmp_path / 'val.csv',
                 '--video-dir', videos, '--out-dir', tmp_path / 'out')
    assert result.returncode == 0, result.stderr
    out = tmp_path / 'out'
    assert (out / 'k2_train_list_videos.txt').read_text() == (
        'abseiling/aaa_000010_000020.mp4 0\nzumba/bbb_000000_000010.mp4 1\n')
    assert (out / 'k2_val_list_videos.txt').read_text() == 'ccc_000005_000015.mkv 0\n'
    assert (out / 'k2_classes.txt').read_text() == 'abseiling\nzumba\n'
    assert '1 listed but absent' in result.stdout


@pytest.mark.parametrize('tool', ['ucf101', 'hmdb51', 'kinetics'])
def test_help(tool):
    assert run(f'tools/data/{tool}/build_file_list.py', '--help').returncode == 0
