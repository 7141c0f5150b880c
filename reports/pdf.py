"""HTML -> PDF with WeasyPrint: the layout, the archive variant and the system libraries.

This half of the package imports no Jinja, so that a process that only lays out HTML it was
given (:mod:`reports.worker`) loads nothing else. WeasyPrint itself is imported by
:func:`load_weasyprint`, when a PDF is wanted, because importing it costs ~0.4 s that the TUI
and the other commands should not pay.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import hashlib
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ReportError(Exception):
    """The template or its context cannot be rendered; the message says what and where."""


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


def print_pdf(weasyprint: Any, html: str, templates: Path, archive: Archive | None,
              say: Callable[[str], None]) -> bytes:
    """HTML -> PDF bytes with an imported WeasyPrint: the one place a document is laid out
    and written, in this process or in a worker's."""
    from reports.fetch import PackageFetcher

    say("menata halaman")
    document = weasyprint.HTML(
        string=html, base_url=templates.resolve().as_uri() + "/",
        url_fetcher=PackageFetcher(templates),
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
def gc_paused() -> Iterator[None]:
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
