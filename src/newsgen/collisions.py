"""Duplicates published once, and headlines that collide given URLs of their own.

Every newspaper archive repeats itself: the same wire story filed twice, and
different stories under one headline ("Letters", "Corrections", "Results"). A
URL is ``YYYY/MM/slug/``, so two stories with one headline in one month would
claim the same page. This stage runs on the heads, before the index:

- articles with the same title and body are one story: the first (oldest, then
  by path) is published, the others are listed in a warning and left out;
- of the distinct articles that still claim one URL, the first (oldest, then by
  path) keeps it and each other gets ``slug-XXXXXX``, six hex digits of a hash
  of its own file path (a build stops, naming both files, in the rare case that
  URL is one another article's own slug claims). A URL depends only on its own file and on which article
  of its group is oldest, so adding a newer story never moves an existing URL.

Pure: heads in, heads and problems out.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from newsgen import urls
from newsgen.errors import BuildError, Problem
from newsgen.model import ArticleHead, fingerprint


@dataclass(frozen=True, slots=True)
class Separated:
    heads: tuple[ArticleHead, ...]
    problems: tuple[Problem, ...]
    duplicates: int  # articles left out as copies of another
    renamed: int  # articles given a URL of their own


def _first(head: ArticleHead) -> tuple[float, str]:
    return head.date.timestamp(), head.source_path


def separate(heads: Sequence[ArticleHead]) -> Separated:
    unique, problems, duplicates = _drop_duplicates(heads)
    paths = [urls.article(h) for h in unique]
    if len(set(paths)) == len(paths):  # the usual case, told without grouping
        return Separated(tuple(unique), tuple(problems), duplicates, 0)
    groups: dict[str, list[ArticleHead]] = defaultdict(list)
    for head, path in zip(unique, paths, strict=True):
        groups[path].append(head)
    renamed: dict[str, ArticleHead] = {}
    for path, group in groups.items():
        if len(group) < 2:
            continue
        keeper, *others = sorted(group, key=_first)
        for head in others:
            moved = _with_slug(head, _own_slug(head))
            renamed[head.source_path] = moved
            problems.append(
                Problem(
                    "warning",
                    f"headline collides with {keeper.source_path} at /{path}; "
                    f"published at /{urls.article(moved)} (set slug: in front matter to choose)",
                    head.source_path,
                )
            )
    result = tuple(renamed.get(h.source_path, h) for h in unique)
    _check_unique(result, paths, renamed)
    return Separated(result, tuple(problems), duplicates, len(renamed))


def _check_unique(
    heads: tuple[ArticleHead, ...], paths: list[str], renamed: dict[str, ArticleHead]
) -> None:
    """A URL given to a renamed article may be one another article's own slug
    claims ("letters-1a2b3c" in its front matter): stop with both files named.
    The only place article URLs are compared (``paths``: each head's before renaming)."""
    claimed: dict[str, str] = {}
    for head, path in sorted(zip(heads, paths, strict=True), key=lambda hp: hp[0].source_path):
        if head.source_path in renamed:
            path = urls.article(head)
        if path in claimed:
            raise BuildError(
                f"two articles claim the URL /{path}: {claimed[path]} and {head.source_path}"
                " (give one a different slug: in its front matter)",
                head.source_path,
            )
        claimed[path] = head.source_path


def _drop_duplicates(heads: Sequence[ArticleHead]) -> tuple[list[ArticleHead], list[Problem], int]:
    by_content: dict[str, list[ArticleHead]] = defaultdict(list)
    for head in heads:
        # A head made without its text (tests, the API) is never anyone's copy.
        by_content[head.content or head.source_path].append(head)
    if len(by_content) == len(heads):
        return list(heads), [], 0
    dropped: set[str] = set()
    problems: list[Problem] = []
    for group in by_content.values():
        if len(group) < 2:
            continue
        kept, *copies = sorted(group, key=_first)
        dropped.update(h.source_path for h in copies)
        names = ", ".join(h.source_path for h in copies)
        problems.append(
            Problem(
                "warning",
                f"{len(copies)} duplicate(s) of this article (same headline and text) "
                f"not published: {names}",
                kept.source_path,
            )
        )
    return [h for h in heads if h.source_path not in dropped], problems, len(dropped)


def _own_slug(head: ArticleHead) -> str:
    digest = hashlib.sha256(head.source_path.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return urls.component(f"{head.slug}-{digest}")


def _with_slug(head: ArticleHead, slug: str) -> ArticleHead:
    # Whatever names the article's URL (its page, every card and list that links to
    # it, the recipes) must change with it: the fingerprints take the new slug in.
    return dataclasses.replace(
        head,
        slug=slug,
        shown=fingerprint(head.shown, slug),
        card=fingerprint(head.card, slug),
        frame=fingerprint(head.frame, slug),
    )
