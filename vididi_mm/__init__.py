"""ViDiDi for MMAction2: video time-differentiation for instance discrimination.

Importing this package first applies the fixes for the pinned OpenMMLab stack
(:mod:`vididi_mm.compat`), then registers the project's modules into
MMAction2's registries. Every config of the project imports it through
``configs/_base_/default_runtime.py`` (``custom_imports``).
"""
from . import compat

compat.apply()

from . import datasets, engine, evaluation, models  # noqa: E402,F401
from .version import __version__  # noqa: E402

__all__ = [
    '__version__', 'compat', 'datasets', 'engine', 'evaluation', 'models'
]
