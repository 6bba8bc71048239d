"""The lesson without pictures: its settings, the run derived from them, and what captions may claim.

No manim import. Settings (:mod:`.settings`) are read and checked once into a
frozen value; :class:`~.run.LessonRun` derives the data, the bowl and the
trajectory from them; :mod:`.handoff` carries them to manim processes.
"""

from .run import LessonRun, report
from .settings import PRESETS, LessonError, Settings, load_settings

__all__ = ["PRESETS", "LessonError", "LessonRun", "Settings", "load_settings", "report"]
