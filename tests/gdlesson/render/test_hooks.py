"""Every reach into manim's internals is checked against the installed manim, and a change is reported loudly."""

import pytest
from manim.renderer.cairo_renderer import CairoRenderer

from gdlesson.render import hooks
from gdlesson.render.hooks import HOOKS, ManimChanged, broken_hooks, require_hooks


@pytest.mark.parametrize("hook", HOOKS, ids=lambda hook: hook.name[:60])
def test_the_installed_manim_does_what_each_hook_relies_on(hook):
    assert hook.check(), f"{hook.name} (used by {hook.used_by})"


def test_a_changed_manim_is_named_in_one_loud_error(monkeypatch):
    def play(self, scene, *args, **kwargs):  # a manim whose play no longer resets skipping
        return None

    monkeypatch.setattr(CairoRenderer, "play", play)
    names = [hook.name for hook in broken_hooks()]
    assert any("_original_skipping_status" in name for name in names)
    assert any("uncached_" in name for name in names)
    require_hooks.cache_clear()
    try:
        with pytest.raises(ManimChanged, match="no longer does what gdlesson.render relies on.*RenderScene.play"):
            require_hooks()
    finally:
        require_hooks.cache_clear()


def test_a_check_that_raises_counts_as_broken(monkeypatch):
    def vanished():
        raise AttributeError("renamed")

    monkeypatch.setattr(hooks, "HOOKS", (hooks.Hook("gone", "nobody", vanished),))
    assert [hook.name for hook in broken_hooks()] == ["gone"]


def test_every_private_manim_name_used_in_gdlesson_is_in_the_render_package():
    """Private manim state (``renderer._...``, ``file_writer``, camera overrides) is touched only in gdlesson/render."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    needles = (
        "_original_skipping_status",
        "save_static_frame_data",
        "static_image",
        "set_cairo_context_path",
        "renderer.time",
        "file_writer",
        "uncached_",
        "updating_suspended",
        "interpolate_mobject",
    )
    outside = [
        f"{path.relative_to(root)}: {needle}"
        for folder in ("gdlesson", "scenes")
        for path in (root / folder).rglob("*.py")
        if path.parent != root / "gdlesson" / "render"
        for needle in needles
        if needle in path.read_text(encoding="utf-8")
    ]
    assert outside == []
