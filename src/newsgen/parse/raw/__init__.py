"""Read a raw-text article (web scrape, agency wire, teleprinter or clean text).

``read_raw`` is pure: decoded text in, a ``RawRecord`` out. The rules, their order
and the layouts they serve are documented in ``docs/raw-reader.md``; in short:

1. the headline is the first non-empty line;
2. a header scan right under it takes wire transmission lines, bylines, role and
   service lines, "Published:" stamps and site furniture;
3. the rest is cut into paragraphs (blank lines, indented paragraph starts,
   hard-wrapped lines joined), with lines that are never article text (share
   widgets, inline "Also Read:" links, wire stamps, credits) taken out first;
4. link lists ("Must Read", "Related" and the teasers under them), sign-offs and
   tail furniture are dropped, and the dateline is taken off the first paragraph.

Everything dropped is kept in ``discarded`` with a reason, so a wrong guess can be
seen and fixed with front matter.
"""

from newsgen.parse.raw.dateline import parse_dateline
from newsgen.parse.raw.reader import read_raw

__all__ = ["parse_dateline", "read_raw"]
