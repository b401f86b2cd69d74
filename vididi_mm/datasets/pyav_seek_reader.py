"""Frames of a video by index with PyAV, exactly the frames a sequential
decode returns, seeking to a key frame only where the stream says which frame
comes out of it."""
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
#: Containers that store each frame's presentation time (FFmpeg's demuxer
#: names). Others, AVI first, store a decode-order count: there a frame's time
#: stamp is the decoder's guess, wrong for UCF101's packed B-frames.
PRESENTATION_STAMPED = ('mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm')
#: MPEG-4 Part 2's VOP start code; the two bits after it are the frame type.
VOP_START, B_VOP = b'\x00\x00\x01\xb6', 2


def to_rgb(frame) -> np.ndarray:
    """An ``(H, W, 3)`` uint8 RGB array of one decoded frame.

    Standard-definition MPEG-4 and H.264 are mostly 4:2:0 BT.601 on limited
    range, or do not say, which FFmpeg takes as that; for them OpenCV's SIMD
    conversion of the YUV planes is about 8x cheaper than FFmpeg's swscale
    (0.04 against 0.34 ms for a 200x150 frame on one core), and gives the same
    colours up to the rounding of the two fixed-point implementations (at most
    a few levels: docs/performance.md). Anything else goes through PyAV's own
    conversion.
    """
    if (frame.format.name == 'yuv420p' and frame.colorspace in BT601_COLORSPACES
            and frame.color_range != FULL_RANGE
            and frame.width % 2 == 0 and frame.height % 2 == 0):
        return cv2.cvtColor(frame.to_ndarray(format='yuv420p'), cv2.COLOR_YUV2RGB_I420)
    return frame.to_ndarray(format='rgb24')


def has_b_vops(payloads: Sequence[bytes]) -> bool:
    """Whether an MPEG-4 Part 2 stream holds a B-frame (a VOP whose coding
    type is 2), packed two to a chunk or not."""
    for data in payloads:
        start = data.find(VOP_START)
        while 0 <= start < len(data) - 4:
            if data[start + 4] >> 6 == B_VOP:
                return True
            start = data.find(VOP_START, start + 4)
    return False


class PyAVSeekReader:
    """One video's frames by index: frame ``i`` is the ``i``-th frame that a
    plain sequential decode of the file returns.

    Opening demuxes the video stream's packets (no decoding). How a frame is
    found depends on what the container says about it:

    - **Presentation time stamps** (MP4, MOV, MKV, WebM): frame ``i`` is the
      frame with the ``i``-th smallest time stamp at or after the first key
      frame (FFmpeg's decoders drop what comes before it); reading seeks to
      the key frame before each run of wanted frames. Every frame that comes
      out after a seek is checked against the time stamp it should carry; on
      a mismatch the reader falls back to counting.
    - **Counting** (AVI and every other container): frame ``i`` is the
      ``i``-th frame out of the decoder. AVI stores one chunk per frame slot
      in decode order, and XviD's packed B-frames (a P and a B frame in one
      chunk, then a placeholder) make the decoder's time stamps wrong, so only
      the count can be trusted. Reading seeks over a gap only in a stream with
      no B-frames, where each chunk is the frame at its position; otherwise it
      decodes from the start (XviD puts a key frame at most every 300
      frames, so in UCF101's clips a seek would rarely skip anything).

    A reader cannot loop: every read decodes at most the file's packets once
    more than its frame count.

    Args:
        source (str | bytes): A path, or the video's bytes.
        name (str): The video's name in error messages (defaults to
            ``source`` when it is a path).

    Raises:
        RuntimeError: The video cannot be opened, has no video stream or no
            frames, or holds fewer frames than its header lists; the message
            names it.
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
            # The demuxer ends with a flush packet (no time stamp, no data);
            # AVI's dropped frames are empty packets, which decode to nothing.
            packets = [packet for packet in self.container.demux(self.stream)
                       if packet.size]
            declared = self.stream.frames  # from the header; 0 where it does not say
            if declared and len(packets) < declared:
                # A download cut short after its header: say so rather than
                # train on its first part.
                raise RuntimeError(f'{self.name} is truncated: its header lists {declared} '
                                   f'frames, the file holds {len(packets)}')
            if not packets:
                raise RuntimeError(f'{self.name} has no frames')
            self._index(packets)
        except av.error.FFmpegError as error:
            self.close()
            raise RuntimeError(f'cannot read {self.name}: {error}') from error
        except RuntimeError:
            self.close()
            raise
        #: Frames decoded so far, wanted or not: what reading has cost.
        self.frames_decoded = 0

    def _index(self, packets: list) -> None:
        """Where each frame is and which key frames can be sought to."""
        stamps = [packet.pts for packet in packets]
        if (self.container.format.name in PRESENTATION_STAMPED and None not in stamps
                and len(set(stamps)) == len(stamps)
                and any(packet.is_keyframe for packet in packets)):
            first_key = min(p.pts for p in packets if p.is_keyframe)
            self.counting = False
            self.pts = sorted(pts for pts in stamps if pts >= first_key)
            keys = {p.pts for p in packets if p.is_keyframe}
            key_flags = [pts in keys for pts in self.pts]
            self.num_frames = len(self.pts)
        else:
            self.counting = True
            self.pts = stamps  # decode order: a chunk's position is its frame's
            self.num_frames = len(packets)
            seekable = (self.stream.codec_context.name == 'mpeg4'
                        and None not in stamps and stamps == sorted(stamps)
                        and not has_b_vops(bytes(packet) for packet in packets))
            key_flags = [packet.is_keyframe and seekable for packet in packets]
        # key_before[i]: the last key frame at or before frame i that reading
        # may seek to (0 when none: decode from the start).
        self.key_before = np.maximum.accumulate(
            np.where(key_flags, np.arange(len(key_flags)), 0))

    def __len__(self) -> int:
        return self.num_frames

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
        try:
            try:
                frames = self._read(wanted)
            except _StampMismatch:
                # The stamps do not say which frame comes out: count instead.
                self.counting, self.key_before[:] = True, 0
                frames = self._read(wanted)
        except av.error.FFmpegError as error:
            raise RuntimeError(f'cannot decode {self.name}: {error}') from error
        return [frames[i] for i in indices]

    def _read(self, wanted: List[int]) -> dict:
        """``{index: frame}`` for the sorted indices ``wanted``."""
        frames, decoded, position, wanted_set = {}, None, -1, set(wanted)
        for target in wanted:
            if target in frames:
                continue
            key = int(self.key_before[target])
            if decoded is None or key > position + 1:
                # A fresh decode from the key frame: `position` is the frame
                # that came out last.
                if key or not self.counting:
                    self.container.seek(self.pts[key], stream=self.stream, backward=True,
                                        any_frame=False)
                else:  # from the first packet, whatever it is
                    self.container.seek(0, backward=True, any_frame=True)
                decoded, position = self.container.decode(self.stream), key - 1
            for frame in decoded:
                self.frames_decoded += 1
                if self.counting:
                    position += 1
                    if key and position == key and frame.pts != self.pts[key]:
                        raise _StampMismatch()
                elif frame.pts is not None and frame.pts < self.pts[key]:
                    continue  # a leading frame of an open GOP, before the key frame
                elif position + 1 >= len(self.pts) or frame.pts != self.pts[position + 1]:
                    raise _StampMismatch()  # a missing or unexpected stamp
                else:
                    position += 1
                if position in wanted_set and position not in frames:
                    frames[position] = to_rgb(frame)
                if position >= target:
                    break
            if target not in frames:
                raise RuntimeError(f'{self.name}: the decoder gave {position + 1} frames, '
                                   f'not frame {target} of the {len(self)} its packets hold')
        return frames

    def close(self) -> None:
        self.container.close()


class _StampMismatch(Exception):
    """A frame came out of the decoder with another time stamp than the
    index expects there."""
