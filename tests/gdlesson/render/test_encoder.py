"""FrameOnceEncoder writes the same video as manim's segment encoder, to the bit, stills included."""

import configparser
from fractions import Fraction

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from gdlesson.cli.catalog import PROJECT_ROOT
from gdlesson.render.encoder import FrameOnceEncoder


def project_options() -> tuple[tuple[str, str], ...]:
    """The x264 options of the project's manim.cfg, as every render uses them."""
    parser = configparser.ConfigParser()
    parser.read(PROJECT_ROOT / "manim.cfg", encoding="utf-8")
    return tuple(sorted(parser.items("video_encoder.options")))


SPEC = VideoEncoderSpec("mp4", "libx264", "yuv420p", 320, 180, Fraction(60), project_options())


def frames() -> list[tuple[np.ndarray, int]]:
    """A moving gradient with a sharp edge (chroma subsampling shows), some frames repeated as stills."""
    y, x = np.mgrid[0:180, 0:320]
    shown = []
    for step, repeat in enumerate([1, 1, 5, 1, 3, 1, 12, 1]):
        rgba = np.zeros((180, 320, 4), np.uint8)
        rgba[..., 0] = (x * 255 // 319 + 9 * step) % 256
        rgba[..., 1] = (y * 255 // 179) ^ (x > 40 + 25 * step) * 200
        rgba[..., 2] = 90 + 20 * step
        rgba[..., 3] = 255
        shown.append((rgba, repeat))
    return shown


def encode(encoder_class, target, *, converted_first: bool = False) -> tuple[list[bytes], list[np.ndarray]]:
    """The video ``encoder_class`` writes of :func:`frames`; ``converted_first``: each frame converted by
    :meth:`FrameOnceEncoder.convert` before it is written, as LessonFileWriter does in the drawing thread."""
    encoder = encoder_class(target=target, spec=SPEC)
    for rgba, repeat in frames():
        frame = encoder.convert(rgba.copy(), repeat) if converted_first else rgba.copy()
        encoder.write_frame(frame, repeat=repeat)
    encoder.finish()
    with av.open(str(target)) as video:
        packets = [bytes(packet) for packet in video.demux(video=0) if packet.size]
    with av.open(str(target)) as video:
        pictures = [frame.to_ndarray(format="yuv420p") for frame in video.decode(video=0)]
    return packets, pictures


@pytest.mark.parametrize("converted_first", [False, True], ids=["rgba", "converted by the writer"])
def test_the_same_video_as_manims_encoder_to_the_bit(tmp_path, converted_first):
    packets, pictures = encode(FrameOnceEncoder, tmp_path / "ours.mp4", converted_first=converted_first)
    manims_packets, manims_pictures = encode(VideoSegmentEncoder, tmp_path / "manims.mp4")
    assert len(pictures) == sum(repeat for _, repeat in frames()) == 25
    assert packets == manims_packets
    assert all(np.array_equal(a, b) for a, b in zip(pictures, manims_pictures, strict=True))
    assert not np.array_equal(pictures[0], pictures[-1])  # the frames differ, so the comparison can fail


def test_a_bad_frame_is_refused_as_manims_encoder_refuses_it(tmp_path):
    encoder = FrameOnceEncoder(target=tmp_path / "bad.mp4", spec=SPEC)
    with pytest.raises(ValueError, match="shape"):
        encoder.write_frame(np.zeros((10, 10, 4), np.uint8))
    with pytest.raises(ValueError, match="repeat"):
        encoder.write_frame(np.zeros((180, 320, 4), np.uint8), repeat=0)
    encoder.abort()
    assert not (tmp_path / "bad.mp4").exists()
