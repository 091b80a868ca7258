"""What ``newsgen entities`` shows of one entity."""

from __future__ import annotations

from newsgen.index.records import TYPE_WORDS, Entity, SiteIndex


def entity_summary(index: SiteIndex, entity: Entity) -> dict[str, object]:
    """What ``newsgen entities`` shows of one entity (the URL is added by the caller)."""
    days = sorted(index.by_id[ref.article].date.date().isoformat() for ref in entity.refs)
    return {
        "name": entity.name,
        "type": TYPE_WORDS[entity.type],
        "count": entity.count,
        "aliases": list(entity.aliases),
        "first": days[0] if days else None,
        "last": days[-1] if days else None,
        "slug": entity.slug,
        "roles": list(entity.roles),
        "description": entity.description,
        "link": entity.link,
        # The evidence behind the page (docs/entities.md, "Confidence").
        "mentions": entity.mentions,
        "articles": entity.count,
        "type_votes": dict(entity.type_votes),
        "merged": list(entity.merged),
        "titles": list(entity.titles),
        "confidence": entity.confidence,
    }
