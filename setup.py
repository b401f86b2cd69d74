"""Packaging for vididi_mm (``pip install -e .``; ``make test`` does it for you).

torch is declared with an open lower bound so that a GPU user's CUDA build is kept; the CPU
machines of this project install requirements/torch.txt first (tools/setup_env.sh). mmcv is
not in install_requires, as in every OpenMMLab package: it must be built with its ops
(requirements/mminstall.txt, ``mim install`` or tools/setup_env.sh).
"""
import os.path as osp
import sys

from setuptools import find_packages, setup

HERE = osp.dirname(osp.abspath(__file__))
sys.path.insert(0, HERE)
from tools.check_requirements import requirement_lines  # noqa: E402


def read_requirements(name):
    """The requirement lines of requirements/NAME, ``-r`` includes followed."""
    return list(requirement_lines(osp.join(HERE, 'requirements', name)))


def read_version():
    scope = {}
    with open(osp.join(HERE, 'vididi_mm', 'version.py')) as f:
        exec(f.read(), scope)
    return scope['__version__']


setup(
    name='vididi-mm',
    version=read_version(),
    description='ViDiDi (video time-differentiation for instance '
    'discrimination) for MMAction2',
    long_description=open(osp.join(HERE, 'README.md'), encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    keywords='video, self-supervised learning, action recognition, mmaction2',
    packages=find_packages(include=('vididi_mm', 'vididi_mm.*')),
    python_requires='>=3.9',
    install_requires=['torch>=2.1', *read_requirements('runtime.txt')],
    extras_require={
        'mim': read_requirements('mminstall.txt'),
        'tests': read_requirements('tests.txt'),
        'build': read_requirements('build.txt'),
        'tensorboard': read_requirements('tensorboard.txt'),
    },
    classifiers=[
        'Programming Language :: Python :: 3',
        'Topic :: Scientific/Engineering :: Artificial Intelligence',
    ],
    zip_safe=False,
)
