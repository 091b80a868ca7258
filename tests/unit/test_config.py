from pathlib import Path

import pytest

from newsgen.config import Config, load_config, parse_config
from newsgen.errors import ConfigError


def test_defaults_and_values() -> None:
    config = parse_config("title: Daily\nper_page: 5\nentities:\n  min_mentions: 2\n")
    assert config.title == "Daily"
    assert config.per_page == 5
    assert config.entities.min_mentions == 2
    assert config.entities.backend == "builtin"
    assert config.language == Config().language


def test_every_problem_reported_at_once_with_line_and_key() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("titel: x\nper_page: lots\nentities:\n  backend: magic\n  colour: red\n")
    problems = caught.value.problems
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (1, "titel"),
        (2, "per_page"),
        (5, "entities.colour"),
    ]
    assert all(p.path == "newsgen.yaml" for p in problems)


def test_semantic_checks() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("timezone: Mars/Olympus\nbase_url: example.org\n")
    keys = sorted(p.message.split(":")[0] for p in caught.value.problems)
    assert keys == ["base_url", "timezone"]


def test_broken_yaml_names_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("title: ok\nper_page: [1, 2\n")
    assert caught.value.line is not None and caught.value.line >= 2


def test_base_path() -> None:
    assert parse_config("base_url: https://x.org/news").base_path == "/news/"
    assert parse_config("base_url: https://x.org").base_path == "/"


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()
