"""Riwayat (h), Rencana (v) and Cetak PDF (g) in the TUI, driven by Textual's Pilot.

Most tests use a private copy of the demo workspace (2023 mandiri 2,18 and BPS 1,86; 2024
mandiri 2,52), built once per session (tests/conftest.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pilot_kit import press, text, wait_for_render
from pypdf import PdfReader
from textual.widgets import Button, Checkbox, DataTable, Select, TabbedContent

from epss.services.workspace import Workspace, WorkspaceError
from epss.tui.app import create_app
from epss.tui.screens.assessment import AssessmentScreen
from epss.tui.screens.history import HistoryScreen
from epss.tui.screens.home import HomeScreen
from epss.tui.screens.plan import PlanScreen
from epss.tui.screens.report import ReportDialog

SIZE = (120, 36)


def _open_copy(src: Path, root: Path) -> Workspace:
    shutil.copytree(src, root)
    return Workspace.open(root)


@pytest.fixture
def ws(demo_workspace, open_workspace):
    return open_workspace(demo_workspace)


def codes(table: DataTable) -> list[str]:
    """The indicator codes of a table's rows (the plan has its step number first)."""
    column = 1 if table.id == "plan-steps" else 0
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


async def home(pilot) -> HomeScreen:
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)
    return pilot.app.screen


async def select_home_row(pilot, assessment_id: int) -> None:
    table = (await home(pilot)).query_one(DataTable)
    row = table.get_row_index(str(assessment_id))
    table.move_cursor(row=row)
    await pilot.pause()


# -- Riwayat ----------------------------------------------------------------------------------


async def test_history_tabs_show_the_changes_and_escape_returns_home(ws):
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await home(pilot)
        screen = await press(pilot, "h")
        assert isinstance(screen, HistoryScreen)
        assert screen.query_one(TabbedContent).active == "years"
        summary = text(screen, "#years-summary")
        assert "IPS 2,18 → 2,52" in summary and "+0,34" in summary
        assert "11 naik, 0 turun, 27 tetap" in summary
        years = screen.query_one("#years-indicators", DataTable)
        assert years.row_count == 11 and "10301" in codes(years)
        assert screen.query_one("#years-domains", DataTable).row_count == 5
        assert screen.query_one("#old-year", Select).value == 2023
        assert screen.query_one("#new-year", Select).value == 2024

        await press(pilot, "t")
        assert screen.query_one(TabbedContent).active == "gap"
        summary = text(screen, "#gap-summary")
        assert "+0,32" in summary and "IPS mandiri 2,18, BPS 1,86" in summary
        assert "8 diklaim lebih tinggi" in summary and "0,21" in summary
        gap = screen.query_one("#gap-indicators", DataTable)
        assert gap.row_count == 8 and "10101" in codes(gap)
        assert app.focused is gap

        await press(pilot, "t")
        assert screen.query_one(TabbedContent).active == "years"
        assert isinstance(await press(pilot, "escape"), HomeScreen)


async def test_history_years_row_opens_the_newer_assessment(ws):
    new_id = ws.assessment(2024).id
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await home(pilot)
        screen = await press(pilot, "h")
        table = screen.query_one("#years-indicators", DataTable)
        old, new = (screen.query_one(i, Select) for i in ("#old-year", "#new-year"))
        old.value = 2024  # the same year twice: said, not raised
        await pilot.pause()
        assert "dua tahun yang berbeda" in text(screen, "#years-summary")
        assert table.row_count == 0
        new.value = 2023  # the other way round: the earlier year is still the old side
        await pilot.pause()
        assert "IPS 2,18 → 2,52 (+0,34)" in text(screen, "#years-summary")
        assert table.row_count == 11
        table.focus()
        table.move_cursor(row=3)
        code = codes(table)[3]
        opened = await press(pilot, "enter")
        assert isinstance(opened, AssessmentScreen)
        assert opened.code == code and opened.assessment_id == new_id
        # opened over Riwayat: Esc goes back there, and once more to Beranda
        assert isinstance(await press(pilot, "escape"), HistoryScreen)
        assert isinstance(await press(pilot, "escape"), HomeScreen)


async def test_history_gap_row_opens_the_self_assessment_of_that_year(ws):
    mandiri_2023 = ws.assessment(2023).id
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await home(pilot)
        screen = await press(pilot, "h")
        await press(pilot, "t")
        table = screen.query_one("#gap-indicators", DataTable)
        table.move_cursor(row=2)
        code = codes(table)[2]
        opened = await press(pilot, "enter")
        assert isinstance(opened, AssessmentScreen)
        assert opened.code == code and opened.assessment_id == mandiri_2023


async def test_history_with_one_year_and_no_bps_result(tmp_path):
    ws = Workspace.create(tmp_path / "ws", name="Pemerintah Kota Contoh", kind="kota",
                          code="9971")
    a = ws.new_assessment(2024)
    ws.set_answer(a.id, "10101", level=3)
    app = create_app(ws)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await home(pilot)
            screen = await press(pilot, "h")
            assert isinstance(screen, HistoryScreen)
            assert "dua tahun" in text(screen, "#years-summary")
            assert screen.query_one("#years-indicators", DataTable).row_count == 0
            assert screen.query_one("#old-year", Select).disabled
            assert isinstance(await press(pilot, "enter"), HistoryScreen)  # nothing to open
            await press(pilot, "t")
            assert "Belum ada hasil BPS" in text(screen, "#gap-summary")
            assert screen.query_one("#gap-indicators", DataTable).row_count == 0
            assert isinstance(await press(pilot, "enter"), HistoryScreen)
            assert isinstance(await press(pilot, "escape"), HomeScreen)
    finally:
        ws.close()


async def test_history_gap_with_a_bps_letter_only(ws):
    """A BPS result recorded only as its letter's IPS: home lists it, the gap tab says the
    indicator gaps are unknown and has no rows to open."""
    badan = ws.new_assessment(2024, "badan")
    ws.set_reported_indices(badan.id, ips="2,41", domains={"1": "2.80"})
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        table = (await home(pilot)).query_one(DataTable)
        row = table.get_row(str(badan.id))
        assert row[4] == "2,41" and "surat BPS" in row[5]
        screen = await press(pilot, "h")
        await press(pilot, "t")
        assert screen.query_one("#gap-year", Select).value == 2024
        summary = text(screen, "#gap-summary")
        assert "BPS 2,41" in summary and "+0,11" in summary
        assert "tidak diketahui" in summary
        assert screen.query_one("#gap-indicators", DataTable).row_count == 0
        assert isinstance(await press(pilot, "enter"), HistoryScreen)
        screen.query_one("#gap-year", Select).value = 2023
        await pilot.pause()
        assert "+0,32" in text(screen, "#gap-summary")
        assert screen.query_one("#gap-indicators", DataTable).row_count == 8


# -- Rencana ----------------------------------------------------------------------------------


async def test_plan_from_home_recomputes_and_opens_a_step(ws):
    a = ws.assessment(2024)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await select_home_row(pilot, a.id)
        screen = await press(pilot, "v")
        assert isinstance(screen, PlanScreen) and screen.assessment_id == a.id
        assert len(screen.steps) == 2
        table = screen.query_one("#plan-steps", DataTable)
        assert codes(table) == ["50101", "10101"]
        assert "2,52" in text(screen, "#plan-summary") and "2,60" in text(screen, "#plan-summary")
        assert "Bukti yang diharapkan" in text(screen, "#plan-evidence")
        target = screen.query_one("#target", Select)
        assert target.value == "Baik"

        target.value = "Memuaskan"
        await pilot.pause()
        assert len(screen.steps) > 2
        assert table.row_count == len(screen.steps)
        assert "4,20" in text(screen, "#plan-summary")
        many = len(screen.steps)

        cap = screen.query_one("#cap", Select)
        cap.value = 1  # at most one level per indicator: Memuaskan is out of reach
        await pilot.pause()
        assert screen.steps == [] and table.row_count == 0
        assert "tidak dapat dicapai" in text(screen, "#plan-summary")
        assert text(screen, "#plan-evidence") == ""
        target.value = "Baik"
        await pilot.pause()
        assert len(screen.steps) == 2  # Baik stays reachable under the cap
        target.value = "Memuaskan"
        cap.value = 0
        await pilot.pause()
        assert len(screen.steps) == many and table.row_count == many

        table.focus()
        table.move_cursor(row=3)
        await pilot.pause()
        code = screen.steps[3].code
        assert screen.steps[3].evidence in text(screen, "#plan-evidence")
        opened = await press(pilot, "enter")
        assert isinstance(opened, AssessmentScreen)
        assert opened.code == code and opened.assessment_id == a.id


async def test_plan_for_another_row_plans_that_assessment(ws):
    a = ws.assessment(2023)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await select_home_row(pilot, a.id)
        screen = await press(pilot, "v")
        assert isinstance(screen, PlanScreen) and screen.assessment_id == a.id
        assert "2,18" in text(screen, "#plan-summary")
        assert isinstance(await press(pilot, "escape"), HomeScreen)


async def test_plan_from_assessment_jumps_back_to_the_indicator(ws):
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await select_home_row(pilot, ws.assessment(2024).id)
        assessment = await press(pilot, "enter")
        assert isinstance(assessment, AssessmentScreen)
        await press(pilot, "n")  # away from 10101, which the plan raises second
        assert assessment.code == "10201"
        depth = len(app.screen_stack)
        plan = await press(pilot, "v")
        assert isinstance(plan, PlanScreen) and len(plan.steps) == 2
        plan.query_one("#plan-steps", DataTable).move_cursor(row=1)
        await pilot.pause()
        code = plan.steps[1].code
        assert code != assessment.code
        back = await press(pilot, "enter")
        assert back is assessment and len(app.screen_stack) == depth
        assert assessment.code == code
        assert code in text(assessment, "#ind-title")


async def test_plan_when_already_at_the_top(tmp_path):
    ws = Workspace.create(tmp_path / "ws", name="Pemerintah Kota Contoh", kind="kota",
                          code="9971")
    a = ws.new_assessment(2024)
    with ws.store.transaction():
        for code in ws.catalog.codes:
            ws.set_answer(a.id, code, level=5)
    app = create_app(ws)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await home(pilot)
            screen = await press(pilot, "v")
            assert isinstance(screen, PlanScreen)
            assert screen.query_one("#target", Select).value == "Memuaskan"
            assert screen.steps == []
            assert screen.query_one("#plan-steps", DataTable).row_count == 0
            assert "sudah tercapai" in text(screen, "#plan-summary")
            assert text(screen, "#plan-evidence") == ""
            assert isinstance(await press(pilot, "enter"), PlanScreen)  # nothing to open
            assert isinstance(await press(pilot, "escape"), HomeScreen)
    finally:
        ws.close()


# -- Cetak PDF --------------------------------------------------------------------------------


async def test_report_dialog_renders_the_summary(ws):
    a = ws.assessment(2024)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await select_home_row(pilot, a.id)
        dialog = await press(pilot, "g")
        assert isinstance(dialog, ReportDialog) and dialog.assessment_id == a.id
        assert dialog.query_one("#template", Select).value == "dossier"
        dialog.query_one("#template", Select).value = "summary"
        await pilot.pause()
        await pilot.click("#ok")
        await wait_for_render(pilot, dialog)
        path = ws.root / "reports" / "epss-9971-2024-mandiri-ringkasan.pdf"
        assert dialog.written == path
        assert str(path) in text(dialog, "#where")
        assert "Selesai" in text(dialog, "#stage")
        assert path.read_bytes()[:5] == b"%PDF-"
        assert len(PdfReader(path).pages) == 2
        assert any(str(path) in n.message for n in app._notifications)
        ok = dialog.query_one("#ok", Button)
        assert not ok.disabled and str(ok.label) == "Selesai"
        await pilot.click("#ok")  # now closes
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_report_failure_is_shown_and_the_dialog_stays_usable(ws, monkeypatch):
    import epss.tui.screens.report as report_screen

    real = report_screen.render_in_thread

    def refuse(*args, **kwargs):
        raise WorkspaceError("tidak bisa menulis")

    monkeypatch.setattr(report_screen, "render_in_thread", refuse)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await select_home_row(pilot, ws.assessment(2024).id)
        dialog = await press(pilot, "g")
        dialog.query_one("#template", Select).value = "summary"
        await pilot.click("#ok")
        await wait_for_render(pilot, dialog)
        stage = text(dialog, "#stage")
        assert "Gagal mencetak" in stage and "tidak bisa menulis" in stage
        assert app.screen is dialog and dialog.written is None
        assert not dialog.query_one("#ok", Button).disabled
        assert not dialog.query_one("#template", Select).disabled
        assert not dialog.query_one("#confidential", Checkbox).disabled
        assert not (ws.root / "reports").exists()

        monkeypatch.setattr(report_screen, "render_in_thread", real)
        await pilot.pause(0.3)  # the button ignores clicks while its press effect lasts
        await pilot.click("#ok")  # try again: it works now
        await wait_for_render(pilot, dialog)
        assert dialog.written == ws.root / "reports" / "epss-9971-2024-mandiri-ringkasan.pdf"
        assert dialog.written.is_file()
        await pilot.click("#cancel")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_report_from_the_assessment_screen(ws, monkeypatch):
    """`g` on the assessment screen prints that assessment (rendering itself stubbed out)."""
    import epss.tui.screens.report as report_screen

    seen = []

    def fake(root, assessment_id, template, include_confidential, progress, include_plan=True):
        seen.append((Path(root), assessment_id, template, include_confidential))
        progress("menggambar")
        out = Path(root) / "reports" / "palsu.pdf"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"%PDF-1.7")
        return out

    monkeypatch.setattr(report_screen, "render_in_thread", fake)
    a = ws.assessment(2023)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await select_home_row(pilot, a.id)
        await press(pilot, "enter")
        dialog = await press(pilot, "g")
        assert isinstance(dialog, ReportDialog) and dialog.assessment_id == a.id
        dialog.query_one("#confidential", Checkbox).value = True
        await pilot.click("#ok")
        await wait_for_render(pilot, dialog)
        assert seen == [(ws.root, a.id, "dossier", True)]
        assert "palsu.pdf" in text(dialog, "#where")


async def test_closing_the_dialog_while_rendering_still_writes_the_pdf(ws, monkeypatch):
    import threading

    import epss.tui.screens.report as report_screen

    closed = threading.Event()
    out = ws.root / "reports" / "epss-9971-2024-mandiri-ringkasan.pdf"

    def slow(root, assessment_id, template, include_confidential, progress, include_plan=True):
        progress("membaca workspace")
        closed.wait(10)  # the user closes the dialog here, mid-render
        progress("menggambar halaman")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"%PDF-1.7")
        return out

    monkeypatch.setattr(report_screen, "render_in_thread", slow)
    app = create_app(ws)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await home(pilot)
            dialog = await press(pilot, "g")
            await pilot.click("#ok")
            await pilot.pause()
            assert dialog.has_class("busy")
            await pilot.click("#cancel")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            closed.set()
            await app.workers.wait_for_complete()
            for _ in range(20):
                await pilot.pause(0.1)
                if out.exists():
                    break
            assert out.is_file()
            assert any(str(out) in n.message for n in app._notifications)
    finally:
        closed.set()  # never leave the worker thread waiting


async def test_report_dialog_shows_a_path_with_brackets_verbatim(demo_template, tmp_path,
                                                                 monkeypatch):
    import epss.tui.screens.report as report_screen

    ws = _open_copy(demo_template, tmp_path / "EPSS [final]")

    def fake(root, assessment_id, template, include_confidential, progress, include_plan=True):
        out = Path(root) / "reports" / "epss-9971-2024-mandiri-ringkasan.pdf"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"%PDF-1.7")
        return out

    monkeypatch.setattr(report_screen, "render_in_thread", fake)
    app = create_app(ws)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await home(pilot)
            dialog = await press(pilot, "g")
            await pilot.click("#ok")
            await wait_for_render(pilot, dialog)
            assert "EPSS [final]" in text(dialog, "#where")
    finally:
        ws.close()


async def test_home_shows_a_folder_with_brackets_verbatim(demo_template, tmp_path):
    ws = _open_copy(demo_template, tmp_path / "EPSS [final]")
    app = create_app(ws)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await home(pilot)
            assert "EPSS [final]" in text(screen, "#agency")
    finally:
        ws.close()


async def test_bps_letter_values_are_entered_on_home_with_b(ws):
    """`b` on a BPS-result row opens a form for the letter's IPS and domain indices; a bad value
    is shown in the form and nothing is saved; good values replace what was there."""
    from textual.widgets import Input

    from epss.tui.screens.dialogs import ReportedDialog

    badan = ws.new_assessment(2024, "badan")
    ws.set_reported_indices(badan.id, ips="2,41", domains={"1": "2.80"})
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await home(pilot)
        await select_home_row(pilot, badan.id)
        await press(pilot, "b")
        dialog = app.screen
        assert isinstance(dialog, ReportedDialog)
        assert dialog.query_one("#node-ips", Input).value == "2,41"
        dialog.query_one("#node-2", Input).value = "9"
        dialog.query_one("#ok", Button).press()
        await pilot.pause()
        assert app.screen is dialog and "antara 1 dan 5" in text(dialog, "#error")
        assert ws.reported_indices(badan.id).as_text() == {"1": "2.80", "ips": "2.41"}
        dialog.query_one("#node-2", Input).value = "2,10"
        dialog.query_one("#node-1", Input).value = ""
        dialog.query_one("#ok", Button).press()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert ws.reported_indices(badan.id).as_text() == {"2": "2.10", "ips": "2.41"}
        # on a self-assessment row, `b` explains instead of opening the form
        await select_home_row(pilot, ws.assessment(2024).id)
        await press(pilot, "b")
        assert isinstance(app.screen, HomeScreen)
