"""``newsgen import``: bring an existing archive into ``content/``.

A reader per source kind turns the export into a stream of ``Item`` records (or
``Skipped`` notes for what it cannot use), one at a time, so a 100,000-item export
is read in bounded memory. ``files.place`` turns each item into one file under
``content/``; it never overwrites a file and recognises its own earlier imports,
so running the same import again adds only what is new.

Like ``new``, this is an edge command: it reads an export and writes content
files, and nothing in the build imports it.
"""

from __future__ import annotations

from newsgen.imports.model import Item, Skipped
from newsgen.imports.run import FORMATS, ImportSummary, run_import

__all__ = ["FORMATS", "ImportSummary", "Item", "Skipped", "run_import"]
