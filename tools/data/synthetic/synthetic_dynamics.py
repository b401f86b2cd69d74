"""A synthetic video dataset whose classes are laws of motion.

In the spirit of the paper's thought experiment (Fig. 2: a ball falling on
planets of different gravity), each class is a law of motion of a ball, and
everything static is random: background colours and texture, ball colour,
size, start position and velocity. In the training split the background's
hue is correlated with the class (as scenes are in real action datasets), so
a static shortcut exists; in the validation and test splits it is drawn
uniformly, so the shortcut does not help there. With ``scene_pool`` every
static scene is one of a pool shared by all splits, so that no scene
identifies a video (the demo's dataset: a pool of 40).

Videos are real mp4 files (OpenCV's MPEG-4 encoder) that decord decodes, with
MMAction2 list files ``{split}_list.txt`` (``path label``, paths relative to
the output folder). Beside each video, ``<video>.mask.npz`` holds the ball's
mask in every frame (:func:`read_mask`), the ground truth against which
saliency is measured (Fig. 5). Generation is deterministic for a seed.
"""
import inspect
import json
import os
import os.path as osp
from typing import Callable, Dict, Sequence, Tuple

import cv2
import numpy as np


def _drift(rng, t):
    """Constant velocity: x(t) = x0 + v t."""
    x0 = rng.uniform(0.2, 0.8, 2)
    v = _random_direction(rng) * rng.uniform(0.3, 0.6)
    return x0 + v * t[:, None]


def _fall(rng, t):
    """Projectile under gravity: thrown up, it rises and falls (Fig. 2)."""
    duration = t[-1]
    g = rng.uniform(3.2, 3.6) / duration**2  # apex and landing stay in view
    x0, y0 = rng.uniform(0.2, 0.8), rng.uniform(0.55, 0.7)
    vx = rng.uniform(-0.2, 0.2)
    vy = -g * duration * rng.uniform(0.85, 1.0) / 2  # upwards (image y down)
    return np.stack([x0 + vx * t, y0 + vy * t + 0.5 * g * t**2], axis=1)


def _orbit(rng, t):
    """Uniform circular motion about a random centre."""
    centre = rng.uniform(0.35, 0.65, 2)
    radius = rng.uniform(0.15, 0.3)
    omega = rng.choice([-1, 1]) * rng.uniform(4.0, 7.0)
    phase = rng.uniform(0, 2 * np.pi)
    angle = phase + omega * t
    return centre + radius * np.stack([np.cos(angle), np.sin(angle)], axis=1)


def _spring(rng, t):
    """Harmonic oscillation along a random axis: x(t) = c + A sin(w t + p)."""
    centre = rng.uniform(0.35, 0.65, 2)
    amplitude = rng.uniform(0.15, 0.3)
    omega = rng.uniform(8.0, 12.0)
    phase = rng.uniform(0, 2 * np.pi)
    return centre + _random_direction(rng) * amplitude * np.sin(
        omega * t + phase)[:, None]


def _brake(rng, t):
    """Exponentially decaying speed: x(t) = x0 + v (1 - e^{-k t}) / k."""
    x0 = rng.uniform(0.2, 0.8, 2)
    v = _random_direction(rng) * rng.uniform(1.2, 1.8)
    k = rng.uniform(4.0, 6.0)
    return x0 + v * ((1 - np.exp(-k * t)) / k)[:, None]


def _random_direction(rng):
    angle = rng.uniform(0, 2 * np.pi)
    return np.array([np.cos(angle), np.sin(angle)])


#: The classes, in label order: name -> trajectory(rng, t) in [0, 1]^2 units.
LAWS_OF_MOTION: Dict[str, Callable] = {
    'drift': _drift,
    'fall': _fall,
    'orbit': _orbit,
    'spring': _spring,
    'brake': _brake,
}
SPLITS = ('train', 'val', 'test')


def _reflect(positions: np.ndarray) -> np.ndarray:
    """Keep the ball in the frame by reflecting off the walls."""
    folded = np.mod(positions, 2.0)
    return np.where(folded > 1, 2 - folded, folded)


#: Seconds of motion that a video's frames cover, whatever their number.
DURATION = 1.5


def render_video(rng: np.random.Generator, label: int, num_frames: int,
                 size: int, background_hue: float,
                 scene_rng: np.random.Generator = None) -> Tuple[np.ndarray, np.ndarray]:
    """Render one video of class ``label``.

    Args:
        rng (np.random.Generator): Draws the motion, then (without
            ``scene_rng``) the static scene.
        scene_rng (np.random.Generator, optional): Draws the static scene
            (background, blobs, ball size and colour) instead of ``rng``, so
            that videos given equal generators share their scene.

    Returns:
        tuple[ndarray]: The frames, ``(num_frames, size, size, 3)`` uint8 RGB,
        and the ball's mask in each, ``(num_frames, size, size)`` bool: every
        pixel the ball touches, its anti-aliased rim included.
    """
    law = list(LAWS_OF_MOTION.values())[label]
    t = np.linspace(0, DURATION, num_frames)
    positions = _reflect(law(rng, t))
    if scene_rng is None:
        scene_rng = rng

    # Static scene: a two-colour gradient of the given hue plus a few
    # static blobs, all fixed over time.
    hsv = np.zeros((size, size, 3), np.float32)
    ramp = np.linspace(0, 1, size, dtype=np.float32)
    angle = scene_rng.uniform(0, 2 * np.pi)
    gradient = (np.cos(angle) * ramp[None, :] + np.sin(angle) * ramp[:, None])
    gradient = (gradient - gradient.min()) / (np.ptp(gradient) + 1e-6)
    hsv[..., 0] = (background_hue + 0.08 * gradient) % 1.0 * 180
    hsv[..., 1] = scene_rng.uniform(0.4, 0.9) * 255
    hsv[..., 2] = (scene_rng.uniform(0.35, 0.6) + 0.25 * gradient) * 255
    background = cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB)
    for _ in range(scene_rng.integers(2, 5)):
        centre = tuple(int(c) for c in scene_rng.integers(0, size, 2))
        axes = tuple(int(a) for a in scene_rng.integers(size // 16 + 1, size // 6 + 2, 2))
        colour = tuple(int(c) for c in scene_rng.integers(0, 256, 3))
        cv2.ellipse(background, centre, axes, float(scene_rng.uniform(0, 180)), 0, 360,
                    colour, -1, cv2.LINE_AA)

    radius = max(2, int(round(size * scene_rng.uniform(0.05, 0.09))))
    colour = tuple(int(c) for c in scene_rng.integers(0, 256, 3))
    frames = np.empty((num_frames, size, size, 3), np.uint8)
    masks = np.zeros((num_frames, size, size), np.uint8)
    for i, (x, y) in enumerate(positions):
        frame = background.copy()
        centre = (int(round(x * (size - 1))), int(round(y * (size - 1))))
        cv2.circle(frame, centre, radius, colour, -1, cv2.LINE_AA)
        cv2.circle(masks[i], centre, radius, 255, -1, cv2.LINE_AA)
        frames[i] = frame
    return frames, masks > 0


#: What follows a video's path (extension included) to name its mask file.
MASK_SUFFIX = '.mask.npz'
# What generate_dataset was asked for, written beside the lists, so that a
# folder generated with other settings is not taken for the one wanted.
GENERATION_FILE = 'generation.json'


def write_mask(video_path: str, mask: np.ndarray) -> str:
    """Store a ``(T, H, W)`` bool mask beside its video; returns the file."""
    path = video_path + MASK_SUFFIX
    np.savez_compressed(path, mask=np.packbits(mask, axis=-1), shape=mask.shape)
    return path


def read_mask(video_path: str) -> np.ndarray:
    """The ``(T, H, W)`` bool mask stored beside a video by :func:`write_mask`."""
    path = video_path + MASK_SUFFIX
    try:
        with np.load(path) as data:
            shape = tuple(int(n) for n in data['shape'])
            packed = data['mask']
    except (OSError, KeyError, ValueError) as error:
        raise ValueError(f'{path}: not a mask file written by write_mask ({error})') \
            from error
    return np.unpackbits(packed, axis=-1, count=shape[-1]).astype(bool).reshape(shape)


def write_mp4(path: str, frames: np.ndarray, fps: int = 25) -> None:
    """Write RGB frames ``(T, H, W, 3)`` as an MPEG-4 mp4 file."""
    height, width = frames.shape[1:3]
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), fps,
                             (width, height))
    if not writer.isOpened():
        raise RuntimeError(f'OpenCV cannot write {path} (no mp4v encoder?)')
    for frame in frames:
        writer.write(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    writer.release()


def check_decodable(size: int, work_dir: str) -> None:
    """Fail early if decord cannot read back videos of this frame size.

    decord 0.6.0 misreads some sizes of OpenCV's MPEG-4 output (seen: 24 and
    48 pixels decode with 4 channels), which would corrupt every sample.
    """
    import decord

    probe = osp.join(work_dir, f'.probe_{size}.mp4')
    write_mp4(probe, np.zeros((2, size, size, 3), np.uint8))
    try:
        shape = decord.VideoReader(probe).get_batch([0, 1]).shape
    except Exception as error:  # decord raises its own DECORDError
        shape = f'an error ({error})'
    finally:
        os.remove(probe)
    if shape != (2, size, size, 3):
        raise ValueError(f'decord reads {size}x{size} mp4 frames back as {shape}; '
                         'choose another size (32, 64, 80, 96, 112 and 128 work)')


def generate_dataset(out_dir: str,
                     videos_per_class: Sequence[int] = (20, 5, 10),
                     num_frames: int = 32,
                     size: int = 64,
                     shortcut_prob: float = 0.8,
                     seed: int = 0,
                     progress: bool = False,
                     scene_pool: int = 0) -> Dict[str, str]:
    """Write the dataset's videos and list files under ``out_dir``.

    Args:
        out_dir (str): Output folder, created if needed.
        videos_per_class (Sequence[int]): Videos per class in the train, val
            and test splits. Defaults to (20, 5, 10).
        num_frames (int): Frames per video. Defaults to 32.
        size (int): Frame side in pixels. Defaults to 64.
        shortcut_prob (float): In the training split, the probability that a
            video's background hue is its class's own (the static shortcut);
            otherwise, and always in val/test, the hue is uniform.
            Defaults to 0.8.
        seed (int): Defaults to 0.
        progress (bool): Show a progress bar. Defaults to False.
        scene_pool (int): If positive, every video's static scene (background
            hue included) is one of this many, shared by all splits, so that
            a scene no longer identifies a video; scene k's hue is class
            ``k % 5``'s, and the shortcut picks one of the class's own scenes.
            0 (default): every video its own scene.

    Returns:
        dict: Split name -> path of its list file.
    """
    settings = generation_settings(videos_per_class=videos_per_class, num_frames=num_frames,
                                   size=size, shortcut_prob=shortcut_prob, seed=seed,
                                   scene_pool=scene_pool)
    if scene_pool and scene_pool < len(LAWS_OF_MOTION):
        raise ValueError(f'scene_pool must be 0 or at least {len(LAWS_OF_MOTION)} (one scene '
                         f'per class for the shortcut), got {scene_pool}')
    if len(videos_per_class) != len(SPLITS):
        raise ValueError('videos_per_class needs one count per split '
                         f'{SPLITS}, got {videos_per_class}')
    num_classes = len(LAWS_OF_MOTION)
    os.makedirs(out_dir, exist_ok=True)
    record = osp.join(out_dir, GENERATION_FILE)
    if osp.exists(record):  # the folder's old contents are being replaced
        os.remove(record)
    check_decodable(size, out_dir)
    jobs = [(split, label, index)
            for split, count in zip(SPLITS, videos_per_class)
            for label in range(num_classes) for index in range(count)]
    if progress:
        from tqdm import tqdm
        jobs = tqdm(jobs, desc='synthetic videos', unit='video')
    lines = {split: [] for split in SPLITS}
    for split, label, index in jobs:
        rng = np.random.default_rng([seed, SPLITS.index(split), label, index])
        shortcut = split == 'train' and rng.uniform() < shortcut_prob
        scene_rng = None
        if scene_pool:
            # The pool's scenes are drawn from a stream of their own, apart
            # from every video's (the [seed, split, ...] streams).
            own = np.arange(label, scene_pool, num_classes)
            scene = int(rng.choice(own) if shortcut else rng.integers(scene_pool))
            scene_rng = np.random.default_rng([seed, len(SPLITS), scene])
            hue = (scene % num_classes + scene_rng.uniform(0.1, 0.9)) / num_classes
        elif shortcut:
            hue = (label + rng.uniform(0.1, 0.9)) / num_classes
        else:
            hue = rng.uniform()
        frames, masks = render_video(rng, label, num_frames, size, hue, scene_rng)
        name = list(LAWS_OF_MOTION)[label]
        rel_path = osp.join('videos', split, f'{name}_{index:04d}.mp4')
        os.makedirs(osp.join(out_dir, 'videos', split), exist_ok=True)
        write_mp4(osp.join(out_dir, rel_path), frames)
        write_mask(osp.join(out_dir, rel_path), masks)
        lines[split].append(f'{rel_path} {label}')
    list_files = {}
    for split in SPLITS:
        list_files[split] = osp.join(out_dir, f'{split}_list.txt')
        with open(list_files[split], 'w') as f:
            f.write('\n'.join(lines[split]) + '\n')
    with open(osp.join(out_dir, 'classes.txt'), 'w') as f:
        f.write('\n'.join(LAWS_OF_MOTION) + '\n')
    # Last: a folder whose generation was interrupted has no record.
    with open(record, 'w') as f:
        json.dump(settings, f, indent=1)
    return list_files


def generation_settings(**settings) -> dict:
    """The settings :func:`generate_dataset` records in ``generation.json``:
    its arguments that decide the videos, those not given at its defaults."""
    bound = inspect.signature(generate_dataset).bind(None, **settings)
    bound.apply_defaults()
    recorded = {name: bound.arguments[name] for name in
                ('videos_per_class', 'num_frames', 'size', 'shortcut_prob', 'seed', 'scene_pool')}
    recorded['videos_per_class'] = [int(n) for n in recorded['videos_per_class']]
    return recorded


def generated_with(out_dir: str, **settings) -> bool:
    """Whether ``out_dir`` holds a finished dataset generated with these
    settings (:func:`generation_settings`' arguments; the rest default) and
    each split's last video with its mask."""
    record = osp.join(out_dir, GENERATION_FILE)
    if not osp.isfile(record):
        return False
    with open(record) as f:
        if json.load(f) != generation_settings(**settings):
            return False
    for split in SPLITS:
        with open(osp.join(out_dir, f'{split}_list.txt')) as f:
            lines = f.read().split()[::2]
        if lines and not osp.isfile(osp.join(out_dir, lines[-1]) + MASK_SUFFIX):
            return False
    return True
