"""SVG snapshots of every screen and the main dialogs, at 80x24 and 120x36, on the Kota Contoh
demo and the committee demo.

The output is made deterministic: the demos are built with every stored timestamp fixed (the
assessment screen shows save times, bundle hashes depend on them), the workspace sits in a
relative folder of a temporary current folder (Beranda shows the folder relative to it), the
user, time zone, today's date (the new-assessment dialog proposes a year) and home folder (the
file picker starts there) are fixed, cursors do not blink, and a frame is taken only once the
screen's workers are done (no spinner mid-frame).

Regenerate after an intended change of the screens, then look at the SVGs before committing:

    .venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# tests/conftest.py has a fixture of its own named ``snapshot`` (a workspace's content), which
# would hide syrupy's from pytest-textual-snapshot's ``snap_compare``: use syrupy's here.
from syrupy import snapshot  # noqa: F401
from textual.pilot import Pilot
from textual.widgets import DirectoryTree, Input, TextArea

import epss.store
import epss.tui.screens.home
from epss.demo import build_demo
from epss.demo.committee import build_committee_demo
from epss.services.workspace import Workspace
from epss.tui.app import EpssApp, create_app

SIZES = [(80, 24), (120, 36)]
SIZE_IDS = ["80x24", "120x36"]
FIXED_NOW = "2024-05-20T08:00:00.000000+00:00"
TODAY = dt.date(2025, 3, 10)
DEMO_DIR = "epss-demo"
COMMITTEE_DIR = "komite-demo"
THEME = "textual-dark"  # Textual's default


class _FixedDate(dt.date):
    @classmethod
    def today(cls) -> _FixedDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both demos, built once for this module with fixed timestamps; copied for each test."""
    root = tmp_path_factory.mktemp("snapshot-templates")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EPSS_USER", "Tim Penilai Internal")
        mp.setattr(epss.store, "now", lambda: FIXED_NOW)
        build_demo(root / DEMO_DIR).close()
        build_committee_demo(root / COMMITTEE_DIR).close()
    return {DEMO_DIR: root / DEMO_DIR, COMMITTEE_DIR: root / COMMITTEE_DIR}


@pytest.fixture
def fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary current folder with a fixed home folder, user, time zone and date."""
    monkeypatch.chdir(tmp_path)
    home = Path("rumah")  # relative: the file picker shows it as it is given
    (home / "Dokumen").mkdir(parents=True)
    (home / "Dokumen" / "sk-walidata-2024.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (home / "daftar-data-prioritas.xlsx").write_bytes(b"PK\x03\x04")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("EPSS_USER", "Tim Penilai Internal")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.delenv("EPSS_WORKSPACE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)  # read when the app is created: monochrome
    monkeypatch.setattr(epss.store, "now", lambda: FIXED_NOW)
    monkeypatch.setattr(epss.tui.screens.home, "date", _FixedDate)
    return tmp_path


@pytest.fixture(autouse=True)
def _restore_tz() -> Iterator[None]:
    """Set up before ``fixed``'s monkeypatch, so torn down after it has put TZ back."""
    yield
    time.tzset()


def _open(templates: dict[str, Path], name: str,
          prepare: Callable[[Workspace], object] | None = None) -> EpssApp:
    shutil.copytree(templates[name], name)
    ws = Workspace.open(name)
    if prepare is not None:
        prepare(ws)
    return create_app(ws)


@pytest.fixture
def demo_app(templates: dict[str, Path], fixed: Path) -> Iterator[EpssApp]:
    app = _open(templates, DEMO_DIR)
    yield app
    app.ws.close()


@pytest.fixture
def committee_app(templates: dict[str, Path], fixed: Path) -> Iterator[EpssApp]:
    app = _open(templates, COMMITTEE_DIR)
    yield app
    app.ws.close()


def _freeze_cursors(pilot: Pilot) -> None:
    """Stop every text cursor on the current screen from blinking (a stable screenshot)."""
    for widget in pilot.app.screen.query(TextArea):
        widget.cursor_blink = False
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


async def _settle(pilot: Pilot) -> None:
    """Wait until no worker is busy and every folder tree shows its folder (a DirectoryTree
    reads folders in a worker; its ``_loader`` worker runs until the tree goes away)."""
    app = pilot.app
    for _ in range(200):
        busy = [w for w in app.workers if w.group != "_loader" and not w.is_finished]
        trees = app.screen.query(DirectoryTree)
        if not busy and all(tree.root.children for tree in trees):
            break
        await pilot.pause(0.02)
    else:
        raise AssertionError(f"the screen did not settle: {busy}")
    await pilot.pause()


def _after(*keys: str) -> Callable[[Pilot], object]:
    """A ``run_before`` that presses ``keys`` one by one, letting each screen settle."""

    async def run_before(pilot: Pilot) -> None:
        pilot.app.theme = THEME  # not $TEXTUAL_THEME of whoever runs the tests
        await pilot.pause()
        _freeze_cursors(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            _freeze_cursors(pilot)
        await _settle(pilot)
        assert not pilot.app._notifications, [n.message for n in pilot.app._notifications]

    return run_before


# The 120x36 twins run with the slow tests (CI); the quick suite keeps one size per screen.
size = pytest.mark.parametrize("size", [
    pytest.param(s, id=i, marks=pytest.mark.slow) if s != SIZES[0] else pytest.param(s, id=i)
    for s, i in zip(SIZES, SIZE_IDS, strict=True)])


# -- Kota Contoh: the screens ---------------------------------------------------------------

DEMO_SCREENS = {
    # Beranda: the agency, the relative folder and three assessments (2024 mandiri IPS 2,52)
    "home": (),
    # Penilaian: score panel, indicator tree and detail (at 80x24 the tree is folded away)
    "assessment": ("enter",),
    # Periksa: the summary of findings and the findings table
    "check": ("enter", "c"),
    # Riwayat: 2023 -> 2024, and the 2023 self-assessment against the BPS result
    "history_years": ("h",),
    "history_gap": ("h", "t"),
    # Rencana: the two raises to Baik for 2024
    "plan": ("v",),
    # Bantuan
    "help": ("question_mark",),
}


@size
@pytest.mark.parametrize("keys", DEMO_SCREENS.values(), ids=DEMO_SCREENS.keys())
def test_demo_screen(snap_compare, demo_app: EpssApp, size, keys) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=_after(*keys))


# -- Kota Contoh: the dialogs ---------------------------------------------------------------

DEMO_DIALOGS = {
    "report": ("g",),  # Cetak PDF, before printing (thin evidence: the warning)
    "profile": ("o",),  # Profil instansi, empty
    "new_assessment": ("n",),  # proposes 2025 (TODAY's year; 2024 is the last one)
    "final": ("f",),  # the confirmation
    "rename": ("r",),  # a one-line prompt
    "bps_letter": ("down", "down", "b"),  # the 2023 BPS result (set back to draft)
    "file_picker": ("enter", "a"),  # the fixed home folder
    "link": ("enter", "l"),
}


@size
@pytest.mark.parametrize("keys", DEMO_DIALOGS.values(), ids=DEMO_DIALOGS.keys())
def test_demo_dialog(snap_compare, templates, fixed, size, keys) -> None:
    def draft_bps_result(ws: Workspace) -> None:  # final in the demo: b would refuse
        ws.set_status(ws.assessment(2023, "badan").id, "draft")

    app = _open(templates, DEMO_DIR, draft_bps_result if "b" in keys else None)
    try:
        assert snap_compare(app, terminal_size=size, run_before=_after(*keys))
    finally:
        app.ws.close()


# -- the committee demo ---------------------------------------------------------------------

COMMITTEE_SCREENS = {
    "leaderboard": (),  # Komite: 14 entrants of SATA Jatim 2024, the winner highlighted
    "entrant": ("enter",),  # the winner's every criterion and juror
    "jury_dialog": ("j",),  # a juror's score for the highlighted entrant
    "report_dialog": ("g",),  # Cetak laporan komite, before printing
}


@size
@pytest.mark.parametrize("keys", COMMITTEE_SCREENS.values(), ids=COMMITTEE_SCREENS.keys())
def test_committee(snap_compare, committee_app: EpssApp, size, keys) -> None:
    assert snap_compare(committee_app, terminal_size=size, run_before=_after(*keys))


# -- daftar data (issue 20) -------------------------------------------------------------------

DAFTAR_DATA_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "daftar_data"
DAFTAR_DATA_SCREENS = {
    "daftar_data": ("y",),  # the OPD table with zones (reference date TODAY, 2025-03-10)
    "daftar_data_items": ("y", "down", "enter"),  # Dinas Kesehatan's items
}


@size
@pytest.mark.parametrize("keys", DAFTAR_DATA_SCREENS.values(), ids=DAFTAR_DATA_SCREENS.keys())
def test_daftar_data(snap_compare, templates, fixed, monkeypatch, size, keys) -> None:
    import epss.tui.screens.daftar_data
    from epss.services.daftar_data import DaftarData

    monkeypatch.setattr(epss.tui.screens.daftar_data, "date", _FixedDate)

    def load(ws: Workspace) -> None:
        desk = DaftarData(ws)
        desk.import_items(DAFTAR_DATA_FIXTURES / "format-daftar-data-daerah.xlsx")
        desk.import_portal(DAFTAR_DATA_FIXTURES / "ckan-package-search.json")

    app = _open(templates, DEMO_DIR, load)
    try:
        assert snap_compare(app, terminal_size=size, run_before=_after(*keys))
    finally:
        app.ws.close()
