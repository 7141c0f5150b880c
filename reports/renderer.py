"""Templates + plain values -> HTML -> PDF, with nothing fetched from outside the package.

A dossier is printed from text that users typed (explanations, titles, links), so the Jinja
environment is sandboxed and autoescaped, the context may hold only plain values, and the URL
fetcher serves nothing but this package's own assets and ``data:`` URIs: a template or a user's
text can never make the renderer read a file or open a connection.

WeasyPrint is imported inside :func:`render` because importing it costs ~0.5 s, which the TUI and
the other commands should not pay.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import hashlib
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.sandbox import SandboxedEnvironment

from reports import charts
from reports.formatting import FILTERS

TEMPLATES = Path(__file__).parent / "templates"

_PLAIN = (str, int, float, bool, type(None))


class ReportError(Exception):
    """The template or its context cannot be rendered; the message says what and where."""


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


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside the PDF (an "associated file" of a PDF/A-3 document)."""

    name: str
    data: bytes
    description: str = ""
    relationship: str = "Data"  # PDF/A-3 AFRelationship: Source, Data, Alternative, ...


@dataclass(frozen=True)
class Archive:
    """How the PDF is written for an archive: the variant, the creation date (the data's
    last change, so the same data gives the same bytes), and the files it carries.

    With ``created`` set, nothing in the file depends on the time it was rendered: the
    document's dates, the embedded files' dates and the PDF identifier (a hash of the
    document's HTML and the files) are all fixed."""

    variant: str | None = "pdf/a-3b"
    created: _dt.datetime | None = None
    files: Sequence[EmbeddedFile] = ()


def _w3c(moment: _dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.UTC)
    return moment.astimezone(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render(template: str, context: Mapping[str, Any], *, templates: Path = TEMPLATES,
           progress: Callable[[str], None] | None = None,
           archive: Archive | None = None) -> bytes:
    """Render a template to PDF bytes. ``progress`` is told each stage (for a UI);
    ``archive`` makes it a PDF/A document with fixed dates and embedded files."""
    say = progress or (lambda _stage: None)
    say("menyusun HTML")
    html = render_html(template, context, templates=templates)
    with _gc_paused():  # importing WeasyPrint (tinycss2, fontTools ...) allocates as much
        say("memuat mesin PDF")
        weasyprint = load_weasyprint()
        from reports.fetch import PackageFetcher

        fetcher = PackageFetcher(templates)
        say("menata halaman")
        document = weasyprint.HTML(
            string=html, base_url=templates.resolve().as_uri() + "/", url_fetcher=fetcher
        ).render()
        say(f"menulis PDF ({len(document.pages)} halaman)")
        with _compression(COMPRESSION_LEVEL):
            if archive is None:
                return document.write_pdf()
            return document.write_pdf(**_archive_options(weasyprint, document, html, archive))


COMPRESSION_LEVEL = 6
"""zlib level for the PDF's streams. pydyf (WeasyPrint's PDF writer) always uses 9, which on a
30-page dossier took a fifth of writing the PDF (0.39 s vs 0.31 s at 6) for a file 2 % smaller
(133 vs 136 KB)."""


class _ZlibAt:
    """The ``zlib`` module as pydyf sees it, with ``compressobj`` at a fixed level."""

    def __init__(self, level: int) -> None:
        self._level = level

    def compressobj(self, *_args: Any, **_kwargs: Any) -> Any:
        return zlib.compressobj(self._level)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


@contextlib.contextmanager
def _compression(level: int) -> Iterator[None]:
    """pydyf compressing at ``level`` while the PDF is written (its module's ``zlib`` swapped,
    then put back; an unexpected pydyf just keeps its own level)."""
    try:
        import pydyf  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - WeasyPrint depends on it
        yield
        return
    original = getattr(pydyf, "zlib", None)
    if original is not zlib:
        yield
        return
    pydyf.zlib = _ZlibAt(level)
    try:
        yield
    finally:
        pydyf.zlib = original


def _archive_options(weasyprint: Any, document: Any, html: str,
                     archive: Archive) -> dict[str, Any]:
    identity = hashlib.sha256(html.encode("utf-8"))
    attachments = []
    for f in archive.files:
        identity.update(hashlib.sha256(f.data).digest())
        attachments.append(weasyprint.Attachment(
            string=f.data, name=f.name, description=f.description or None,
            created=archive.created, modified=archive.created, relationship=f.relationship))
    if archive.created is not None:
        document.metadata.created = document.metadata.modified = _w3c(archive.created)
    return {
        "pdf_variant": archive.variant,
        "attachments": attachments,
        "pdf_identifier": identity.hexdigest()[:32].encode("ascii"),
    }


# What a Debian/Ubuntu machine installs for WeasyPrint's system libraries (Pango, HarfBuzz).
SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def load_weasyprint() -> Any:
    """Import WeasyPrint, turning a missing system library into advice a user can follow.

    WeasyPrint loads Pango and HarfBuzz with dlopen when it is imported; without them the
    import fails with an OSError naming a .so file, which means nothing to an official.
    """
    try:
        import weasyprint
    except OSError as exc:
        missing = re.search(r"lib[\w.+-]+", str(exc))
        name = f" ({missing.group(0)})" if missing else ""
        raise ReportError(
            f"pustaka sistem untuk membuat PDF tidak ditemukan{name}; pasang dengan "
            f"`sudo apt-get install {SYSTEM_PACKAGES}` lalu coba lagi") from exc
    except ImportError as exc:
        raise ReportError(
            "WeasyPrint (mesin PDF) tidak terpasang; pasang ulang epss dengan "
            "`pip install -e .`") from exc
    return weasyprint


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Layout allocates millions of small objects that the cyclic collector would scan again and
    again; pausing it saves 10-20 % of the render time and, measured on a 30-page dossier, no
    memory (peak RSS 126 vs 127 MiB); it resumes as soon as the PDF is written."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
