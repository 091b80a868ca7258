"""newsgen: a static site generator for news archives.

The rule of the package: the core is pure. Reading content (``sources``), the
clock and git (``sources``), writing output (``write``) and serving (``serve``)
are the only modules that touch the outside world; every stage between them
takes records and returns records, and is tested by building records in memory.
"""

from newsgen.entities import extract_entities
from newsgen.errors import NewsgenError
from newsgen.model import Article, Mention, RawRecord

__all__ = ["Article", "Mention", "NewsgenError", "RawRecord", "extract_entities"]
__version__ = "0.1.0"
