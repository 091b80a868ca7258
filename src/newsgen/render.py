"""Rendering: a planned page and its view to bytes, through the environment
``newsgen.templates`` makes (autoescape on, undefined variables are errors).

Pure but for Jinja's own template loading: no file is read or written here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from newsgen.errors import TemplateError
from newsgen.model import fingerprint

if TYPE_CHECKING:
    import jinja2

    from newsgen.views import Page, Views


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
