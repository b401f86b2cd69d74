"""What the two sides of the clip augmentation share (App. B.3).

The data workers draw each clip's augmentation
(:class:`~vididi_mm.datasets.TwoClipAugmentParams`) and the model's device
applies it (:class:`~vididi_mm.models.DeviceClipAugmentPreprocessor`); the
CPU transforms (``datasets/transforms/``) and their batched device twins
(``models/utils/batched_clip_augment.py``) must compute the same colours.
Both sides import their layout and constants from here, and from nowhere else.
"""
import numpy as np

#: The key under which a sample's parameter rows travel from the pipeline to
#: the data preprocessor (``PackActionInputs(meta_keys=(..., PARAMS_KEY))``).
PARAMS_KEY = 'clip_aug_params'

#: The columns of a clip's parameter row: the crop box in the frame as given
#: (x1, y1, x2, y2, pixels), the output size, flip (0/1), the blur's sigma
#: (0: no blur), jitter (0/1), its order (4 op indices: 0 brightness,
#: 1 contrast, 2 saturation, 3 hue) and factors, grey (0/1).
PARAM_COLUMNS = ('x1', 'y1', 'x2', 'y2', 'out_h', 'out_w', 'flip', 'blur_sigma',
                 'jitter', 'order0', 'order1', 'order2', 'order3', 'brightness',
                 'contrast', 'saturation', 'hue', 'grey')
COLUMN = {name: i for i, name in enumerate(PARAM_COLUMNS)}
BOX = [COLUMN[k] for k in ('x1', 'y1', 'x2', 'y2')]
OUT_SIZE = [COLUMN['out_h'], COLUMN['out_w']]
JITTER_ORDER = slice(COLUMN['order0'], COLUMN['order3'] + 1)
#: ClipColorJitter's op indices (the values of the order columns) are the
#: positions of these names.
JITTER_FACTORS = [COLUMN[k] for k in ('brightness', 'contrast', 'saturation', 'hue')]

#: ITU-R 601 luma weights of R, G, B: grey, and the reference of contrast and
#: saturation.
LUMA = (0.299, 0.587, 0.114)


def empty_row() -> np.ndarray:
    """One clip's row of zeros: no crop drawn yet, no flip, blur, jitter or grey."""
    return np.zeros(len(PARAM_COLUMNS), np.float32)
