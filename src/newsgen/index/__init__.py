"""The site index: everything that crosses pages, computed before any page renders.

- ``build``: ``build_index``, the stage;
- ``per_article``: what one article alone gives the index (its digest), worked out
  in the extract stage;
- ``tags``, ``entities`` (one per real-world name; identity is decided by
  ``newsgen.entities.identity``), ``related``, ``archives``: the parts of it;
- ``memo``: the plain dict of results kept between builds;
- ``records``: the SiteIndex and its records; ``summary``: ``newsgen entities``.
"""

from __future__ import annotations

from newsgen.index.build import build_index
from newsgen.index.memo import IndexMemo
from newsgen.index.per_article import article_head, digest_article, sentence_at
from newsgen.index.records import (
    FIELDS_BUT_REFS,
    TYPE_WORDS,
    Entity,
    EntityRef,
    Redirect,
    SiteIndex,
    Tag,
    article_id,
)
from newsgen.index.summary import entity_summary

__all__ = [
    "FIELDS_BUT_REFS",
    "TYPE_WORDS",
    "Entity",
    "EntityRef",
    "IndexMemo",
    "Redirect",
    "SiteIndex",
    "Tag",
    "article_head",
    "article_id",
    "build_index",
    "digest_article",
    "entity_summary",
    "sentence_at",
]
