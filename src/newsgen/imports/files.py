"""One imported item -> one content file, never overwriting, recognising earlier imports."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from newsgen import safefs
from newsgen.imports.model import Item

# Elements whose content is never article text: dropped whole before conversion.
_DROPPED = ("script", "style", "noscript", "iframe", "object", "embed", "form", "template")
_BLOCK_TAG = re.compile(r"<(p|div|br|h[1-6]|ul|ol|blockquote|table|pre|figure)\b", re.I)
_HEAD_BYTES = 16_384  # an earlier import's front matter is in its first few kilobytes
_MAX_TRIES = 1000


class Outcome(Enum):
    WRITTEN = "written"
    ALREADY = "already imported"


def html_to_markdown(html: str) -> str:
    """An HTML body as Markdown (markdownify), scripts and embeds dropped.

    WordPress stores paragraphs as blank lines, not ``<p>`` (its ``wpautop`` adds
    them on display): a body without block tags gets them here, or every paragraph
    would run together."""
    from bs4 import BeautifulSoup
    from markdownify import MarkdownConverter

    if not _BLOCK_TAG.search(html):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", html) if p.strip()]
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(_DROPPED):
        element.decompose()
    text = MarkdownConverter(heading_style="ATX", bullets="-").convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def file_text(item: Item) -> str:
    """The file's text: front matter, then the body."""
    meta: dict[str, Any] = {"title": item.title}
    if item.date is not None:
        meta["date"] = item.date.isoformat()
    if item.updated is not None:
        meta["updated"] = item.updated.isoformat()
    for name in ("author", "summary", "slug"):
        value = getattr(item, name)
        if value:
            meta[name] = " ".join(value.split()) if name == "summary" else value
    if item.tags:
        meta["tags"] = list(item.tags)
    if item.categories:
        meta["categories"] = list(item.categories)
    if item.draft:
        meta["draft"] = True
    meta["source"] = item.source_id
    body = html_to_markdown(item.body) if item.body_format == "html" else item.body.strip() + "\n"
    return f"---\n{_yaml(meta)}---\n\n{body}"


def suffix_of(item: Item) -> str:
    # Plain text goes to the raw reader, which shows it as text, never as markup.
    return ".txt" if item.body_format == "text" else ".md"


def _yaml(meta: dict[str, Any]) -> str:
    # libyaml's emitter where PyYAML has it: the pure-Python one was half an import's time.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def _source_line(item: Item) -> str:
    return _yaml({"source": item.source_id}).strip()


def _stem(item: Item) -> tuple[str, str]:
    """The folder (``YYYY`` or ``undated``) and the file name without suffix."""
    slug = slugify(item.slug or item.title, max_length=80, word_boundary=True) or "untitled"
    if item.date is None:
        return "undated", slug
    day = item.date.strftime("%Y-%m-%d")
    return day[:4], f"{day}-{slug}"


def place(item: Item, content: Path) -> tuple[Outcome, Path]:
    """Write ``item`` under ``content`` and say where; or find where an earlier run put it.

    The candidates are ``stem.md``, ``stem-2.md``...: the first that does not exist
    is created (exclusively: never an overwrite), unless one before it carries this
    item's ``source`` line, which means it was imported already."""
    folder, stem = _stem(item)
    suffix = suffix_of(item)
    marker = _source_line(item)
    target_folder = content / folder
    if safefs.leads_out(str(target_folder), str(content)):
        raise OSError(f"{target_folder} leads outside the content folder (a symbolic link?)")
    target_folder.mkdir(parents=True, exist_ok=True)
    text: str | None = None  # converted only when written: a re-run converts nothing
    for attempt in range(1, _MAX_TRIES + 1):
        name = f"{stem}{suffix}" if attempt == 1 else f"{stem}-{attempt}{suffix}"
        path = target_folder / name
        if path.exists():
            if _carries(path, marker):
                return Outcome.ALREADY, path
            continue
        text = text if text is not None else file_text(item)
        try:
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            return Outcome.WRITTEN, path
        except FileExistsError:
            if _carries(path, marker):
                return Outcome.ALREADY, path
    raise OSError(f"{_MAX_TRIES} files named {stem}-N{suffix} already exist in {target_folder}")


def _carries(path: Path, marker: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return False
    front, _sep, _rest = head.partition("\n---\n")
    return marker in front.split("\n")
