"""Frames of a video by index with PyAV: seek to the key frame before each run
of wanted frames, decode forward, convert only the wanted frames."""
import io
from typing import List, Sequence, Union

import cv2
import numpy as np

#: Colour spaces whose YUV -> RGB conversion is ITU-R BT.601 on limited range,
#: what FFmpeg uses when a stream does not say (AVCOL_SPC_UNSPECIFIED = 2,
#: BT470BG = 5, SMPTE170M = 6): OpenCV's I420 conversion computes exactly that.
BT601_COLORSPACES = (2, 5, 6)
#: AVCOL_RANGE_JPEG: full-range YUV (MJPEG), which OpenCV's I420 does not take.
FULL_RANGE = 2


def to_rgb(frame) -> np.ndarray:
    """An ``(H, W, 3)`` uint8 RGB array of one decoded frame.

    Standard-definition MPEG-4 and H.264 are mostly 4:2:0 BT.601 on limited
    range, or do not say, which FFmpeg takes as that; for them OpenCV's SIMD
    conversion of the YUV planes is about 8x cheaper
    than FFmpeg's swscale (0.04 against 0.34 ms for a 200x150 frame on one
    core), and gives the same colours up to the rounding of the two fixed-point
    implementations (README "Performance"). Anything else goes through PyAV's
    own conversion, which is what decord does for every frame.
    """
    if (frame.format.name == 'yuv420p' and frame.colorspace in BT601_COLORSPACES
            and frame.color_range != FULL_RANGE
            and frame.width % 2 == 0 and frame.height % 2 == 0):
        return cv2.cvtColor(frame.to_ndarray(format='yuv420p'), cv2.COLOR_YUV2RGB_I420)
    return frame.to_ndarray(format='rgb24')


class PyAVSeekReader:
    """One video's frames by index, the way decord's ``get_batch`` serves them.

    Opening demuxes every packet of the video stream (no decoding) to index
    the frames by presentation time and to find the key frames, so that frame
    ``i`` is the ``i``-th frame shown, whatever the container's time stamps
    (offsets, B-frames, variable frame rate). Reading a sorted set of frames
    decodes each run of them once, from the key frame before it; a run that
    starts after a later key frame seeks there instead of decoding the frames
    in between, which is what makes two clips of a long video cheap.

    Args:
        source (str | bytes): A path, or the video's bytes.
        name (str): The video's name in error messages (defaults to
            ``source`` when it is a path).

    Raises:
        RuntimeError: The video cannot be opened, has no video stream or no
            frames; the message names it.
    """

    def __init__(self, source: Union[str, bytes], name: str = None) -> None:
        import av
        self.name = name or (source if isinstance(source, str) else '<bytes>')
        try:
            self.container = av.open(io.BytesIO(source) if isinstance(source, bytes)
                                     else source)
        except av.error.FFmpegError as error:
            raise RuntimeError(f'cannot open {self.name}: {error}') from error
        try:
            if not self.container.streams.video:
                raise RuntimeError(f'{self.name} has no video stream')
            self.stream = self.container.streams.video[0]
            self.stream.thread_type = 'NONE'  # one core per data worker
            # The demuxer ends with a flush packet (no time stamp); AVI's
            # dropped frames are empty packets, which decode to nothing.
            stamped = [packet for packet in self.container.demux(self.stream)
                       if packet.pts is not None]
            packets = [(packet.pts, packet.is_keyframe) for packet in stamped if packet.size]
            declared = self.stream.frames  # from the header; 0 where it does not say
            if declared and len(stamped) < declared:
                # A download cut short after its header: say so rather than
                # train on its first part.
                raise RuntimeError(f'{self.name} is truncated: its header lists {declared} '
                                   f'frames, the file holds {len(stamped)}')
        except av.error.FFmpegError as error:
            self.close()
            raise RuntimeError(f'cannot read {self.name}: {error}') from error
        except RuntimeError:
            self.close()
            raise
        if not packets:
            self.close()
            raise RuntimeError(f'{self.name} has no frames')
        packets.sort()
        self.pts = [pts for pts, _ in packets]
        self.index_of = {pts: i for i, pts in enumerate(self.pts)}
        # key_before[i]: the last key frame at or before frame i (0 when none,
        # where decoding from the start is all there is).
        self.key_before = np.maximum.accumulate(
            np.where([key for _, key in packets], np.arange(len(packets)), 0))
        #: Frames decoded so far, wanted or not: what reading has cost.
        self.frames_decoded = 0

    def __len__(self) -> int:
        return len(self.pts)

    def get_batch(self, indices: Sequence[int]) -> List[np.ndarray]:
        """The frames at ``indices`` (any order, repeats allowed), RGB uint8.

        Raises:
            IndexError: An index is outside the video.
            RuntimeError: The decoder does not deliver a frame (a corrupt or
                truncated stream); the message names the video and frame.
        """
        import av
        indices = [int(i) for i in indices]
        wanted = sorted(set(indices))
        if wanted and (wanted[0] < 0 or wanted[-1] >= len(self)):
            raise IndexError(f'{self.name}: frame {wanted[-1] if wanted[0] >= 0 else wanted[0]}'
                             f' is outside its {len(self)} frames')
        wanted_set, frames, position, decoded = set(wanted), {}, -1, None
        try:
            for target in wanted:
                if target in frames:
                    continue
                if decoded is None or self.key_before[target] > position + 1:
                    self.container.seek(self.pts[self.key_before[target]], stream=self.stream,
                                        backward=True, any_frame=False)
                    decoded = self.container.decode(self.stream)
                for frame in decoded:
                    self.frames_decoded += 1
                    index = self.index_of.get(frame.pts)
                    if index is None:
                        continue
                    position = max(position, index)
                    if index in wanted_set and index not in frames:
                        frames[index] = to_rgb(frame)
                    if index >= target:
                        break
                if target not in frames:
                    raise RuntimeError(f'{self.name}: the decoder gave no frame {target} '
                                       f'of {len(self)}')
        except av.error.FFmpegError as error:
            raise RuntimeError(f'cannot decode {self.name}: {error}') from error
        return [frames[i] for i in indices]

    def close(self) -> None:
        self.container.close()

