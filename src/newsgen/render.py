"""The Jinja environment and page rendering.

Autoescape is on for every template and undefined variables are errors. A
site's own ``templates/`` overrides the built-in theme file by file.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgen import safefs
from newsgen.errors import TemplateError
from newsgen.model import fingerprint
from newsgen.urls import relative

if TYPE_CHECKING:
    import jinja2

    from newsgen.views import Page, Views

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


def render(env: jinja2.Environment, template: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(template).render(context)
    except Exception as exc:  # noqa: BLE001 - a template's own bug must not crash the build with a traceback
        raise _template_error(env, template, exc) from None


def _template_error(env: jinja2.Environment, template: str, exc: Exception) -> TemplateError:
    """What ``render`` reports for ``exc``, raised while rendering ``template``."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(f"template syntax error: {exc.message}", exc.filename, exc.lineno)
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"template not found: {exc.name}", template)
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError(
            f"template error: {exc.message}", _template_file(env, template), _line(exc)
        )
    return TemplateError(
        f"template error: {type(exc).__name__}: {exc}", _template_file(env, template), _line(exc)
    )


def _template_file(env: jinja2.Environment, template: str) -> str:
    import jinja2

    try:
        return env.get_template(template).filename or template
    except jinja2.TemplateError:
        return template


def _line(exc: BaseException) -> int | None:
    """The template line of the innermost frame that belongs to a template."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        frame = tb.tb_frame
        if "__jinja_template__" in frame.f_globals:
            template = frame.f_globals["__jinja_template__"]
            line = template.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return line


def render_page(env: jinja2.Environment, views: Views, page: Page) -> bytes:
    """One planned page's bytes."""
    context = {
        "site": views.site,
        "page": views.view(page),
        "page_path": page.path if page.relative_links else None,
    }
    return render(env, page.template, context).encode("utf-8")


def site_files(
    env: jinja2.Environment, views: Views, pages: list[Page], render_key: str = ""
) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    """The sitemap files and robots.txt: each one's path, signature and maker. A
    sitemap's signature names every URL and date it lists (it reads every page)."""
    for path, template, listed in views.sitemaps(pages):
        context = {"site": views.site, "urls": listed, "page_path": ""}
        yield (
            path,
            fingerprint(render_key, views.shared, path, template, listed),
            functools.partial(_render_file, env, template, context),
        )
    context = {"site": views.site, "page_path": ""}
    yield (
        "robots.txt",
        fingerprint(render_key, views.shared, "robots.txt"),
        functools.partial(_render_file, env, "robots.txt", context),
    )


def _render_file(env: jinja2.Environment, template: str, context: dict[str, Any]) -> bytes:
    return render(env, template, context).encode("utf-8")
