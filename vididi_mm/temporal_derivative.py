"""The temporal derivative of a clip (Sec. 3.1, eq. 3-4) and its vocabulary.

The one home of the derivative: the pipeline transform
(``datasets/transforms/temporal_difference.py``), the two-stream models
(``models/algorithms/base_two_stream.py``) and the view schedule
(``engine/hooks/view_schedule_hook.py``) all import it from here.
"""
from typing import TypeVar

Array = TypeVar('Array')  # a numpy.ndarray or a torch.Tensor

#: The highest order the paper defines (eq. 4).
MAX_ORDER = 2

#: The paper's name of the view of each order: V, dV (eq. 3), d2V (eq. 4).
VIEW_NAMES = ('V', 'dV', 'd2V')


def temporal_difference(clip: Array, order: int, dim: int) -> Array:
    """Differentiate a clip ``order`` times along its time axis.

    The forward differences of Sec. 3.1: ``dV(n) = V(n+1) - V(n)`` (eq. 3) and
    ``d2V(n) = V(n+2) - 2 V(n+1) + V(n)`` (eq. 4). Order ``k`` shortens the
    time axis by ``k``; order 0 returns the clip itself. Works on numpy arrays
    and torch tensors alike, so that the pipeline transform and the batched
    path on the model's device compute exactly the same thing.

    Args:
        clip (np.ndarray | torch.Tensor): Floating-point frames; integer
            pixels would wrap around, so they are refused.
        order (int): 0, 1 or 2.
        dim (int): The time axis, e.g. 2 for a ``(N, C, T, H, W)`` batch.

    Returns:
        np.ndarray | torch.Tensor: ``clip`` with ``T - order`` time steps.
    """
    if not 0 <= order <= MAX_ORDER:
        raise ValueError(f'order must be 0, 1 or 2, got {order}')
    if order and not _is_floating(clip):
        raise TypeError(f'temporal_difference needs floating-point frames, '
                        f'got {clip.dtype}; convert (and normalise) first')
    length = clip.shape[dim]
    if length <= order:
        raise ValueError(f'a clip of {length} frames has no order-{order} '
                         'temporal difference')
    dim = dim % clip.ndim
    for _ in range(order):
        clip = _take(clip, dim, 1, None) - _take(clip, dim, 0, -1)
    return clip


def _take(clip, dim, start, stop):
    index = [slice(None)] * clip.ndim
    index[dim] = slice(start, stop)
    return clip[tuple(index)]


def _is_floating(clip) -> bool:
    is_floating_point = getattr(clip, 'is_floating_point', None)
    if is_floating_point is not None:  # torch.Tensor
        return is_floating_point()
    return clip.dtype.kind == 'f'  # numpy
