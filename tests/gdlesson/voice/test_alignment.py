"""The audio says the script: pocketsphinx (its English model ships in the wheel, offline) force-aligns each
synthesized line to its spoken words, and finds no alignment for a wrong script."""

import re
from pathlib import Path

import pytest
from sound_checks import ALIGNED, PIPER, aligned_words

from gdlesson.voice.audio import decode, seconds
from gdlesson.voice.spoken import spoken_form

pytest.importorskip("pocketsphinx")
pytest.importorskip("piper")


@pytest.fixture(scope="module")
def clips(piper_clips):
    """(spoken words, clip) of each line of :data:`sound_checks.ALIGNED`."""
    return [(spoken_form(line), piper_clips[line].path) for line in ALIGNED]


@PIPER
def test_each_line_aligns_to_its_spoken_words_in_order(clips):
    for words, path in clips:
        found = aligned_words(Path(path), words)
        assert found is not None, words
        said = [word for word, _, _ in found]
        assert said == re.findall(r"[a-z']+", words.lower())
        starts = [start for _, start, _ in found]
        assert starts == sorted(starts)
        # The words cover the clip: from its lead-in to its end.
        assert found[0][1] <= 0.3 and found[-1][2] >= seconds(decode(path)) - 0.3


@PIPER
def test_a_wrong_script_does_not_align(clips):
    (words, path), (other, other_path), (third, _) = clips
    assert aligned_words(Path(path), other) is None  # another line
    assert aligned_words(Path(other_path), third) is None
    assert aligned_words(Path(other_path), words) is None
    # The caption read symbol by symbol is not what was said.
    assert aligned_words(Path(path), "The dashed lines are the best fit W asterisk equals one point nine seven") is None
