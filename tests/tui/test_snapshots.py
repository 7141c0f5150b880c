"""SVG snapshots of the home, assessment and check screens on the Kota Contoh demo (120x36).

The output is made deterministic: the demo is built in a relative folder of a temporary current
folder (the home screen shows the folder relative to it), every stored timestamp is fixed (the
assessment screen shows save times), and cursors do not blink.

Regenerate after an intended change of the screens, then look at the SVGs before committing:

    .venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

import epss.store
from epss.demo import build_demo
from epss.services.workspace import Workspace
from epss.tui.app import EpssApp, create_app

SIZE = (120, 36)
FIXED_NOW = "2024-05-20T08:00:00.000000+00:00"
DEMO_DIR = "epss-demo"
THEME = "textual-dark"  # Textual's default


@pytest.fixture
def demo_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[EpssApp]:
    """The app on a freshly built demo workspace with fixed timestamps and actor."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EPSS_USER", "Tim Penilai Internal")
    monkeypatch.delenv("EPSS_WORKSPACE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)  # read when the app is created: monochrome
    monkeypatch.setattr(epss.store, "now", lambda: FIXED_NOW)  # before building the demo
    build_demo(DEMO_DIR).close()
    ws = Workspace.open(DEMO_DIR)
    try:
        yield create_app(ws)
    finally:
        ws.close()


def _freeze_cursors(pilot: Pilot) -> None:
    """Stop every text cursor on the current screen from blinking (a stable screenshot)."""
    for widget in pilot.app.screen.query(TextArea):
        widget.cursor_blink = False
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


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

    return run_before


def test_home_screen(snap_compare, demo_app: EpssApp) -> None:
    """Beranda: the agency, the relative folder and three assessments (2024 mandiri IPS 2,52)."""
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=_after())


def test_assessment_screen(snap_compare, demo_app: EpssApp) -> None:
    """Enter on the first row opens the 2024 mandiri: score panel, indicator tree, detail."""
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=_after("enter"))


def test_check_screen(snap_compare, demo_app: EpssApp) -> None:
    """Then "c" opens Periksa: the summary of findings and the findings table."""
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=_after("enter", "c"))
