"""The command-line tools answer as MMAction2's do."""
import os.path as osp
import subprocess
import sys

import pytest

from conftest import REPO_ROOT


@pytest.mark.parametrize('tool, options', [
    ('train.py', ['--work-dir', '--resume', '--amp', '--cfg-options',
                  '--launcher', '--seed', '--deterministic']),
    ('test.py', ['--dump', '--work-dir', '--cfg-options', '--launcher']),
])
def test_help(tool, options):
    result = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, 'tools', tool), '--help'],
        capture_output=True, text=True, cwd='/')
    assert result.returncode == 0, result.stderr
    for option in options:
        assert option in result.stdout


@pytest.mark.parametrize('script', ['dist_train.sh', 'dist_test.sh', 'slurm_train.sh'])
def test_dist_scripts_explain_their_usage(script):
    result = subprocess.run(['bash', osp.join(REPO_ROOT, 'tools', script)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith('usage:')
