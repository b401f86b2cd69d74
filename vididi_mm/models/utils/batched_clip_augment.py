"""ViDiDi's clip augmentation (App. B.3) as batched tensor operations on the device.

Each function takes a batch of clips ``(B, C, T, H, W)`` float RGB in
[0, 255] and one parameter per clip, and does what the CPU transform of the
same name does to one clip (``vididi_mm/datasets/transforms/``), so that the
two paths give the same pixels for the same parameters (within the rounding
of OpenCV's fixed-point arithmetic and 8-bit HSV; measured in the tests).
"""
import torch
import torch.nn.functional as F

from ...clip_augment_contract import LUMA


def crop_resize_flip(clips: torch.Tensor, boxes: torch.Tensor, out_size,
                     flip: torch.Tensor) -> torch.Tensor:
    """Crop each clip to its box, resize bilinearly to ``out_size``, flip.

    One ``grid_sample`` for all: the output pixel ``j`` samples the crop at
    ``x1 + (j + 0.5) * w / out_w - 0.5`` (OpenCV's half-pixel centres),
    clamped to the crop as OpenCV's border replication within the crop.

    Args:
        clips (Tensor): ``(B, C, T, H, W)``; frames may be zero-padded at the
            bottom and right beyond the boxes.
        boxes (Tensor): ``(B, 4)`` x1, y1, x2, y2 in pixels.
        out_size (tuple[int, int]): ``(out_h, out_w)``.
        flip (Tensor): ``(B,)`` bool, horizontal flip after resizing.
    """
    batch, channels, length, height, width = clips.shape
    out_h, out_w = out_size
    boxes = boxes.to(clips)

    def source(start, end, count, full):
        steps = torch.arange(count, device=clips.device, dtype=clips.dtype) + 0.5
        coords = start[:, None] + steps[None] * ((end - start) / count)[:, None] - 0.5
        coords = torch.minimum(torch.maximum(coords, start[:, None]), end[:, None] - 1)
        return (2 * coords + 1) / full - 1  # grid_sample's align_corners=False units

    xs = source(boxes[:, 0], boxes[:, 2], out_w, width)
    xs = torch.where(flip.to(torch.bool)[:, None], xs.flip(1), xs)
    ys = source(boxes[:, 1], boxes[:, 3], out_h, height)
    grid = torch.stack([xs[:, None, :].expand(-1, out_h, -1),
                        ys[:, :, None].expand(-1, -1, out_w)], dim=-1)  # (B, h, w, 2)
    frames = clips.transpose(1, 2).reshape(batch * length, channels, height, width)
    grid = grid.repeat_interleave(length, dim=0)
    out = F.grid_sample(frames, grid, mode='bilinear', padding_mode='border',
                        align_corners=False)
    return out.reshape(batch, length, channels, out_h, out_w).transpose(1, 2)


def gaussian_blur3x3(clips: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """Blur every frame with a 3x3 Gaussian of the clip's ``sigma``
    (``sigma <= 0``: unchanged), reflecting at the border as OpenCV does."""
    weights = torch.exp(-1 / (2 * sigma.to(clips).clamp(min=1e-6) ** 2))  # at +-1
    kernel = torch.stack([weights, torch.ones_like(weights), weights], dim=1)
    kernel = kernel / kernel.sum(dim=1, keepdim=True)  # (B, 3)
    batch, channels, length, height, width = clips.shape
    # Per-clip kernels as one grouped convolution: a group per (clip, channel).
    planes = clips.reshape(1, batch * channels, length, height, width)
    taps = kernel.repeat_interleave(channels, dim=0)  # (B * C, 3)
    planes = F.pad(planes, (1, 1, 1, 1, 0, 0), mode='reflect')
    planes = F.conv3d(planes, taps.view(-1, 1, 1, 1, 3), groups=batch * channels)
    planes = F.conv3d(planes, taps.view(-1, 1, 1, 3, 1), groups=batch * channels)
    blurred = planes.reshape(clips.shape)
    return torch.where((sigma > 0).view(-1, 1, 1, 1, 1), blurred, clips)


def grey(clips: torch.Tensor) -> torch.Tensor:
    """Luma, kept as three channels ``(B, C, T, H, W)``."""
    luma = torch.tensor(LUMA, device=clips.device, dtype=clips.dtype).view(1, 3, 1, 1, 1)
    return (clips * luma).sum(dim=1, keepdim=True).expand_as(clips)


def _rgb_to_hsv(rgb: torch.Tensor):
    r, g, b = rgb.unbind(dim=1)
    high, _ = rgb.max(dim=1)
    low, _ = rgb.min(dim=1)
    delta = high - low
    safe = torch.where(delta > 0, delta, torch.ones_like(delta))
    hue = torch.where(high == r, (g - b) / safe,
                      torch.where(high == g, 2 + (b - r) / safe, 4 + (r - g) / safe))
    hue = torch.where(delta > 0, (hue / 6) % 1, torch.zeros_like(hue))
    saturation = torch.where(high > 0, delta / torch.where(high > 0, high, torch.ones_like(high)),
                             torch.zeros_like(high))
    return hue, saturation, high


def _hsv_to_rgb(hue, saturation, value):
    channels = []
    for n in (5, 3, 1):  # r, g, b
        k = (n + hue * 6) % 6
        channels.append(value - value * saturation *
                        torch.clamp(torch.minimum(k, 4 - k), 0, 1))
    return torch.stack(channels, dim=1)


def color_jitter(clips: torch.Tensor, order: torch.Tensor, factors: torch.Tensor,
                 enabled: torch.Tensor) -> torch.Tensor:
    """:class:`~vididi_mm.datasets.ClipColorJitter` for a batch: brightness,
    contrast (about each frame's mean luma), saturation and hue (a turn of
    the colour wheel, in OpenCV's 2-degree steps), in each clip's order,
    clipped to [0, 255] after each.

    Args:
        clips (Tensor): ``(B, 3, T, H, W)``.
        order (Tensor): ``(B, 4)`` op indices 0-3, in the order applied.
        factors (Tensor): ``(B, 4)`` brightness, contrast, saturation, hue.
        enabled (Tensor): ``(B,)`` bool: clips to jitter.
    """
    factors = factors.to(clips)
    view = (-1, 1, 1, 1, 1)
    out = clips.clone()
    for step in range(4):
        # Each op on just the clips that take it at this step: four ops per clip.
        for op, apply in enumerate(_JITTER_OPS):
            chosen = enabled & (order[:, step].long() == op)
            if chosen.any():
                out[chosen] = apply(out[chosen], factors[chosen, op].view(view)).clamp(0, 255)
    return out


def _brightness(clips, factor):
    return clips * factor


def _contrast(clips, factor):
    mean = grey(clips)[:, :1].mean(dim=(3, 4), keepdim=True)  # per frame, as the CPU op
    return (clips - mean) * factor + mean


def _saturation(clips, factor):
    luma = grey(clips)[:, :1]
    return (clips - luma) * factor + luma


def _hue(clips, factor):
    hue, saturation, value = _rgb_to_hsv(clips.round() / 255)
    shift = torch.round(factor.view(-1, 1, 1, 1) * 180) / 180  # OpenCV: whole 2-degree steps
    return _hsv_to_rgb((hue + shift) % 1, saturation, value) * 255


#: ClipColorJitter's op indices: 0 brightness, 1 contrast, 2 saturation, 3 hue.
_JITTER_OPS = (_brightness, _contrast, _saturation, _hue)
