"""The import command's loop: pick a reader, place every item, count, report progress."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from defusedxml import DefusedXmlException

from newsgen.errors import NewsgenError
from newsgen.imports import feeds, tables
from newsgen.imports.files import Outcome, place
from newsgen.imports.model import Item, Skipped

FORMATS = ("wxr", "rss", "atom", "csv", "jsonl")
_BY_SUFFIX = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(slots=True)
class ImportSummary:
    written: int = 0
    drafts: int = 0
    already: int = 0
    not_articles: int = 0
    malformed: list[Skipped] = field(default_factory=list)

    def line(self, source: str, content: str) -> str:
        parts = [f"imported {self.written} articles from {source} into {content}/"]
        if self.drafts:
            parts[0] += f" ({self.drafts} as drafts)"
        if self.already:
            parts.append(f"{self.already} already imported")
        if self.not_articles:
            parts.append(f"{self.not_articles} not articles")
        if self.malformed:
            parts.append(f"{len(self.malformed)} malformed, skipped")
        return "; ".join(parts)


def detect(path: Path) -> str:
    """The export's kind from its suffix or first kilobytes."""
    kind = _BY_SUFFIX.get(path.suffix.lower()) or feeds.sniff(path)
    if kind is None:
        raise NewsgenError(
            f"cannot tell what kind of export this is; give --format ({', '.join(FORMATS)})",
            path.name,
        )
    return kind


def run_import(
    source: Path,
    content: Path,
    kind: str,
    mapping: dict[str, str] | None = None,
    body_format: str = "auto",
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import every item of ``source`` into ``content``; malformed items are listed in
    the summary and skipped, the rest imported."""
    summary = ImportSummary()
    try:
        with _open(source, kind) as handle:
            for seen, entry in enumerate(_items(handle, kind, mapping or {}, body_format), 1):
                _take(entry, content, summary)
                if progress is not None and seen % 1000 == 0:
                    progress(seen)
    except OSError as exc:  # the content folder, not the export: nothing more can be written
        raise NewsgenError(f"cannot write the import: {exc}", source.name) from None
    except (SyntaxError, DefusedXmlException, UnicodeDecodeError) as exc:
        # A broken file stops the reader where it breaks; what came before is imported.
        raise NewsgenError(
            f"cannot read the export past what was imported ({summary.written} articles): {exc}",
            source.name,
        ) from None
    return summary


def _take(entry: Item | Skipped, content: Path, summary: ImportSummary) -> None:
    if isinstance(entry, Skipped):
        if entry.malformed:
            summary.malformed.append(entry)
        else:
            summary.not_articles += 1
        return
    outcome, _path = place(entry, content)
    if outcome is Outcome.ALREADY:
        summary.already += 1
    else:
        summary.written += 1
        summary.drafts += entry.draft


@contextlib.contextmanager
def _open(source: Path, kind: str) -> Iterator[IO[bytes] | IO[str]]:
    if kind in ("csv", "jsonl"):
        # utf-8-sig: spreadsheet programs write a byte-order mark before the header.
        with open(source, encoding="utf-8-sig", newline="" if kind == "csv" else None) as text:
            yield text
    else:
        with open(source, "rb") as raw:
            yield raw


def _items(
    handle: IO[bytes] | IO[str], kind: str, mapping: dict[str, str], body_format: str
) -> Iterator[Item | Skipped]:
    if kind == "wxr":
        return feeds.read_wxr(handle)  # type: ignore[arg-type]
    if kind == "rss":
        return feeds.read_rss(handle)  # type: ignore[arg-type]
    if kind == "atom":
        return feeds.read_atom(handle)  # type: ignore[arg-type]
    if kind == "csv":
        return tables.read_csv(handle, mapping, body_format)  # type: ignore[arg-type]
    return tables.read_jsonl(handle, mapping, body_format)  # type: ignore[arg-type]


# Without a terminal, a forced count is a line every this many items (a log, not a
# line redrawn a hundred times).
_LOG_EVERY = 10_000


def terminal_progress(
    stream: IO[str] = sys.stderr, wanted: bool | None = None
) -> Callable[[int], None] | None:
    """A running count of items read: redrawn on one line on a terminal, a line every
    10,000 items to a file or pipe when asked for (``--progress``); nothing when
    ``wanted`` is False, or by default when the output is not a terminal (as pip and
    hugo do)."""
    terminal = stream.isatty()
    if wanted is False or (wanted is None and not terminal):
        return None

    def show(count: int) -> None:
        if terminal:
            stream.write(f"\rimporting... {count:,} items read")
        elif count % _LOG_EVERY == 0:
            stream.write(f"importing... {count:,} items read\n")
        else:
            return
        stream.flush()

    return show
