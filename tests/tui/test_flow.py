"""The whole TUI flow on a temporary workspace, driven by Textual's Pilot."""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea

import epss
from epss.core.scoring import score
from epss.services.workspace import Workspace
from epss.tui.app import create_app
from epss.tui.screens.assessment import AssessmentScreen
from epss.tui.screens.check import CheckScreen
from epss.tui.screens.dialogs import FilePickerDialog, NewAssessmentDialog
from epss.tui.screens.home import HomeScreen
from epss.tui.widgets.score_panel import ScorePanel

PDF = (b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n")


@pytest.fixture
def ws(tmp_path):
    workspace = Workspace.create(tmp_path / "ws", name="Pemerintah Kota Contoh", kind="kota",
                                 code="9971", actor="operator")
    workspace.new_assessment(2024)
    yield workspace
    workspace.close()


def panel_text(app) -> str:
    return str(app.screen.query_one(ScorePanel).render())


async def open_assessment(pilot) -> AssessmentScreen:
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AssessmentScreen)
    return screen


async def test_level_explanation_evidence_and_live_score(ws, tmp_path):
    app = create_app(ws)
    a = ws.assessment(2024)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_assessment(pilot)
        assert screen.code == "10101"
        assert "IPS 1,00" in panel_text(app)
        await pilot.press("4")
        await pilot.pause()
        assert ws.answer(a.id, "10101").level == 4
        expected = score(ws.catalog, {"10101": 4})
        assert f"IPS {expected.ips_display}" in panel_text(app)
        assert "(sementara)" in panel_text(app)
        assert "Terisi: 1/38" in panel_text(app)

        await pilot.press("e")
        await pilot.press(*"SOP SDS 003")
        await pilot.press("escape")  # leaves the editor and saves at once
        await pilot.pause()
        assert ws.answer(a.id, "10101").explanation == "SOP SDS 003"
        assert isinstance(app.focused, type(screen.query_one("#tree"))) or \
            not isinstance(app.focused, TextArea)

        folder = tmp_path / "unggah"
        folder.mkdir()
        (folder / "sk-walidata.pdf").write_bytes(PDF)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FilePickerDialog)
        app.screen.query_one("#path", Input).value = str(folder / "sk-walidata.pdf")
        app.screen.query_one("#title", Input).value = "SK Walidata"
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
        items = ws.evidence(a.id, "10101")
        assert [i.title for i in items] == ["SK Walidata"]
        table = screen.query_one("#evidence", DataTable)
        assert table.row_count == 1
        card = ws.scorecard(a.id)
        assert f"IPS {card.ips_display}" in panel_text(app)


async def test_pending_explanation_is_saved_on_quit(ws):
    app = create_app(ws)
    a = ws.assessment(2024)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_assessment(pilot)
        await pilot.press("e")
        await pilot.press(*"belum disimpan")
        await pilot.press("ctrl+q")  # before the save delay has passed
    assert ws.answer(a.id, "10101").explanation == "belum disimpan"


async def test_check_screen_lists_level_without_evidence_and_jumps(ws):
    app = create_app(ws)
    a = ws.assessment(2024)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_assessment(pilot)
        await pilot.press("n")  # 10201
        await pilot.press("3")
        await pilot.pause()
        assert ws.answer(a.id, "10201").level == 3
        await pilot.press("c")
        await pilot.pause()
        check = app.screen
        assert isinstance(check, CheckScreen)
        table = check.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert ("10201", "Tingkat 2 ke atas tanpa bukti dukung") in [(r[0], r[1]) for r in rows]
        target = next(i for i, r in enumerate(rows) if r[0] == "10201" and "bukti" in r[1])
        table.move_cursor(row=target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.code == "10201"


async def test_new_assessment_from_last_year_copies_answers(ws):
    a = ws.assessment(2024)
    ws.set_answer(a.id, "10101", level=3, explanation="Perwali 12/2022")
    app = create_app(ws)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewAssessmentDialog)
        year = max(date.today().year, 2025)  # this year, or the year after the last one
        assert dialog.query_one("#year", Input).value == str(year)
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
    new = ws.assessment(year)
    assert new.source_year == 2024
    copied = ws.answer(new.id, "10101")
    assert copied.level == 3 and copied.carried_over


async def test_refusal_is_a_message_not_a_traceback(ws):
    a = ws.assessment(2024)
    ws.set_status(a.id, "final")
    app = create_app(ws)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_assessment(pilot)
        await pilot.press("3")
        await pilot.pause()
        assert ws.answer(a.id, "10101") is None
        messages = [n.message for n in app._notifications]
        assert any("final" in m for m in messages)
        assert app.screen.query_one("#explanation", TextArea).read_only


async def test_help_screen_lists_bindings(ws):
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = app.screen.query_one("Markdown")._markdown
        for key in ("Ctrl+P", "`1`–`5`", "`a`", "`c`", "P!", "B!"):
            assert key in text
    # every file the help names is where it says (it named epss/domains/ after the move)
    root = Path(epss.__file__).parent.parent
    named = re.findall(r"`(epss/[^`]+)`", text)
    assert named and all((root / name).is_file() for name in named), named


async def test_failed_delete_is_not_reported_as_done(ws, monkeypatch):
    from epss.services.workspace import WorkspaceError

    def refuse(assessment_id):
        raise WorkspaceError("database terkunci")

    monkeypatch.setattr(ws, "delete_assessment", refuse)
    app = create_app(ws)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("terkunci" in m for m in messages)
        assert not any("dihapus" in m for m in messages)


async def test_o_opens_a_read_only_copy_never_the_vault_file(ws, tmp_path, monkeypatch):
    """`o` hands the viewer a read-only copy outside the workspace; without a viewer it says
    where the copy is; a file missing from the vault is a message."""
    import tempfile

    import epss.tui.screens.assessment as assessment_screen

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    a = ws.assessment(2024)
    source = tmp_path / "sk-walidata.pdf"
    source.write_bytes(PDF)
    att, _blob = ws.add_evidence(a.id, "10101", source, title="SK Walidata")
    launched: list[list[str]] = []
    monkeypatch.setattr(assessment_screen.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(assessment_screen.subprocess, "Popen",
                        lambda args, **kwargs: launched.append(args))
    app = create_app(ws)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_assessment(pilot)
        await pilot.press("o")
        await pilot.pause()
        [[opener, shown]] = launched
        copy = Path(shown)
        assert opener == "/usr/bin/xdg-open"
        assert copy.read_bytes() == PDF and copy.suffix == ".pdf"
        assert not copy.is_relative_to(ws.root)
        assert stat.S_IMODE(copy.stat().st_mode) == 0o444
        assert any("Membuka SK Walidata" in str(n.message) for n in app._notifications)

        monkeypatch.setattr(assessment_screen.shutil, "which", lambda name: None)
        await pilot.press("o")
        await pilot.pause()
        assert f"Salinan berkas ada di: {copy}" in [str(n.message) for n in app._notifications]

        ws.evidence_path(att).unlink()
        copy.chmod(0o644)
        copy.unlink()
        await pilot.press("o")
        await pilot.pause()
        last = list(app._notifications)[-1]
        assert last.severity == "error" and "hilang dari brankas" in str(last.message)
        assert not copy.exists() and len(launched) == 1
