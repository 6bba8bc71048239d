"""The beats of a rendered lesson: a slide per caption, each cut where the picture last stood still.

A lesson scene writes ``<Scene>.beats.json`` beside its movie (see
``LessonScene``): every caption with its words as spoken, every still
stretch (a wait) and every time the stage was cleared. :func:`beat_frames`
turns that into one span of frames per caption such that each span ends on
a still frame when there is one: after the caption appeared, at the end of
the last still before the stage is cleared or the next caption arrives
(so the clip does not end on an empty stage); where the picture never stood
still (a caption that arrives during a descent) at the next caption. The
first beat starts at frame 0 (the title), the last ends with the video.
No manim import: the ``slides`` command reads the record.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Beat", "BeatRecord", "BeatsError", "beat_frames", "beats", "read_beats", "write_beats"]


class BeatsError(ValueError):
    """The beats record beside a movie is missing or does not describe it (a one-line reason)."""


@dataclass(frozen=True)
class BeatRecord:
    """What a lesson scene writes beside its movie; times in seconds of video time.

    ``cues`` holds ``(start, text, spoken)`` for every caption in order,
    ``stills`` the ``(start, end)`` of every wait, ``clears`` the times the
    stage was cleared, ``sections`` the ``(name, start)`` of every chapter.
    """

    duration: float
    frame_rate: float
    cues: tuple[tuple[float, str, str], ...]
    stills: tuple[tuple[float, float], ...] = ()
    clears: tuple[float, ...] = ()
    sections: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Beat:
    """One slide: frames ``first`` to ``last`` (inclusive) of the video, its caption ``text``, the words
    ``spoken`` for it (the speaker notes) and the ``chapter`` it belongs to."""

    first: int
    last: int
    text: str
    spoken: str
    chapter: str

    @property
    def frames(self) -> int:
        return self.last - self.first + 1


def write_beats(path: os.PathLike | str, record: BeatRecord) -> None:
    """Write ``record`` as JSON to ``path`` (under a temporary name, then renamed: never half-written)."""
    data = {
        "duration": record.duration,
        "frame_rate": record.frame_rate,
        "cues": [{"start": start, "text": text, "spoken": spoken} for start, text, spoken in record.cues],
        "stills": [list(still) for still in record.stills],
        "clears": list(record.clears),
        "sections": [{"name": name, "start": start} for name, start in record.sections],
    }
    part = f"{os.fspath(path)}.part"
    with open(part, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
    os.replace(part, path)


def read_beats(path: os.PathLike | str) -> BeatRecord:
    """The record written by :func:`write_beats`; :class:`BeatsError` when it is missing or malformed."""
    name = os.path.basename(os.fspath(path))
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return BeatRecord(
            duration=float(data["duration"]),
            frame_rate=float(data["frame_rate"]),
            cues=tuple((float(cue["start"]), str(cue["text"]), str(cue["spoken"])) for cue in data["cues"]),
            stills=tuple((float(start), float(end)) for start, end in data["stills"]),
            clears=tuple(float(time) for time in data["clears"]),
            sections=tuple((str(section["name"]), float(section["start"])) for section in data["sections"]),
        )
    except FileNotFoundError:
        raise BeatsError(f"{name}: missing; the scene is not a lesson scene that records its beats") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BeatsError(f"{name}: not a beats record ({error})") from None


def beat_frames(
    cue_starts: Sequence[float],
    stills: Sequence[tuple[float, float]],
    clears: Sequence[float],
    duration: float,
    frame_rate: float,
) -> list[tuple[int, int]]:
    """The frames ``(first, last)`` of each caption's beat, inclusive, in order.

    Beat ``i`` ends (exclusive) at the end of the latest still that ends
    after caption ``i`` appears and no later than the first clearing of the
    stage after it or caption ``i + 1``'s start, whichever comes first; with
    no such still, at that time. Times become frames by rounding; a beat that
    would be shorter than one frame keeps one (the later beats move on).
    With no caption at all, the whole video is one beat.
    """
    total = max(1, round(duration * frame_rate))
    starts = sorted(cue_starts)
    cuts = []
    for here, following in zip(starts, starts[1:], strict=False):
        limit = min((time for time in clears if here < time <= following), default=following)
        ends = [end for _, end in stills if here < end <= limit + 1e-9]
        cuts.append(max(ends, default=limit))
    edges = [0]
    for cut in cuts:
        edge = round(cut * frame_rate)
        if edges[-1] < edge < total:  # a beat shorter than a frame joins the next one
            edges.append(edge)
    edges.append(total)
    return [(first, nxt - 1) for first, nxt in zip(edges, edges[1:], strict=False)]


def beats(record: BeatRecord) -> list[Beat]:
    """The slides of a recorded lesson: :func:`beat_frames` with each caption's words and chapter.

    Two captions that fall on the same frame share one beat (their words joined).
    """
    cues = sorted(record.cues, key=lambda cue: cue[0])
    spans = beat_frames([cue[0] for cue in cues], record.stills, record.clears, record.duration, record.frame_rate)
    if not cues:
        chapter = record.sections[0][0] if record.sections else ""
        return [Beat(first, last, "", "", chapter) for first, last in spans]
    owned: list[list[tuple[float, str, str]]] = [[] for _ in spans]
    for cue in cues:  # each caption to the beat its first frame falls in
        frame = _frame(cue[0], record.frame_rate)
        owned[max(i for i, (first, _) in enumerate(spans) if first <= frame or i == 0)].append(cue)
    result = []
    for (first, last), inside in zip(spans, owned, strict=True):
        time = inside[0][0] if inside else first / record.frame_rate
        chapter = max((s for s in record.sections if s[1] <= time + 1e-9), key=lambda s: s[1], default=("", 0.0))
        text = " ".join(cue[1] for cue in inside)
        spoken = " ".join(cue[2] for cue in inside)
        result.append(Beat(first, last, text, spoken, chapter[0]))
    return result


def _frame(time: float, frame_rate: float) -> int:
    return max(0, math.floor(time * frame_rate + 0.5))
