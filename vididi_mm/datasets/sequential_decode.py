"""What "frame i of a video" means: the i-th frame of a plain sequential
decode, with no seeking and no time stamps. Every reader a config uses is
held to it (tests/test_video_conformance.py, tools/analysis/check_videos.py)."""
from typing import List, Sequence

import numpy as np

#: Largest mean difference, in levels, between a reader's frame and the
#: sequential decode's (PyAV's own YUV -> RGB) that still counts as the same
#: frame: decoders round the colour conversion differently.
MEAN_TOLERANCE = 1.5


def sequential_frames(path: str) -> List[np.ndarray]:
    """Every frame of ``path`` in decoding order, RGB uint8 through PyAV's
    own conversion."""
    import av
    with av.open(path) as container:
        return [frame.to_ndarray(format='rgb24') for frame in container.decode(video=0)]


def is_frame(frame: np.ndarray, truth: Sequence[np.ndarray], index: int) -> bool:
    """Whether ``frame`` is the sequential decode's frame ``index``: within
    :data:`MEAN_TOLERANCE` of it and not clearly closer to a neighbour (in a
    slow video neighbouring frames can lie within the tolerance)."""
    if not 0 <= index < len(truth) or frame.shape != truth[index].shape:
        return False

    def distance(i):
        return np.abs(frame.astype(np.int16) - truth[i]).mean()

    own = distance(index)
    return own <= MEAN_TOLERANCE and all(
        own <= distance(i) + 0.25 for i in (index - 1, index + 1) if 0 <= i < len(truth))
