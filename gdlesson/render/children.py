"""Child processes that never outlive the command that started them, and signals that stop it cleanly.

Every manim and ffmpeg process the command starts runs :func:`die_with_parent`
first: on Linux the kernel sends it SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``), so even a SIGKILLed ``gdlesson render`` leaves
no renderer behind. :func:`stop_on_signals` turns SIGTERM and SIGHUP into a
:class:`Stopped` exception, like Ctrl-C's KeyboardInterrupt, so the code that
kills children and removes temporary folders (``finally`` blocks,
``subprocess.run``, ``TemporaryDirectory``) runs for them too. No manim import.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

__all__ = ["STOP_SIGNALS", "Stopped", "die_with_parent", "run_child", "start_child", "stop_children", "stop_on_signals"]

PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>: the signal a process gets when its parent thread exits."""

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that stop the command like Ctrl-C does (SIGINT already raises KeyboardInterrupt)."""

try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux: children are still stopped by the signal handlers
    _prctl = None


class Stopped(KeyboardInterrupt):
    """The command was asked to stop by a signal; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def die_with_parent() -> Callable[[], None]:
    """A ``preexec_fn`` that makes the child get SIGKILL when this process dies.

    Made before the fork, so the child only calls ``prctl``; a child whose
    parent died before that call exits at once instead of running orphaned.
    """
    parent = os.getpid()

    def arrange() -> None:
        if _prctl is not None:
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return arrange


def start_child(command: Sequence[str], **kwargs) -> subprocess.Popen:
    """``subprocess.Popen`` of a child that dies with this process."""
    return subprocess.Popen(command, preexec_fn=die_with_parent(), **kwargs)


def run_child(command: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
    """``subprocess.run`` of a child that dies with this process (killed and waited for if we are stopped)."""
    return subprocess.run(command, preexec_fn=die_with_parent(), check=False, **kwargs)


def stop_children(processes: Sequence[subprocess.Popen]) -> None:
    """Kill every process still running and wait for it, so nothing writes into folders being removed."""
    for process in processes:
        if process.poll() is None:
            process.kill()
    for process in processes:
        process.wait()


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Stopped` (previous handlers restored after)."""

    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return

    def stop(signum: int, frame) -> None:
        raise Stopped(signum)

    previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
