"""Scenes built once per test session and shared by every test that looks at the same scene on the same lesson.

Constructing a scene (every animation skipped, see :func:`scene_checks.construct_only`) is most of the suite's
time. :func:`shared` builds a scene the first time a test of this process asks for its key and hands the same
scene to every later ask. pytest-xdist runs each worker as a session of its own, so a build asked for in two
workers is made twice: :func:`group` is the pytest-xdist group that sends every test using one key to one
worker. Mark those tests with it (a module's ``pytestmark``, or one parameter's ``marks``) and ask for the scene
in a fixture::

    from builds import group, shared

    KEY = "descent, built-in lesson"
    pytestmark = group(KEY)

    @pytest.fixture
    def probe(tmp_path_factory):
        return shared(KEY, DescentProbe, tmp_path_factory)

Every user of a key asks with the same scene class (a probe recording everything its users look at, like
:class:`scene_probes.DescentProbe`): the first ask builds it, and :func:`shared` refuses another class for the key.
A test may read a shared scene but must not change it.
"""

from __future__ import annotations

import pytest
from scene_checks import construct_only

__all__ = ["group", "shared"]

_BUILT: dict[str, tuple[type, object]] = {}


def group(key: str) -> pytest.MarkDecorator:
    """The pytest-xdist group of every test using the shared build ``key`` (one worker builds it, once)."""
    return pytest.mark.xdist_group(f"build: {key}")


def shared(key: str, scene_class: type, tmp_path_factory: pytest.TempPathFactory):
    """``scene_class`` constructed without drawing, once per session for ``key`` (see the module docstring)."""
    if key not in _BUILT:
        _BUILT[key] = (scene_class, construct_only(scene_class, tmp_path_factory.mktemp("media")))
    built_class, scene = _BUILT[key]
    assert built_class is scene_class, f"{key!r} is built as {built_class.__qualname__}, not {scene_class.__qualname__}"
    return scene
