"""The test toolkit every folder shares: workspaces to start from, the reference files beside the
repository, and one way to say "refused, and nothing changed".

Fixtures, not an importable module: the test folders are not packages (an ``__init__.py`` in
tests/reports would name that folder ``reports`` and shadow the real package), so a helper is
handed to a test as a fixture. The helpers are session-scoped functions without state, so that
hypothesis tests may use them too.

- ``workspace``: a fresh, empty workspace of a fictional agency (an open ``Workspace``);
  ``open_workspace(root)`` opens one for the test and closes it after; ``catalog``: the
  packaged catalog.
- ``demo_workspace``: the path of a private copy of the Kota Contoh demo, which the test may
  change; the demo is built once per session (per xdist worker) as ``demo_template``, which a
  test may read but must never change. ``committee_workspace`` / ``committee_template``: the
  same for the committee demo (``epss demo --committee``).
- ``shared_dir``: ``../shared`` beside the repository (reference data and fixtures); a test that
  needs it is skipped where it is absent. ``lke_worksheet``: the official worksheet in it.
- ``snapshot(target)``: every table's rows (the audit log included), the schema and every file of
  the workspace folder with its mode and SHA-256; ``refused(target, action, *fragments)``: the
  action is refused, names every fragment, and the snapshot is the same afterwards.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from epss.core.errors import WorkspaceError

if TYPE_CHECKING:  # imported where used: a unit test pays for none of the layers above core
    from epss.core.catalog import Catalog
    from epss.services.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
# A fictional agency: 99 is no province's code, and 9976 is used by neither demo.
AGENCY = {"name": "Pemerintah Kota Uji", "kind": "kota", "code": "9976"}
ACTOR = "tester"


# -- workspaces --------------------------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A fresh workspace of "Pemerintah Kota Uji" (kota 9976), no assessment, actor "tester"."""
    from epss.services.workspace import Workspace

    ws = Workspace.create(tmp_path / "kota-uji", actor=ACTOR, **AGENCY)
    yield ws
    ws.close()


def _template(factory: pytest.TempPathFactory, name: str,
              build: Callable[[Path], Workspace]) -> Path:
    root = factory.mktemp(f"{name}-template") / name
    build(root).close()
    return root


def _copy(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / template.name
    shutil.copytree(template, root)
    return root


@pytest.fixture
def open_workspace() -> Iterator[Callable[..., Workspace]]:
    """``open_workspace(root, **options)``: ``Workspace.open`` for this test, closed after it."""
    from epss.services.workspace import Workspace

    opened: list[Workspace] = []

    def open_(root: Path, **options: Any) -> Workspace:
        opened.append(Workspace.open(root, **options))
        return opened[-1]

    yield open_
    for ws in reversed(opened):
        ws.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Kota Contoh demo, built once per worker. Read it, never change it (the commands that
    only read are fine; exporting logs an event and is a change): copy it with
    ``demo_workspace`` to change it."""
    from epss.demo import build_demo

    return _template(tmp_path_factory, "kota-contoh", build_demo)


@pytest.fixture
def demo_workspace(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the Kota Contoh demo (IPS 2,52 Cukup in 2024) that the test may change."""
    return _copy(demo_template, tmp_path)


@pytest.fixture(scope="session")
def committee_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committee demo (14 entrants, SATA Jatim 2024), built once per worker; read only."""
    from epss.demo.committee import build_committee_demo

    return _template(tmp_path_factory, "komite", build_committee_demo)


@pytest.fixture
def committee_workspace(committee_template: Path, tmp_path: Path) -> Path:
    """A private copy of the committee demo that the test may change."""
    return _copy(committee_template, tmp_path)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The packaged catalog (immutable: change a copy, ``model_copy(update=...)``)."""
    from epss.core.catalog import load_catalog

    return load_catalog()


# -- the reference files beside the repository ---------------------------------------------------


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (CI lays a copy there), or the test is skipped."""
    shared = REPO.parent / "shared"
    if not shared.is_dir():
        pytest.skip(f"no reference folder {shared} beside the repository")
    return shared


@pytest.fixture(scope="session")
def lke_worksheet(shared_dir: Path) -> Path:
    """The official LKE EPSS worksheet as published (``shared/fixtures``); treat it as read only."""
    path = shared_dir / "fixtures" / "lke-epss-worksheet.xlsx"
    if not path.is_file():
        pytest.skip(f"the official worksheet {path} is not here")
    return path


# -- "refused, and nothing changed" --------------------------------------------------------------


def _database_state(conn: sqlite3.Connection) -> dict[str, Any]:
    schema = sorted(tuple(r) for r in conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master"))
    tables = [name for kind, name, _, _ in schema if kind == "table"]
    rows = {t: [tuple(r) for r in conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid')]
            for t in tables}
    return {"schema": schema, "tables": rows}


def _folder_state(root: Path) -> dict[str, tuple[int, str]]:
    """Every file below the workspace folder with its mode and SHA-256, but the database's own
    files (compared row by row instead) and the vault's staging folder (checked for leftovers
    where it matters). Empty folders do not count: the vault may keep one it made."""
    from epss.services.workspace import DB_NAME

    staging = root / "evidence" / "tmp"
    return {str(path.relative_to(root)): (stat.S_IMODE(path.stat().st_mode),
                                          hashlib.sha256(path.read_bytes()).hexdigest())
            for path in sorted(root.rglob("*"))
            if path.is_file() and not path.name.startswith(DB_NAME) and staging not in path.parents}


def _snapshot(target: Workspace | Path) -> dict[str, Any]:
    """What a refusal must leave as it was. An open ``Workspace`` is read through its own
    connection (so a transaction left open would show), a path through a connection of its own
    (closed again, so that SQLite tidies its -wal and -shm files away as epss would)."""
    from epss.services.workspace import DB_NAME, Workspace

    if isinstance(target, Workspace):
        conn = target.store.conn
        assert not conn.in_transaction, "a transaction was left open"
        database = _database_state(conn)
        root = target.root
    else:
        root = Path(target)
        assert (root / DB_NAME).is_file(), f"no workspace in {root}"
        conn = sqlite3.connect(root / DB_NAME)
        try:
            database = _database_state(conn)
        finally:
            conn.close()
    return {**database, "files": _folder_state(root)}


def _refused(target: Workspace | Path, action: Callable[[], object] | Sequence[str],
             *fragments: str, error: type[BaseException] = WorkspaceError,
             prefix: str = "epss: error: ", **invoke: Any) -> str:
    """``action`` is refused and changes nothing; the message is returned.

    A callable must raise ``error`` (``WorkspaceError`` unless said otherwise); a list of
    arguments is an ``epss -w ROOT ...`` command line, which must exit 2 with one line on stderr,
    ``epss: error: ...`` (a batch command names the item instead: ``prefix``), and no traceback
    (``invoke`` goes to ``CliRunner.invoke``, e.g. ``input=``). Either way the message names
    every fragment, and the workspace's rows, audit log, schema and files are as they were.
    """
    from epss.services.workspace import Workspace

    before = _snapshot(target)
    if callable(action):
        with pytest.raises(error) as info:
            action()
        message = str(info.value)
    else:
        from click.testing import CliRunner

        from epss.cli import main

        root = target.root if isinstance(target, Workspace) else Path(target)
        result = CliRunner().invoke(main, ["-w", str(root), *action], **invoke)
        assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            repr(result.exception))
        assert "Traceback" not in result.output, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(prefix), result.stderr
        message = lines[0]
    for fragment in fragments:
        assert fragment in message, message
    assert _snapshot(target) == before
    return message


@pytest.fixture(scope="session")
def snapshot() -> Callable[[Workspace | Path], dict[str, Any]]:
    return _snapshot


@pytest.fixture(scope="session")
def refused() -> Callable[..., str]:
    return _refused
