"""Words a minute of the built-in voice, line by line, measured on the synthesized WAV files.

    PYTHONPATH=$PWD python benchmarks/voice_pace.py SCRIPT.json [--voice piper] [--speed 1.0]

SCRIPT.json is a ``narration.json`` written by ``gdlesson narration --out DIR``. Each line's spoken words
(its ``spoken`` field, else its ``text``) are synthesized through the speech cache (``media/voices``); the
speech span is measured with ffmpeg's silencedetect (-40 dB, 0.05 s): from the first sound to the last.
Prints every line's pace, then the median, the range and how many lines fall outside 140-160.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
from pathlib import Path

from gdlesson.voice.narrator import narrator_for
from gdlesson.voice.spoken import Line
from gdlesson.voice.spoken import word_count as words


def speech_span(path: Path, *, noise_db: float = -40.0, min_silence: float = 0.05) -> float:
    """Seconds from the first sound to the last in the WAV ``path`` (ffmpeg's silencedetect)."""
    command = ["ffmpeg", "-nostdin", "-nostats", "-i", str(path), "-af"]
    command += [f"silencedetect=noise={noise_db}dB:d={min_silence}", "-f", "null", "-"]
    log = subprocess.run(command, capture_output=True, text=True, check=True).stderr
    probe = ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)]
    total = float(subprocess.run(probe, capture_output=True, text=True, check=True).stdout)
    starts = [float(v) for v in re.findall(r"silence_start: (-?[\d.]+)", log)]
    ends = [float(v) for v in re.findall(r"silence_end: ([\d.]+)", log)]
    first = ends[0] if starts and starts[0] <= 0.01 else 0.0
    last = starts[-1] if starts and (len(ends) < len(starts) or ends[-1] >= total - 0.01) else total
    return last - first


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("script", type=Path)
    parser.add_argument("--voice", default="piper")
    parser.add_argument("--speed", type=float, default=1.0)
    args = parser.parse_args()
    narrator = narrator_for(args.voice, Path("media") / "voices", speed=args.speed)
    paces = []
    for line in json.loads(args.script.read_text()):
        spoken = line.get("spoken") or line["text"]
        clip = narrator.clip(Line(line["text"], spoken))
        span = speech_span(clip.path)
        pace = words(spoken) / span * 60
        paces.append(pace)
        print(f"{pace:6.1f} wpm  {span:5.2f} s  {spoken}")
    outside = sum(not 140 <= pace <= 160 for pace in paces)
    print(
        f"lines {len(paces)}  median {statistics.median(paces):.1f} wpm  range {min(paces):.1f}-{max(paces):.1f}  "
        f"outside 140-160: {outside}"
    )


if __name__ == "__main__":
    main()
