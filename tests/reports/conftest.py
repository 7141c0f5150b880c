"""Shared fixtures for the report tests: one demo workspace and one PDF per kind, read with pypdf.

Rendering a dossier takes seconds, so the demo workspace and its PDFs are built once per session
(per xdist worker) and every test asserts on the same documents. Tests that change data build
their own workspace.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pypdf import PdfReader

from epss.services.dossier import render_report
from epss.services.workspace import Workspace

TODAY = dt.date(2026, 11, 22)


@dataclass
class Pdf:
    """A rendered PDF as text: per page, joined, whitespace collapsed, and whitespace removed."""

    path: Path
    reader: PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        return flat(self.text)

    @property
    def compact(self) -> str:
        return re.sub(r"\s+", "", self.text)

    def page_of(self, needle: str) -> int:
        """Index of the first page whose collapsed text holds ``needle``."""
        for index, page in enumerate(self.pages):
            if needle in flat(page):
                return index
        raise AssertionError(f"{needle!r} is on no page")


def flat(text: str) -> str:
    """pypdf puts line breaks where the layout wrapped; compare with single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def read_pdf(path: Path) -> Pdf:
    reader = PdfReader(str(path))
    return Pdf(path, reader, [page.extract_text() or "" for page in reader.pages])


@dataclass
class Recording:
    """What a render tried to reach: every PackageFetcher it made, every connection attempt."""

    fetchers: list[Any] = field(default_factory=list)
    connections: list[Any] = field(default_factory=list)

    @property
    def refused(self) -> list[str]:
        return [url for f in self.fetchers for url in f.refused]

    @property
    def served(self) -> list[str]:
        return [url for f in self.fetchers for url in f.served]


@contextmanager
def recording() -> Iterator[Recording]:
    """Record the fetcher that ``reports.renderer.render`` creates and forbid any connection.

    ``render`` imports ``PackageFetcher`` from ``reports.fetch`` when it runs, so replacing the
    module attribute is enough to see the instance; sockets are patched at the Python level
    (connect, connect_ex, create_connection, getaddrinfo) and every attempt is recorded.
    """
    import reports.fetch as fetch_module

    rec = Recording()
    original = fetch_module.PackageFetcher

    class RecordingFetcher(original):  # type: ignore[misc, valid-type]
        def __init__(self, root: Path) -> None:
            super().__init__(root)
            rec.fetchers.append(self)

    def refuse(name: str) -> Callable[..., Any]:
        def attempt(*args: Any, **kwargs: Any) -> Any:
            rec.connections.append((name, args[1:] if name.startswith("socket.") else args))
            raise OSError(f"network is disabled in the report tests ({name})")

        return attempt

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fetch_module, "PackageFetcher", RecordingFetcher)
        mp.setattr(socket.socket, "connect", refuse("socket.connect"))
        mp.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
        mp.setattr(socket, "create_connection", refuse("create_connection"))
        mp.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
        yield rec


@dataclass
class Rendered:
    pdf: Pdf
    recording: Recording


def render_pdf(ws: Workspace, assessment_id: int, out: Path, **options: Any) -> Rendered:
    """``render_report`` with the network forbidden and the fetcher recorded."""
    with recording() as rec:
        path = render_report(ws, assessment_id, output=out, today=TODAY, **options)
    assert path == out
    return Rendered(read_pdf(path), rec)


@pytest.fixture(scope="session")
def kit() -> SimpleNamespace:
    """The helpers above, for test modules (a conftest without a package is not importable
    reliably, and an ``__init__.py`` here would name this folder ``reports`` and shadow the
    real package)."""
    return SimpleNamespace(read_pdf=read_pdf, render_pdf=render_pdf, recording=recording,
                           flat=flat, today=TODAY)


# -- the demo workspace (read-only for every test that uses it) --------------------------------

@pytest.fixture(scope="session")
def demo_ws(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A copy of the shared demo template (rendering may log), opened as the demo's author."""
    root = tmp_path_factory.mktemp("reports") / "kota-contoh"
    shutil.copytree(demo_template, root)
    ws = Workspace.open(root, actor="Tim Penilai Internal")
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_aid(demo_ws: Workspace) -> int:
    """The 2024 self-assessment: IPS 2,52 (Cukup), 38 answers, one confidential attachment."""
    return demo_ws.assessment(2024, "mandiri").id


@pytest.fixture(scope="session")
def demo_dossier(demo_ws: Workspace, demo_aid: int,
                 tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    out = tmp_path_factory.mktemp("pdf") / "dossier.pdf"
    return render_pdf(demo_ws, demo_aid, out, template="dossier")


@pytest.fixture(scope="session")
def demo_summary(demo_ws: Workspace, demo_aid: int,
                 tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    out = tmp_path_factory.mktemp("pdf") / "summary.pdf"
    return render_pdf(demo_ws, demo_aid, out, template="summary")
