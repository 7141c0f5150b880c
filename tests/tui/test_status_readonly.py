"""Final / draft, read-only workspaces and workspace errors in the TUI, driven by Pilot.

A final assessment and a read-only workspace refuse every edit key with a visible reason (no
dialog that could not be saved, no key silently ignored, no key falling through to another
binding), and nothing in the workspace changes; an error from the workspace in any action is
a message, never a traceback that ends the session.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from pilot_kit import errors, messages, press, text, wait_for_render
from textual.widgets import DataTable, Select, Static, TextArea

import epss.services.workspace
from epss.core.errors import DatabaseCorrupt, DatabaseLocked
from epss.services.workspace import Workspace
from epss.tui.app import create_app
from epss.tui.screens.assessment import AssessmentScreen
from epss.tui.screens.check import CheckScreen
from epss.tui.screens.committee import CommitteeScreen, EntrantScreen
from epss.tui.screens.dialogs import ConfirmDialog, PromptDialog
from epss.tui.screens.history import HistoryScreen
from epss.tui.screens.home import HomeScreen
from epss.tui.screens.plan import PlanScreen
from epss.tui.screens.report import ReportDialog

SIZE = (80, 24)


@pytest.fixture
def ws(demo_workspace, open_workspace):
    return open_workspace(demo_workspace)


def _read_only(root: Path, monkeypatch) -> Workspace:
    """Open a copy as a write-protected folder would be opened (we run as root, for whom a
    chmod changes nothing): the database read-only, every write refused."""
    monkeypatch.setattr(epss.services.workspace, "read_only_reason",
                        lambda where: f"folder {where} tidak bisa ditulis")
    workspace = Workspace.open(root)
    assert workspace.read_only
    return workspace


@pytest.fixture
def ro_ws(demo_workspace, monkeypatch):
    workspace = _read_only(demo_workspace, monkeypatch)
    yield workspace
    workspace.close()


@pytest.fixture
def ro_committee(committee_workspace, monkeypatch):
    workspace = _read_only(committee_workspace, monkeypatch)
    yield workspace
    workspace.close()


# -- helpers ----------------------------------------------------------------------------------


async def confirm(pilot) -> None:
    """Choose the confirming button of a ConfirmDialog with the keyboard (focus starts on
    "Batal")."""
    assert isinstance(pilot.app.screen, ConfirmDialog)
    await press(pilot, "tab", "enter")


def status_cell(screen: HomeScreen, assessment_id: int) -> str:
    table = screen.query_one(DataTable)
    column = [str(c.label) for c in table.columns.values()].index("Status")
    return str(table.get_row(str(assessment_id))[column])


# -- final / draft ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(40, 15), SIZE], ids=["40x15", "80x24"])
async def test_final_and_back_to_draft_from_home(ws, size):
    a = ws.assessment(2024).id
    app = create_app(ws)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        home = app.screen
        assert status_cell(home, a) == "Draf"
        await press(pilot, "f")
        assert "final" in str(app.screen.query_one(Static).render())
        await confirm(pilot)
        assert app.screen is home
        assert ws.get_assessment(a).status == "final"
        assert status_cell(home, a) == "Final"
        assert any("ditandai final" in m for m in messages(app))

        await press(pilot, "f")  # back to draft: nothing to lose, so no question
        assert app.screen is home
        assert ws.get_assessment(a).status == "draft"
        assert status_cell(home, a) == "Draf"
        assert any("kembali ke draf" in m for m in messages(app))
    logged = [json.loads(e.data) for e in ws.store.events("assessment", a)
              if e.action == "status"]
    assert logged[-2:] == [{"before": "draft", "after": "final"},
                           {"before": "final", "after": "draft"}]


async def test_cancelling_final_changes_nothing(ws, snapshot):
    a = ws.assessment(2024).id
    before = snapshot(ws)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
    assert ws.get_assessment(a).status == "draft"
    assert snapshot(ws) == before


@pytest.mark.parametrize("size", [(40, 15), SIZE], ids=["40x15", "80x24"])
async def test_final_from_the_assessment_screen_locks_and_unlocks(ws, size):
    a = ws.assessment(2024).id
    app = create_app(ws)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        line = screen.query_one("#status-line", Static)
        assert "FINAL" not in screen.sub_title and not line.display
        await press(pilot, "f")
        await confirm(pilot)
        assert app.screen is screen
        assert ws.get_assessment(a).status == "final"
        assert "FINAL" in screen.sub_title
        assert line.display and "FINAL" in str(line.render())
        assert screen.query_one("#explanation", TextArea).read_only
        level = ws.answer(a, screen.code).level
        await press(pilot, "1" if level != 1 else "2")
        assert ws.answer(a, screen.code).level == level
        assert any("final" in m for m in errors(app))

        await press(pilot, "f")
        assert app.screen is screen
        assert ws.get_assessment(a).status == "draft"
        assert "FINAL" not in screen.sub_title and not line.display
        assert not screen.query_one("#explanation", TextArea).read_only
        await press(pilot, "1" if level != 1 else "2")
        assert ws.answer(a, screen.code).level == (1 if level != 1 else 2)


EDIT_KEYS = ["1", "0", "e", "a", "l", "x", "r", "t"]


async def test_every_edit_key_on_a_final_assessment_says_why(ws, snapshot):
    """One app run presses every key in turn: a refused key changes nothing, so each starts
    from the same screen (cheaper than an app per key, and the same checks)."""
    a = ws.assessment(2024).id
    ws.set_status(a, "final")
    before = snapshot(ws)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "n")  # 10201: has evidence in the demo
        screen = app.screen
        assert screen.code == "10201"
        for key in EDIT_KEYS:
            told = len(errors(app))
            await press(pilot, key)
            assert app.screen is screen, key  # no dialog whose input could not be saved
            assert len(errors(app)) == told + 1, key
            assert "final" in errors(app)[-1], key
            if key == "e":  # typing into the read-only editor: refused, not taken as commands
                await press(pilot, "n", "o", "c", "a")
                assert app.screen is screen and screen.code == "10201"
                assert len(errors(app)) == told + 1  # said once, not for every key
                await press(pilot, "escape")
            assert app.screen is screen and screen.code == "10201", key
            assert snapshot(ws) == before, key


async def test_comments_can_still_be_added_to_a_final_assessment(ws):
    a = ws.assessment(2024).id
    ws.set_status(a, "final")
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "m")
        assert isinstance(app.screen, PromptDialog)
        await press(pilot, *"cek SK", "enter")
        assert isinstance(app.screen, AssessmentScreen)
    assert [c.body for c in ws.comments(a)][-1] == "cek SK"


async def test_a_final_assessment_is_not_deleted(ws):
    target = ws.assessment(2023).id
    assert ws.get_assessment(target).status == "final"
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "down", "d")
        assert isinstance(app.screen, HomeScreen)  # no confirmation offered
        assert any("tidak bisa dihapus" in m and "draf" in m for m in messages(app))
    assert target in [x.id for x in ws.assessments()]


async def test_delete_asks_first_and_is_logged(ws):
    target = ws.assessment(2023).id
    ws.set_status(target, "draft")  # a final one must go back to draft first
    answers = ws.answers(target)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "down", "d")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "escape")
        assert target in [x.id for x in ws.assessments()]
        await press(pilot, "d")
        await confirm(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one(DataTable).row_count == 2
        assert any("dihapus" in m and "log audit" in m for m in messages(app))
    assert target not in [x.id for x in ws.assessments()]
    deleted = [e for e in ws.store.events("assessment", target) if e.action == "delete"]
    assert len(deleted) == 1
    data = json.loads(deleted[0].data)
    assert (data["year"], data["kind"]) == (2023, "mandiri")
    assert data["answers"]["10101"] == [answers["10101"].level, answers["10101"].explanation]


# -- read-only workspaces ---------------------------------------------------------------------


async def test_read_only_is_said_at_start_and_on_every_screen(ro_ws):
    app = create_app(ro_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Mode baca saja" in app.title
        start = [n for n in app._notifications if n.title == "Mode baca saja"]
        assert start and "tidak bisa ditulis" in str(start[0].message)
        agency = str(app.screen.query_one("#agency", Static).render())
        assert "Mode baca saja" in agency and "tidak bisa ditulis" in agency
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        assert "Mode baca saja" in screen.sub_title
        line = screen.query_one("#status-line", Static)
        assert line.display and "tidak bisa ditulis" in str(line.render())
        assert screen.query_one("#explanation", TextArea).read_only
        # reading works as usual
        await press(pilot, "n", "c")
        assert isinstance(app.screen, CheckScreen)
        await press(pilot, "escape", "v")
        assert isinstance(app.screen, PlanScreen)
        await press(pilot, "escape", "escape", "h")
        assert isinstance(app.screen, HistoryScreen)


async def test_read_only_prints_into_the_home_folder(ro_ws, monkeypatch, tmp_path):
    """A locked flash drive cannot take WORKSPACE/reports/: the PDF goes to
    ~/epss-laporan/<folder>/ instead, and the dialog says so; the workspace gets nothing."""
    monkeypatch.setenv("HOME", str(tmp_path / "rumah"))
    app = create_app(ro_ws)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await press(pilot, "g")
        assert isinstance(dialog, ReportDialog)
        dialog.query_one("#template", Select).value = "summary"
        await pilot.pause()
        await pilot.click("#ok")
        await wait_for_render(pilot, dialog)
        path = (tmp_path / "rumah" / "epss-laporan" / ro_ws.root.name
                / "epss-9971-2024-mandiri-ringkasan.pdf")
        assert dialog.written == path and path.read_bytes()[:5] == b"%PDF-"
        assert str(path) in text(dialog, "#where")
    assert not (ro_ws.root / "reports").exists()


async def test_read_only_home_keys_say_why(ro_ws, snapshot):
    before = snapshot(ro_ws)
    app = create_app(ro_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        for keys in (["n"], ["r"], ["d"], ["f"], ["down", "down", "b"]):
            told = len(errors(app))
            await press(pilot, *keys)
            assert app.screen is home, keys  # no dialog
            assert len(errors(app)) == told + 1, keys
            assert "baca saja" in errors(app)[-1].lower(), keys
    assert snapshot(ro_ws) == before


async def test_read_only_assessment_keys_say_why(ro_ws, snapshot):
    a = ro_ws.assessment(2024).id
    before = snapshot(ro_ws)
    app = create_app(ro_ws)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "n")
        screen = app.screen
        for key in [*EDIT_KEYS, "m", "s", "f"]:
            told = len(errors(app))
            await press(pilot, key)
            assert app.screen is screen, key
            assert len(errors(app)) == told + 1, key
            assert "baca saja" in errors(app)[-1].lower(), key
            if key == "e":
                await press(pilot, *"abc", "escape")
            assert screen.code == "10201", key
            assert snapshot(ro_ws) == before, key
    assert ro_ws.get_assessment(a).status == "draft"


async def test_read_only_committee_keys_say_why(ro_committee):
    before = len(ro_committee.store.events())
    app = create_app(ro_committee)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CommitteeScreen)
        for key in ("i", "j", "K"):
            told = len(errors(app))
            await press(pilot, key)
            assert app.screen is screen and len(errors(app)) == told + 1
            assert "baca saja" in errors(app)[-1].lower(), key
        await press(pilot, "enter")
        entrant = app.screen
        assert isinstance(entrant, EntrantScreen)
        for key in ("i", "j", "x", "K"):
            told = len(errors(app))
            await press(pilot, key)
            assert app.screen is entrant and len(errors(app)) == told + 1
            assert "baca saja" in errors(app)[-1].lower()
    assert len(ro_committee.store.events()) == before


# -- errors from the workspace ----------------------------------------------------------------


async def test_a_damaged_database_in_a_key_action_is_a_message(ws, monkeypatch):
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def damaged(*args, **kwargs):
            raise DatabaseCorrupt("database rusak: jalankan `epss doctor`")

        monkeypatch.setattr(ws, "get_assessment", damaged)
        for key in ("r", "d", "f", "g", "enter"):
            told = len(errors(app))
            await press(pilot, key)
            assert isinstance(app.screen, HomeScreen), key
            assert len(errors(app)) == told + 1 and "rusak" in errors(app)[-1], key
        monkeypatch.undo()
        await press(pilot, "h")  # the app is still running
        assert isinstance(app.screen, HistoryScreen)


async def test_a_screen_that_cannot_read_its_data_closes_with_a_message(ws, monkeypatch):
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def locked(*args, **kwargs):
            raise DatabaseLocked("workspace sedang dikunci program lain")

        monkeypatch.setattr(ws, "answers", locked)
        await press(pilot, "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "dikunci" in errors(app)[-1]
        monkeypatch.setattr(ws, "scorecard", locked)
        await press(pilot, "v")
        assert isinstance(app.screen, HomeScreen)
        assert len([m for m in errors(app) if "dikunci" in m]) == 2
        monkeypatch.undo()
        await press(pilot, "v")
        assert isinstance(app.screen, PlanScreen)


async def test_an_operating_system_error_is_said_in_indonesian(ws, monkeypatch, snapshot):
    """The OS's own text is English ("[Errno 13] Permission denied: ..."): the user reads why
    in Indonesian, with the file it concerns."""
    before = snapshot(ws)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "n")

        def denied(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied", "/media/usb/epss")

        monkeypatch.setattr(ws, "set_answer", denied)
        await press(pilot, "4")
        assert errors(app)[-1] == "Gagal menyimpan atau membaca: tidak ada izin (/media/usb/epss)"
    assert snapshot(ws) == before


async def test_a_locked_database_while_saving_keeps_the_typed_text(ws, monkeypatch):
    a = ws.assessment(2024).id
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        screen = app.screen
        code = screen.code
        before = ws.answer(a, code)
        real = ws.set_answer

        def locked(*args, **kwargs):
            raise DatabaseLocked("workspace sedang dikunci program lain")

        monkeypatch.setattr(ws, "set_answer", locked)
        await press(pilot, "e", *"tambahan", "escape")
        assert "dikunci" in errors(app)[-1]
        assert "Tidak tersimpan" in str(screen.query_one("#save-state", Static).render())
        assert screen.query_one("#explanation", TextArea).text.endswith("tambahan")
        assert ws.answer(a, code) == before
        monkeypatch.setattr(ws, "set_answer", real)
        await press(pilot, "e", "!", "escape")  # typing again saves all of it
        assert ws.answer(a, code).explanation.endswith("tambahan!")
