"""piper's clips, synthesized once for every test that needs the neural voice (the mix's loudness, the alignment of
words to the script): the tests using :func:`piper_clips` are marked :data:`sound_checks.PIPER`, so one worker
makes them, once."""

import pytest
from sound_checks import PIPER_LINES

from gdlesson.voice.narrator import narrator_for


@pytest.fixture(scope="session")
def piper_clips(tmp_path_factory) -> dict:
    """The clip of each of :data:`sound_checks.PIPER_LINES` by its text, spoken by the default voice."""
    pytest.importorskip("piper")
    narrator = narrator_for("piper", tmp_path_factory.mktemp("voices"))
    return {line: narrator.clip(line) for line in PIPER_LINES}
