"""newsgen: a static site generator for news archives.

The rule of the package: the core is pure. Reading content (``sources``,
``safefs``, ``templates``), the clock and git (``sources``), reading and encoding
article images (``images``), writing output (``write``), the cache
(``incremental``) and serving (``serve``) are the modules that touch the outside
world; every stage between them takes records and returns records, and is tested
by building records in memory. ``pipeline.build`` runs the stages in order;
``lint-imports`` checks the core's imports. See docs/architecture.md.
"""

import os as _os
import signal as _signal
import sys as _sys

# Run as the command (python -m newsgen, or the newsgen script), Ctrl-C while still
# importing stops at once and quietly: nothing is written yet. ``cli.run`` puts
# Python's own handler back before any work starts.
if (_sys.argv[:1] == ["-m"] or _os.path.basename(_sys.argv[0]) == "newsgen") and (
    _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler
):
    _signal.signal(_signal.SIGINT, lambda signum, frame: _os._exit(130))

from newsgen.entities import extract_entities
from newsgen.errors import NewsgenError
from newsgen.model import Article, Mention, RawRecord

__all__ = ["Article", "Mention", "NewsgenError", "RawRecord", "extract_entities"]
__version__ = "0.1.0"
