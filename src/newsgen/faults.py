"""TEST-ONLY fault injection: stop the process at a named step of a build.

``NEWSGEN_TEST_STOP_AT=<step>[@<n>]`` makes the process (or the build worker)
that reaches ``step`` for the ``n``-th time (default: the first) signal itself:
SIGKILL, as the OOM killer or ``kill -9`` would, or, with
``NEWSGEN_TEST_STOP_SIGNAL=INT``, SIGINT to its whole process group, as Ctrl-C in
a terminal does. The tests in ``tests/e2e/test_hostile_output.py`` use it to
prove that a build stopped anywhere leaves the previous site (or the whole new
one) in place and that the next build repairs everything. Never set it
otherwise. The variable is read once at import; unset, ``reached`` is one
comparison.

Steps: ``worker-<function>`` (a pool worker starting an item, e.g.
``worker-parse_chunk``, ``worker-_render_part``), ``parent-started`` (the
workers just started), ``parent-wait`` (a result of the workers just handed on), ``stage-write`` (a staged file half-replaced: its
temporary file written, not yet renamed), ``stage-link``, ``search``
(after the search bundle), ``swap`` (just before the output swap), ``swap-half``
(between the two renames of the swap without an atomic exchange), ``swapped``
(just after it, before the replaced folder becomes the spare), ``record``
(before the cache records the build), ``seed`` (while seeding the spare).
"""

from __future__ import annotations

import os
import signal

_SPEC = os.environ.get("NEWSGEN_TEST_STOP_AT", "")
_STEP, _, _NTH = _SPEC.partition("@")
_COUNT = int(_NTH) if _NTH.isdigit() else 1
_SIGNAL = os.environ.get("NEWSGEN_TEST_STOP_SIGNAL", "KILL").upper()
_seen = 0


def reached(step: str) -> None:
    """Stop here if the test hook names ``step`` (and this is its n-th time)."""
    if step != _STEP:
        return
    global _seen
    _seen += 1
    if _seen != _COUNT:
        return
    if _SIGNAL == "INT":
        os.killpg(os.getpgrp(), signal.SIGINT)
    else:
        os.kill(os.getpid(), signal.SIGKILL)
