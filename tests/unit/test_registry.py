"""The editors' entity registry: format, checks with file and line, all errors at once."""

from __future__ import annotations

import pytest

from newsgen.errors import ConfigError
from newsgen.model import ORG, PERSON, PLACE
from newsgen.registry import EMPTY, parse_registry

GOOD = """\
- name: Coastal Development Authority
  type: organization
  aliases: [CDA]
  description: Runs the coast.
  link: https://en.wikipedia.org/wiki/Example
- name: Met Office
  type: organization
  rename: Pakistan Meteorological Department
- name: Green Line
  type: organization
  merge: ["person: Green Line", Green Line BRT]
- name: Nowhere Town
  type: place
  hide: true
"""


def test_parses_every_field() -> None:
    registry = parse_registry([("content/entities.yaml", GOOD)])
    cda, met, green, hidden = registry.entries
    assert (cda.name, cda.type, cda.aliases) == ("Coastal Development Authority", ORG, ("CDA",))
    assert cda.description == "Runs the coast."
    assert cda.link == "https://en.wikipedia.org/wiki/Example"
    assert (cda.path, cda.line) == ("content/entities.yaml", 1)
    assert met.canonical == "Pakistan Meteorological Department"
    assert green.merge == ((PERSON, "Green Line"), (ORG, "Green Line BRT"))
    assert hidden.hide and hidden.type == PLACE


def test_empty_file_and_folder_of_files() -> None:
    assert parse_registry([("a.yaml", "")]) == EMPTY
    two = parse_registry(
        [("a.yaml", "- {name: A, type: person}"), ("b.yaml", "- {name: B, type: place}")]
    )
    assert [e.name for e in two.entries] == ["A", "B"]


def _problems(*files: tuple[str, str]) -> list[tuple[str | None, int | None, str]]:
    with pytest.raises(ConfigError) as caught:
        parse_registry(files)
    return [(p.path, p.line, p.message) for p in caught.value.problems]


def test_unknown_keys_and_bad_types_all_reported_with_lines() -> None:
    text = """\
- name: A
  type: person
  alias: [X]
- name: B
  type: company
- name: C
  type: place
  hide: maybe
  link: ftp://example.org/c
- type: person
"""
    problems = _problems(("e.yaml", text))
    assert problems[0][:2] == ("e.yaml", 3) and "unknown key 'alias'" in problems[0][2]
    assert problems[1][:2] == ("e.yaml", 5) and "'type' must be one of" in problems[1][2]
    assert problems[2][:2] == ("e.yaml", 8) and "hide" in problems[2][2]
    assert problems[3][:2] == ("e.yaml", 9) and "http" in problems[3][2]
    assert problems[4][:2] == ("e.yaml", 10) and "without 'name'" in problems[4][2]
    assert len(problems) == 5


def test_conflicting_alias_across_files_is_an_error() -> None:
    problems = _problems(
        (
            "a.yaml",
            "- name: Capital Development Authority\n  type: organization\n  aliases: [CDA]\n",
        ),
        (
            "b.yaml",
            "- name: Coastal Development Authority\n  type: organization\n  aliases: [cda]\n",
        ),
    )
    assert len(problems) == 1
    path, line, message = problems[0]
    assert (path, line) == ("b.yaml", 1)
    assert "'cda' is claimed by two entities" in message and "a.yaml:1" in message


def test_same_alias_for_different_types_is_no_conflict() -> None:
    text = "- {name: Georgia, type: place}\n- {name: Georgia, type: person, aliases: [G]}\n"
    assert len(parse_registry([("e.yaml", text)]).entries) == 2


def test_not_a_list_and_bad_yaml() -> None:
    assert _problems(("e.yaml", "name: A\n"))[0][:2] == ("e.yaml", 1)
    path, line, message = _problems(("e.yaml", "- name: [A\n"))[0]
    assert path == "e.yaml" and line is not None and "not valid YAML" in message
