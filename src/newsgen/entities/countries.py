"""Countries and the names news uses for them, one canonical name each.

The names come from ``pycountry`` (ISO 3166-1: short name, common name, official
name, and the part before the comma of names like "Tanzania, United Republic of"
where no other country shares it), plus the UK's nations (ISO 3166-2 subdivisions of
type Country or Province) and a short table of English variants ISO does not list
("US", "America", "Britain", "Russia", "Holland"). Every variant of a country folds to
the same canonical name, so a country gets one entity page, typed PLACE.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

# English names and abbreviations newspapers use that ISO 3166 does not give,
# by ISO alpha-2 code. Former names stay (archives are old): "Burma", "Zaire".
VARIANTS: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "U.S", "USA", "U.S.A.", "America", "United States of America",
           "the United States", "the US"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
    "RU": ("Russia",),
    "NL": ("Holland", "The Netherlands"),
    "CZ": ("Czech Republic",),
    "CI": ("Ivory Coast",),
    "MM": ("Burma",),
    "CD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Democratic Republic of the Congo",
           "Zaire"),
    "TR": ("Turkey",),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "CV": ("Cape Verde",),
    "TL": ("East Timor",),
    "VA": ("Vatican City",),
    "PS": ("Palestine",),
    "AE": ("UAE", "U.A.E."),
    "BA": ("Bosnia",),
    "KR": ("Republic of Korea",),
    "KP": ("DPRK",),
    "BN": ("Brunei",),
}  # fmt: skip
# The display name where ISO's short name is not what news writes.
DISPLAY = {"US": "United States", "GB": "United Kingdom", "RU": "Russia", "CZ": "Czech Republic",
           "TR": "Turkey", "CI": "Ivory Coast", "CD": "Democratic Republic of the Congo",
           "BN": "Brunei", "VA": "Vatican City"}  # fmt: skip


@cache
def table(fold: Callable[[str], str]) -> dict[str, str]:
    """Folded variant -> the country's display name (``fold`` is the entity-key fold)."""
    import pycountry

    names: dict[str, list[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        own = [country.name]
        for attribute in ("common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                own.append(value)
        display = DISPLAY.get(code) or getattr(country, "common_name", None) or country.name
        names[display] = [*own, *VARIANTS.get(code, ())]
    # pycountry leaves SubdivisionHierarchy's get unannotated
    for sub in pycountry.subdivisions.get(country_code="GB") or ():  # type: ignore[no-untyped-call]
        if sub.type in ("Country", "Province"):
            name = sub.name.split(" [")[0]  # "Wales [Cymru GB-CYM]"
            names[name] = [name]
    found: dict[str, str] = {}
    clashing: set[str] = set()
    for display, variants in sorted(names.items()):
        for variant in (display, *variants):
            key = fold(variant)
            if key and found.setdefault(key, display) != display:
                clashing.add(key)
    # "Congo, The Democratic Republic of the" -> "Congo" only where no country has it.
    before_comma: dict[str, set[str]] = {}
    for display, variants in names.items():
        for variant in variants:
            if "," in variant:
                before_comma.setdefault(fold(variant.split(",")[0]), set()).add(display)
    for key, displays in before_comma.items():
        if len(displays) == 1 and key not in found:
            found[key] = next(iter(displays))
    for key in clashing:
        del found[key]
    return found
