"""Offline data preparation: what makes or lists data before a run.

Nothing here is built by a runner (that is :mod:`vididi_mm.datasets`): the
synthetic dynamics generator (``tools/data/synthetic/generate.py``,
``make demo``), the list-file builders of ``tools/data/{ucf101,hmdb51,
kinetics}``, person proposals from an MMDet detector
(``tools/detection/generate_proposals.py``) and the tiny AVA-format dataset
the tests make.
"""
from .synthetic_dynamics import LAWS_OF_MOTION, generate_dataset

__all__ = ['LAWS_OF_MOTION', 'generate_dataset']
