"""LessonFileWriter: manim's file writer, handing each frame to the encoder without two slow copies.

Manim's segment encoder wraps every frame with ``VideoFrame.from_ndarray``,
which copies the 8 MB of a 1080p frame (about 15 ms here, more than x264
spends encoding it), and converts it to the codec's pixel format once per
repeat of a still frame. :class:`FrameOnceEncoder` wraps the array itself
(``from_numpy_buffer``; the writer owns the array, as manim's contract
says) and converts a repeated frame once: the same conversion of the same
pixels, so the video is the same to the bit. :class:`LessonFileWriter`
converts each frame in the drawing thread: encoding is the slower stage
of the two (the drawing thread waited on it for 15 of 39 s at 1080p60),
so the encoder's thread only encodes.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

__all__ = ["FrameOnceEncoder", "LessonFileWriter"]


class FrameOnceEncoder(VideoSegmentEncoder):
    """Manim's segment encoder, wrapping the frame's own array and converting a repeated frame once."""

    def convert(self, pixels, repeat: int = 1) -> av.VideoFrame:
        """An RGBA frame checked as manim checks it, wrapped without a copy and converted to the codec's format."""
        self._validate_frame(pixels, repeat)
        try:
            return av.VideoFrame.from_numpy_buffer(pixels, format="rgba").reformat(format=self.spec.pixel_format)
        except BaseException as error:
            raise self._operation_error("convert", error) from error

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        """Encode an RGBA frame, or one :meth:`convert` made, ``repeat`` times."""
        frame = pixels if isinstance(pixels, av.VideoFrame) else self.convert(pixels, repeat)
        time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
        try:
            for _ in range(repeat):
                frame.pts = self._next_pts
                frame.time_base = time_base
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error


class LessonFileWriter(SceneFileWriter):
    """Manim's file writer, encoding each animation's segment with :class:`FrameOnceEncoder`, each frame converted
    in the drawing thread."""

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        job = self._current_encode_job
        if job is not None and not job.failed and not self.output_spec.is_image_sequence:
            pixels = job.encoder.convert(pixels, repeat)
        super().write_frame(pixels, repeat=repeat)

    def _create_segment_encoder(self, target: Path) -> VideoSegmentEncoder:
        if self.video_encoder is None:
            raise RuntimeError("Video segment encoding requires resolved settings.")
        return FrameOnceEncoder(target=target, spec=self.video_encoder)
