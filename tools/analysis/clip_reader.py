"""Clips of one video as a config's evaluation pipeline reads them, for the analysis tools."""
import copy
from typing import List

import numpy as np
from mmengine.dataset import Compose

#: Crops hide part of the frame (and of its masks) from a picture.
CROPS = ('CenterCrop', 'ThreeCrop', 'TenCrop')


def analysis_pipeline(pipeline: List[dict], whole_frames: bool) -> Compose:
    """A config's test pipeline (sampling, decoding, resizing, cropping,
    ``NCTHW`` formatting) without its packing, which is the runner's business.

    Args:
        pipeline (list[dict]): The config's test pipeline.
        whole_frames (bool): Leave the crops out too, so that clips show whole
            frames (fully convolutional encoders take them at any size);
            otherwise clips are exactly what retrieval encodes.
    """
    dropped = ('PackActionInputs', ) + (CROPS if whole_frames else ())
    return Compose([copy.deepcopy(step) for step in pipeline
                    if step['type'] not in dropped])


def read_clips(pipeline: Compose, filename: str) -> dict:
    """Run ``pipeline`` on one video.

    Returns:
        dict: ``clips``, ``(num_clips, C, T, H, W)`` float32 RGB in [0, 255];
        ``frame_inds``, ``(num_clips, T)`` the frames each clip took from the
        video; ``frame_shape``, the decoded ``(height, width)`` before
        resizing.

    Raises:
        RuntimeError: The video cannot be read; the message names it.
    """
    try:
        results = pipeline(dict(filename=filename, label=-1, start_index=0,
                                modality='RGB'))
    except Exception as error:  # decord raises its own error types
        raise RuntimeError(f'cannot read {filename}: {error}') from error
    clips = np.asarray(results['imgs'], dtype=np.float32)
    if clips.ndim != 5:
        raise ValueError(f'{filename}: the pipeline must end in '
                         "FormatShape(input_format='NCTHW'), got shape "
                         f'{clips.shape}')
    return dict(clips=clips,
                frame_inds=np.asarray(results['frame_inds']).reshape(clips.shape[0], -1),
                frame_shape=tuple(results['original_shape']))
