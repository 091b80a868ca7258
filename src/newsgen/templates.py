"""Where templates come from: the built-in theme, and a site's own ``templates/``
overriding it file by file (read by the rules of ``newsgen.safefs``), in one
Jinja environment with autoescape on and undefined variables as errors.

An edge module: it reads template files. Rendering itself is ``newsgen.render``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgen import safefs
from newsgen.urls import relative

if TYPE_CHECKING:
    import jinja2

# jinja2 and markupsafe are imported by the functions that use them: a build whose
# output is already up to date needs THEME alone, and jinja2 costs ~25 ms to import.
THEME = Path(__file__).parent / "theme"


def _jsonld(data: dict[str, Any]) -> str:
    """JSON for a <script> element (the ``jsonld`` filter marks it safe)."""
    # '<' and '&' escaped so article text can never close the <script> element.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _relative(context: jinja2.runtime.Context, path: str) -> str:
    page_path = context["page_path"]
    if page_path is None:
        # A page served at any address (404.html) needs links from the base path.
        return str(context["site"].base_path) + path
    return relative(page_path, path)


def make_environment(site_templates: Path | None) -> jinja2.Environment:
    """The environment. Compiled templates are kept in it, never on disk: Jinja's
    bytecode cache unpickles its files, and the cache folder is untrusted input."""
    import jinja2
    from markupsafe import Markup

    loaders: list[jinja2.BaseLoader] = []
    if site_templates is not None and site_templates.is_dir():
        loaders.append(_site_loader(site_templates, site_templates.parent))
    loaders.append(jinja2.FileSystemLoader(str(THEME / "templates")))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment serves one build: checking every template's mtime on each
        # of its ~90,000 lookups (a stat each) would only let a template edited
        # mid-build mix two versions into one site.
        auto_reload=False,
    )
    env.filters["jsonld"] = lambda data: Markup(_jsonld(data))
    env.filters["rel"] = jinja2.pass_context(_relative)
    env.filters["safe_html"] = Markup
    return env


def _site_loader(folder: Path, site_root: Path) -> jinja2.BaseLoader:
    """The site's templates, read by the rules of ``newsgen.safefs``: a template
    that is a link out of the site, a FIFO or a device is not read, and the
    theme's template of that name is used instead (``newsgen check`` and the
    build report it, see ``sources.tree_problems``)."""
    import jinja2

    root = str(site_root)

    def load(name: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(name)
        full = os.path.join(str(folder), *pieces)
        if not os.path.lexists(full):
            raise jinja2.TemplateNotFound(name)
        try:
            data = safefs.read_inside(full, root)
        except OSError:
            raise jinja2.TemplateNotFound(name) from None
        return data.decode("utf-8"), os.path.normpath(full), lambda: False

    def names() -> list[str]:
        return [rel for rel, _ in safefs.walk(folder, site_root)[0]]

    if not safefs.inside(os.path.realpath(folder), safefs.real_root(root)):
        return jinja2.DictLoader({})  # a link out of the site: refused, and reported
    loader = jinja2.FunctionLoader(load)
    loader.list_templates = names  # type: ignore[method-assign]
    return loader
