"""Templates + plain values -> HTML -> PDF, with nothing fetched from outside the package.

A dossier is printed from text that users typed (explanations, titles, links), so the Jinja
environment is sandboxed and autoescaped, the context may hold only plain values, and the URL
fetcher serves nothing but this package's own assets and ``data:`` URIs: a template or a user's
text can never make the renderer read a file or open a connection.

This module is the Jinja half; :mod:`reports.pdf` lays the HTML out with WeasyPrint, here or in
a worker process (:mod:`reports.worker`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.sandbox import SandboxedEnvironment

from reports import charts
from reports.formatting import FILTERS
from reports.pdf import (
    Archive,
    EmbeddedFile,
    ReportError,
    gc_paused,
    load_weasyprint,
    print_pdf,
)

if TYPE_CHECKING:
    from reports.worker import PdfWorker

TEMPLATES = Path(__file__).parent / "templates"

_PLAIN = (str, int, float, bool, type(None))


# -- environment -------------------------------------------------------------------------------

class _TemplateCache(FileSystemBytecodeCache):
    """Compiled templates kept between runs, in Jinja's per-user directory (mode 0700, checked).

    Compiling the dossier's templates is ~60 ms of every ``epss report``; Jinja keys each entry
    on the template's source, so an edited template is compiled afresh. A cache that cannot be
    read or written (read-only or full disk, a damaged file) only costs that time again, never
    the report."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # any damage means: compile from source
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _template_cache(templates: Path) -> FileSystemBytecodeCache | None:
    """The cache for the package's own templates only: test and ad-hoc template folders would
    fill it with entries nobody reads again."""
    if templates != TEMPLATES.resolve():
        return None
    try:
        return _TemplateCache()
    except (OSError, RuntimeError):  # no safe per-user directory here
        return None


def _environment(templates: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_template_cache(templates),
    )
    env.filters.update(FILTERS)
    env.filters["svg_image"] = charts.svg_image
    env.globals.update(
        bar_chart=charts.bar_chart,
        radar_chart=charts.radar_chart,
        trend_chart=charts.trend_chart,
        watermark=charts.watermark,
    )
    return env


_environments: dict[Path, SandboxedEnvironment] = {}


def environment(templates: Path = TEMPLATES) -> SandboxedEnvironment:
    templates = templates.resolve()
    if templates not in _environments:
        _environments[templates] = _environment(templates)
    return _environments[templates]


def check_plain(value: Any, where: str = "context") -> None:
    """Templates get plain data only (str, numbers, bools, None, lists and dicts of them).

    An ORM object or a callable in the context would let a template reach past the data it was
    given; refusing them here keeps the builder honest about what a report shows. Types are
    checked exactly: a ``str`` subclass such as ``Markup`` would skip autoescaping or bring
    methods a template could call.
    """
    kind = type(value)
    if kind in _PLAIN:
        return
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise ReportError(f"{where}: keys must be strings, got {key!r}")
            check_plain(item, f"{where}.{key}")
        return
    if kind in (list, tuple):
        for index, item in enumerate(value):
            check_plain(item, f"{where}[{index}]")
        return
    raise ReportError(
        f"{where}: only plain values may reach a template, got {kind.__name__}")


def render_html(template: str, context: Mapping[str, Any], *,
                templates: Path = TEMPLATES) -> str:
    """The HTML a PDF is made from (tests read it; the PDF is printed from exactly this)."""
    check_plain(context)
    from jinja2 import TemplateError

    try:
        return environment(templates).get_template(template).render(**context)
    except TemplateError as exc:
        raise ReportError(f"template {template}: {exc}") from exc


def render(template: str, context: Mapping[str, Any], *, templates: Path = TEMPLATES,
           progress: Callable[[str], None] | None = None,
           archive: Archive | None = None, worker: PdfWorker | None = None) -> bytes:
    """Render a template to PDF bytes. ``progress`` is told each stage (for a UI);
    ``archive`` makes it a PDF/A document with fixed dates and embedded files; ``worker``
    (see :mod:`reports.worker`) lays the HTML out in a process that has WeasyPrint loaded
    already, and whatever it cannot do is done here, with the same result."""
    say = progress or (lambda _stage: None)
    say("menyusun HTML")
    html = render_html(template, context, templates=templates)
    if worker is not None:
        pdf = worker.print_pdf(html, templates, archive, say)
        if pdf is not None:
            return pdf
    with gc_paused():  # importing WeasyPrint (tinycss2, fontTools ...) allocates as much
        say("memuat mesin PDF")
        return print_pdf(load_weasyprint(), html, templates, archive, say)


__all__ = ["Archive", "EmbeddedFile", "ReportError", "check_plain", "environment",
           "load_weasyprint", "render", "render_html"]
