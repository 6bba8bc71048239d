"""Fades that only change opacity: no copies of the mobject, so big groups and text fade cheaply.

Manim's FadeIn/FadeOut are transforms: they deep-copy the mobject (slow for
Text) and interpolate every point every frame. These change the alpha of
the colours already there, which is all a fade needs.
"""

from __future__ import annotations

import numpy as np
from manim import Animation, Mobject, VMobject, smooth

__all__ = ["Appear", "Vanish", "fixed_timing"]

_CHANNELS = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")


class _OpacityFade(Animation):
    def __init__(
        self, mobject: Mobject, *, appearing: bool, within: tuple[float, float] | None = None, **kwargs
    ) -> None:
        super().__init__(mobject, introducer=appearing, remover=not appearing, **kwargs)
        self.appearing, self.within = appearing, within
        self._alphas: list[tuple[VMobject, str, np.ndarray]] = []

    def begin(self) -> None:
        # No starting copy: the original alphas are all the state a fade needs.
        self._alphas = [
            (member, channel, getattr(member, channel)[:, 3].copy())
            for member in self.mobject.family_members_with_points()
            if isinstance(member, VMobject)
            for channel in _CHANNELS
            if len(getattr(member, channel, ()))
        ]
        self.interpolate(0)

    def interpolate_mobject(self, alpha: float) -> None:
        # manim applies the rate function here, not in interpolate()
        alpha = self.rate_func(alpha) if self.within is None else fixed_timing(alpha, self.run_time, self.within)
        visible = alpha if self.appearing else 1.0 - alpha
        for member, channel, original in self._alphas:
            getattr(member, channel)[:, 3] = original * visible

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        if not self.appearing:  # removed, but whole again if it is added back later
            for member, channel, original in self._alphas:
                getattr(member, channel)[:, 3] = original


def fixed_timing(alpha: float, run_time: float, within: tuple[float, float]) -> float:
    """How far a fade is at ``alpha`` of an animation of ``run_time`` seconds when it happens ``within``
    (from, to) seconds of it, eased by ``smooth``; a shorter animation fits the whole span into its length."""
    start, end = within
    scale = min(1.0, run_time / end) if end > 0 else 1.0
    seconds = alpha * run_time
    if seconds <= start * scale:
        return 0.0
    if seconds >= end * scale:
        return 1.0
    return smooth((seconds - start * scale) / ((end - start) * scale))


class Appear(_OpacityFade):
    """Fade a mobject in (adding it to the scene) by raising its opacity.

    With ``within=(from, to)`` the fade happens in those seconds of the
    animation whatever rate function ``play()`` passes (captions use it, so a
    caller's ``rate_func`` cannot make two captions show at once).
    """

    def __init__(self, mobject: Mobject, **kwargs) -> None:
        super().__init__(mobject, appearing=True, **kwargs)


class Vanish(_OpacityFade):
    """Fade a mobject out (removing it from the scene) by lowering its opacity (``within`` as for :class:`Appear`)."""

    def __init__(self, mobject: Mobject, **kwargs) -> None:
        super().__init__(mobject, appearing=False, **kwargs)
