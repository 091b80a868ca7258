"""build(): the single orchestrator, readable top to bottom.

Gather everything, then write: every article is read, parsed, extracted and
indexed before the first byte of output is rendered.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsgen import sources
from newsgen.config import Config, load_config
from newsgen.errors import BuildError, ConfigError, NewsgenError, Problem
from newsgen.extract import get_extractor, with_mentions
from newsgen.index import SiteIndex, build_index
from newsgen.model import Article
from newsgen.parse import Parsed, parse_source
from newsgen.registry import EMPTY, Registry, parse_registry
from newsgen.render import make_environment, render
from newsgen.search import index_site
from newsgen.views import Page, Views
from newsgen.write import Staging, check_output


@dataclass(slots=True)
class BuildResult:
    config: Config
    articles: int = 0
    pages: int = 0
    entities: int = 0
    seconds: float = 0.0
    output: Path | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass(frozen=True, slots=True)
class Loaded:
    """Everything read from the content folder, before rendering."""

    config: Config
    parsed: tuple[Parsed, ...]
    index: SiteIndex
    problems: tuple[Problem, ...]


def load(site_root: Path, drafts: bool = False) -> Loaded:
    """Read, parse, extract and index every article; collect every problem."""
    config = load_config(site_root)
    problems: list[Problem] = []
    dates = sources.git_dates(site_root)
    parsed: list[Parsed] = []
    for path in sources.discover(site_root, config.content_dir):
        try:
            source = sources.read_source(site_root, path, dates)
            parsed.append(parse_source(source, config))
        except NewsgenError as err:
            problems.extend(err.problems)
        except OSError as err:
            problems.append(Problem("error", f"cannot read: {err.strerror}", path))
        except Exception as err:  # noqa: BLE001 - one bad file must not stop the build
            message = f"could not be read ({type(err).__name__}: {err}); please report this"
            problems.append(Problem("error", message, path))
    for item in parsed:
        problems.extend(item.warnings)
    extractor = get_extractor(config.entities.backend)
    articles: list[Article] = [
        with_mentions(p.article, extractor) for p in parsed if drafts or not p.article.draft
    ]
    registry = read_registry(site_root, config.entities.registry)
    index = build_index(articles, config.entities.min_mentions, config.related, registry)
    return Loaded(config, tuple(parsed), index, tuple(problems))


def read_registry(site_root: Path, path: str) -> Registry:
    """The editors' entity registry: one YAML file, or every ``*.yaml`` in a folder.

    Reading stays here, at the edge; parsing and every check is the pure
    ``parse_registry``, which raises ConfigError listing all problems at once.
    """
    full = site_root / path
    if full.is_dir():
        files = sorted(p for p in full.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
    elif full.is_file():
        files = [full]
    else:
        return EMPTY  # no registry: every entity is the extractor's alone
    texts = []
    for file in files:
        name = file.relative_to(site_root).as_posix()
        try:
            texts.append((name, file.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read the entity registry: {exc}", name) from None
    return parse_registry(texts)


def render_pages(loaded: Loaded, site_root: Path) -> list[tuple[str, bytes]]:
    """Every output file's path and bytes, in a fixed order."""
    config = loaded.config
    env = make_environment(site_root / "templates")
    views = Views(loaded.index, config, sources.build_time())
    pages: list[Page] = list(views.pages())
    files: list[tuple[str, bytes]] = []
    for page in pages:
        html = render(env, page.template, {"site": views.site, "page": page.view, "page_path": page.path if page.relative_links else None})
        files.append((_output_path(page.path), html.encode("utf-8")))
    sitemap = render(env, "sitemap.xml", {"site": views.site, "urls": views.sitemap_urls(pages), "page_path": ""})
    files.append(("sitemap.xml", sitemap.encode("utf-8")))
    robots = render(env, "robots.txt", {"site": views.site, "page_path": ""})
    files.append(("robots.txt", robots.encode("utf-8")))
    return files


def _output_path(path: str) -> str:
    return path + "index.html" if path == "" or path.endswith("/") else path


def build(
    site_root: Path,
    output: Path | None = None,
    drafts: bool = False,
    strict: bool = False,
    write: bool = True,
    search: bool | None = None,
) -> BuildResult:
    """Build the site; raise BuildError (nothing written) when it cannot be built."""
    started = time.perf_counter()
    loaded = load(site_root, drafts)
    if search is not None:  # issue 5: --no-search / serve override config.search
        loaded = dataclasses.replace(
            loaded, config=dataclasses.replace(loaded.config, search=search)
        )
    config = loaded.config
    result = BuildResult(config=config, problems=list(loaded.problems))
    if strict and result.problems:
        raise BuildError(f"--strict: {len(result.problems)} problem(s), nothing written")
    output = output if output is not None else site_root / config.output_dir
    if write:
        check_output(site_root, output, config.content_dir)
    files = render_pages(loaded, site_root)
    if write:
        with Staging(output) as staging:
            staging.copy_tree(Path(__file__).parent / "theme" / "static", "theme/")
            staging.copy_tree(site_root / "static")
            for path, data in files:
                staging.write(path, data)
            if config.search:  # issue 5: index the staged site before the swap
                index_site(staging.root, config)
            staging.commit()
        result.output = output
    result.articles = len(loaded.index.articles)
    result.pages = len(files)
    result.entities = sum(1 for e in loaded.index.entities if e.has_page)
    result.seconds = time.perf_counter() - started
    return result
