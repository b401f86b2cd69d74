"""Spatio-temporal saliency of a video encoder (Fig. 5), and its mass on ground truth.

Two maps, one target. The target is what sets a clip's embedding ``f`` (the
pooled last block, App. B.2) apart from the mean embedding ``mu`` of a set
of clips, ``|f - mu|^2 / 2``: an encoder without classes has no class score
to explain, and without centring every position of a post-ReLU feature map
scores alike.

- :func:`saliency_tubes`, Fig. 5's method adapted: Saliency Tubes
  (Stergiou et al., ICIP 2019) weight the last block's activation maps ``A(p)`` by a class's classifier weights and
  upsample their sum to the clip; here ``f - mu`` plays the class weights:
  ``S(p) = ReLU(<f - mu, A(p) - mu>)``. Averaged over the positions the
  terms inside the ReLU give exactly ``|f - mu|^2``, so ``S`` is each
  position's share of the target (Grad-CAM's map at the last block, with
  centred activations). Its grid is the last block's: 7x7 for R3D-18 at
  112 px, 4x4 for the demo's encoder at 64 px.
- :func:`gradient_saliency`, at the input's own resolution: ``|d target /
  d x|`` summed over colour channels (Simonyan et al., 2014), for objects
  smaller than a last-block cell, such as the synthetic videos' ball.
"""
from typing import Optional

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from vididi_mm.models.utils.pooling import global_average_pool


@torch.no_grad()
def pooled_features(backbone: nn.Module, clips: torch.Tensor) -> torch.Tensor:
    """``(N, C, T, H, W)`` clips -> the backbone's pooled ``(N, C')`` features."""
    return global_average_pool(backbone(clips))


@torch.no_grad()
def saliency_tubes(backbone: nn.Module, clips: torch.Tensor,
                   mean: Optional[torch.Tensor] = None) -> torch.Tensor:
    """Saliency maps of clips, upsampled to their frames.

    Args:
        backbone (nn.Module): Maps ``(N, C, T, H, W)`` to ``(N, C', T', H',
            W')`` feature maps (an MMAction2 3D backbone), in eval mode.
        clips (Tensor): ``(N, C, T, H, W)``, normalised as the encoder's
            input.
        mean (Tensor, optional): ``(C',)`` the mean pooled feature ``mu``
            (:func:`pooled_features` over a set of clips); defaults to the
            mean over ``clips``.

    Returns:
        Tensor: ``(N, T, H, W)``, non-negative, on the clips' device.
    """
    if clips.ndim != 5:
        raise ValueError(f'expected (N, C, T, H, W) clips, got {tuple(clips.shape)}')
    maps = backbone(clips)  # (N, C', T', H', W')
    feats = global_average_pool(maps)
    mean = feats.mean(dim=0) if mean is None else mean.to(feats)
    centred = maps - mean[None, :, None, None, None]
    saliency = F.relu(torch.einsum('nc,ncthw->nthw', feats - mean, centred))
    saliency = F.interpolate(saliency[:, None], size=clips.shape[2:], mode='trilinear',
                             align_corners=False)
    return saliency[:, 0].clamp_(min=0)


def gradient_saliency(backbone: nn.Module, clips: torch.Tensor,
                      mean: Optional[torch.Tensor] = None) -> torch.Tensor:
    """The target's gradient magnitude at every input pixel.

    Args:
        backbone (nn.Module): As for :func:`saliency_tubes`, in eval mode.
        clips (Tensor): ``(N, C, T, H, W)``, normalised.
        mean (Tensor, optional): ``(C',)`` ``mu``; defaults to the mean
            pooled feature over ``clips``.

    Returns:
        Tensor: ``(N, T, H, W)``, non-negative.
    """
    if clips.ndim != 5:
        raise ValueError(f'expected (N, C, T, H, W) clips, got {tuple(clips.shape)}')
    with torch.enable_grad():
        clips = clips.detach().requires_grad_(True)
        feats = global_average_pool(backbone(clips))
        mean = feats.detach().mean(dim=0) if mean is None else mean.to(feats)
        target = 0.5 * (feats - mean).pow(2).sum()
        grad, = torch.autograd.grad(target, clips)  # no parameter's .grad is touched
    return grad.abs().sum(dim=1)


#: The saliency methods, by the name the tools take.
SALIENCY_METHODS = dict(tubes=saliency_tubes, gradient=gradient_saliency)


def saliency_mass(saliency: np.ndarray, mask: np.ndarray) -> float:
    """The share of saliency that falls inside a mask.

    Args:
        saliency (ndarray): ``(T, H, W)`` non-negative.
        mask (ndarray): ``(T, H, W)`` bool, the same shape.

    Returns:
        float: In [0, 1]; NaN for an all-zero map (nothing to share).
    """
    if saliency.shape != mask.shape:
        raise ValueError(f'saliency {saliency.shape} and mask {mask.shape} differ')
    total = float(saliency.sum())
    return float(saliency[mask].sum()) / total if total > 0 else float('nan')


def dilate(mask: np.ndarray, pixels: int) -> np.ndarray:
    """Grow a ``(..., H, W)`` bool mask by ``pixels`` in each frame (a disc)."""
    if pixels <= 0:
        return mask.copy()
    import cv2
    size = 2 * pixels + 1
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    frames = mask.reshape(-1, *mask.shape[-2:]).astype(np.uint8)
    grown = np.stack([cv2.dilate(f, disc) for f in frames]).astype(bool)
    return grown.reshape(mask.shape)


def mask_masses(saliency: np.ndarray, mask: np.ndarray, frame_inds: np.ndarray,
                band: int = 3) -> dict:
    """Saliency mass on a moving object, against what a uniform map would give.

    Args:
        saliency (ndarray): ``(V, T, H, W)`` maps of a video's clips.
        mask (ndarray): ``(F, H0, W0)`` bool object mask of every frame of the
            video, resized here to ``(H, W)`` if needed (nearest).
        frame_inds (ndarray): ``(V, T)`` the frames each clip took.
        band (int): Width in pixels of the band grown around the object.

    Returns:
        dict: the share of the saliency on the object in each frame
        (``object``), on it grown by ``band`` pixels (``band``), and on its
        path, the union of its masks over the clip (``path``); beside each,
        the share of the frame it covers (``*_area``), which a uniform map
        would score. Means over the clips.
    """
    import cv2
    num_clips, length, height, width = saliency.shape
    if frame_inds.shape != (num_clips, length):
        raise ValueError(f'frame_inds {frame_inds.shape} do not match the clips '
                         f'{(num_clips, length)}')
    if frame_inds.max() >= len(mask):
        raise ValueError(f'the clips read frame {frame_inds.max()}, the mask has '
                         f'{len(mask)} frames')
    if mask.shape[1:] != (height, width):
        mask = np.stack([cv2.resize(m.astype(np.uint8), (width, height),
                                    interpolation=cv2.INTER_NEAREST) for m in mask]) > 0
    totals = {}
    for maps, inds in zip(saliency, frame_inds):
        clip_mask = mask[inds]
        path = np.broadcast_to(clip_mask.any(axis=0), clip_mask.shape)
        for name, region in (('object', clip_mask), ('band', dilate(clip_mask, band)),
                             ('path', path)):
            totals.setdefault(name, []).append(saliency_mass(maps, region))
            totals.setdefault(f'{name}_area', []).append(float(region.mean()))
    return {name: float(np.nanmean(values)) for name, values in totals.items()}
