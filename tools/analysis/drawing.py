"""Pictures for the analysis tools: heat-map overlays, labelled grids, animations."""
import os
import os.path as osp
from typing import List, Optional, Sequence

import cv2
import numpy as np


def to_uint8_frames(clip: np.ndarray) -> np.ndarray:
    """``(C, T, H, W)`` float RGB in [0, 255] -> ``(T, H, W, 3)`` uint8."""
    return np.clip(np.asarray(clip).transpose(1, 2, 3, 0), 0, 255).round().astype(np.uint8)


def scale_for_display(values: np.ndarray, symmetric: bool) -> np.ndarray:
    """Map values to uint8 for display, one scale for the whole array.

    ``symmetric``: 0 is mid-grey and the largest magnitude black or white, as
    suits a derivative; otherwise the range is stretched to [0, 255].
    """
    values = np.asarray(values, dtype=np.float32)
    if symmetric:
        bound = float(np.abs(values).max()) or 1.0
        scaled = (values / bound + 1) * 127.5
    else:
        low, high = float(values.min()), float(values.max())
        scaled = (values - low) / ((high - low) or 1.0) * 255
    return np.clip(scaled, 0, 255).round().astype(np.uint8)


def heatmap_overlay(frames: np.ndarray, saliency: np.ndarray,
                    alpha: float = 0.5) -> np.ndarray:
    """Blend a JET heat map over frames.

    Args:
        frames (ndarray): ``(T, H, W, 3)`` uint8 RGB.
        saliency (ndarray): ``(T, H, W)`` non-negative, scaled by its maximum
            over the whole clip so that frames compare.
        alpha (float): Weight of the heat map. Defaults to 0.5.
    """
    peak = float(saliency.max()) or 1.0
    heat = (np.clip(saliency / peak, 0, 1) * 255).astype(np.uint8)
    coloured = np.stack([cv2.cvtColor(cv2.applyColorMap(h, cv2.COLORMAP_JET),
                                      cv2.COLOR_BGR2RGB) for h in heat])
    return (frames * (1 - alpha) + coloured * alpha).round().astype(np.uint8)


def labelled_grid(rows: Sequence[Sequence[np.ndarray]], row_labels: Sequence[str],
                  column_labels: Optional[Sequence[str]] = None, zoom: int = 1,
                  gap: int = 2, label_width: int = 0) -> np.ndarray:
    """Tiles ``(h, w, 3)`` uint8 images in rows, a label left of each row.

    Rows may hold different numbers of tiles; tiles are zoomed by ``zoom``
    (nearest neighbour, so pixels stay pixels) and padded to the largest.
    """
    tiles = [[cv2.resize(t, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_NEAREST)
              for t in row] for row in rows]
    tile_h = max(t.shape[0] for row in tiles for t in row)
    tile_w = max(t.shape[1] for row in tiles for t in row)
    columns = max(len(row) for row in tiles)
    font, font_scale = cv2.FONT_HERSHEY_SIMPLEX, 0.4
    label_width = label_width or 8 + max(
        cv2.getTextSize(label, font, font_scale, 1)[0][0] for label in row_labels)
    header = 16 if column_labels else 0
    height = header + len(tiles) * (tile_h + gap) + gap
    width = label_width + columns * (tile_w + gap) + gap
    canvas = np.full((height, width, 3), 255, np.uint8)
    for c, label in enumerate(column_labels or []):
        cv2.putText(canvas, label, (label_width + gap + c * (tile_w + gap), 12), font,
                    font_scale, (0, 0, 0), 1, cv2.LINE_AA)
    for r, (row, label) in enumerate(zip(tiles, row_labels)):
        top = header + gap + r * (tile_h + gap)
        for line, text in enumerate(label.split('\n')):
            cv2.putText(canvas, text, (4, top + 14 + 14 * line), font, font_scale,
                        (0, 0, 0), 1, cv2.LINE_AA)
        for c, tile in enumerate(row):
            left = label_width + gap + c * (tile_w + gap)
            canvas[top:top + tile.shape[0], left:left + tile.shape[1]] = tile
    return canvas


def write_image(path: str, image: np.ndarray) -> str:
    """Write an RGB uint8 image (PNG by the file's extension)."""
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    if not cv2.imwrite(path, cv2.cvtColor(image, cv2.COLOR_RGB2BGR)):
        raise OSError(f'could not write {path}')
    return path


def write_animation(path: str, frames: List[np.ndarray], fps: float = 8) -> str:
    """Write RGB uint8 frames as an animated GIF (``.gif``) or an mp4."""
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    if path.endswith('.gif'):
        from PIL import Image
        images = [Image.fromarray(f) for f in frames]
        images[0].save(path, save_all=True, append_images=images[1:],
                       duration=int(1000 / fps), loop=0)
        return path
    from tools.data.synthetic.synthetic_dynamics import write_mp4
    write_mp4(path, np.stack(frames), fps=int(fps))
    return path
