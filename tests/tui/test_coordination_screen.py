"""Koordinasi OPD and Babak penilaian in the TUI (issue 18), driven by Textual's Pilot: progress
per OPD with its zone, proposals from an OPD's request sheet accepted or rejected (never on a
final assessment), the assessor's rounds with the repair list, Enter returning the indicator, the
perbaikan package written in a worker thread, the empty states, and the small terminal.

Everything is set up through the services (assignments, a request sheet exported, filled in with
openpyxl and imported, round levels), on a fresh workspace: the demo is not relied on."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from lke_sheet import fill_lke
from pilot_kit import messages, press
from textual.containers import Vertical
from textual.geometry import Region
from textual.widgets import Button, DataTable, Static, TabbedContent

from epss.tui.app import create_app
from epss.tui.screens.coordination import (
    CoordinationScreen,
    ProposalDialog,
    RoundsScreen,
    package_folder,
)
from epss.tui.screens.dialogs import ConfirmDialog

YEAR = 2026
HOSTILE = "Dinas [b]Tebal[/b] [/x]"


# -- set-up through the services ---------------------------------------------------------------


def propose(ws, assessment_id: int, opd: str, edits: dict[str, dict[str, object]],
            folder: Path) -> None:
    """The round trip an OPD makes: its request sheet exported, filled in, imported."""
    sheet = folder / ws.coordination.request_file_name(assessment_id, opd)
    ws.coordination.export_request(assessment_id, opd, sheet)
    filled = folder / "terisi" / sheet.name
    filled.parent.mkdir(exist_ok=True)
    fill_lke(sheet, filled, edits)
    ws.import_xlsx(filled, YEAR)


@pytest.fixture
def coord(workspace, tmp_path):
    """A 2026 mandiri with three OPD: Bappeda done (hijau), Dinas Kesehatan two of three done, the
    third overdue (kuning), Dinas Pendidikan nothing yet (merah); two proposals from the
    Dinas Kesehatan sheet (20101 level 2 → 3 with a new explanation, 10301 explanation only)."""
    ws = workspace
    a = ws.new_assessment(YEAR)
    c = ws.coordination
    past = (date.today() - timedelta(days=10)).isoformat()
    c.assign(a.id, "10101", opd="Bappeda", pic="Sari")
    c.assign(a.id, "10201", opd="Dinas Kesehatan", pic="Budi")
    c.assign(a.id, "10301", opd="Dinas Kesehatan", pic="Budi", due=past)
    c.assign(a.id, "20101", opd="Dinas Kesehatan")
    c.assign(a.id, "20201", opd="Dinas Pendidikan")
    for code in ("10101", "10201"):
        ws.set_answer(a.id, code, level=3, explanation=f"Penjelasan {code}")
        ws.link_evidence(a.id, code, f"https://contoh.go.id/{code}", title=f"Bukti {code}")
    ws.set_answer(a.id, "20101", level=2, explanation="Identifikasi sebagian")
    ws.link_evidence(a.id, "20101", "https://contoh.go.id/20101", title="Bukti 20101")
    ws.set_answer(a.id, "10301", level=2, explanation="Metadata lama")
    propose(ws, a.id, "Dinas Kesehatan", {
        "20101": {"Tingkat terpilih": 3, "Penjelasan": "Prosedur baku untuk semua produsen"},
        "10301": {"Penjelasan": "Metadata [b]baru[/b] lengkap"},
    }, tmp_path)
    return ws, a


@pytest.fixture
def rounds(workspace):
    """A mandiri 2026 at level 3 on four indicators; the badan 2026 with a dokumen round (all
    four, 10101 down to 1 with a note) and a pleno round (10101 up to 2, 10301 down to 2) with a
    repair deadline."""
    ws = workspace
    m = ws.new_assessment(YEAR)
    for code in ("10101", "10201", "10301", "20101"):
        ws.set_answer(m.id, code, level=3)
    ws.sampling.add_kegiatan(m.id, opd="Dinas Kesehatan", name="Survei Gizi")
    ws.link_evidence(m.id, "10101", "https://contoh.go.id/sds", title="Portal SDS")
    return ws, m, add_rounds(ws)


def add_rounds(ws):
    b = ws.new_assessment(YEAR, "badan")
    ws.rounds.set_level(b.id, "dokumen", "10101", 1, "SK belum bertanda tangan")
    for code in ("10201", "10301", "20101"):
        ws.rounds.set_level(b.id, "dokumen", code, 3)
    ws.rounds.set_level(b.id, "pleno", "10101", 2)
    ws.rounds.set_level(b.id, "pleno", "10301", 2, "Metadata kegiatan tidak lengkap")
    ws.rounds.set_deadline(b.id, "pleno", "2026-09-20")
    return b


# -- helpers -----------------------------------------------------------------------------------


def text(widget) -> str:
    return str(widget.render())


def cells(table: DataTable, row: int) -> list[str]:
    return [str(c) for c in table.get_row_at(row)]


async def open_proposals(pilot, app, assessment_id: int) -> CoordinationScreen:
    app.push_screen(CoordinationScreen(assessment_id, tab="proposals"))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, CoordinationScreen)
    return screen


# -- Progres OPD -------------------------------------------------------------------------------


async def test_progress_rows_zones_and_overdue(coord):
    ws, a = coord
    app = create_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(CoordinationScreen(a.id))
        await pilot.pause()
        screen = app.screen
        assert screen.query_one(TabbedContent).active == "progress"
        table = screen.query_one("#progress-table", DataTable)
        rows = [cells(table, n) for n in range(table.row_count)]
        assert [r[0] for r in rows] == ["Bappeda", "Dinas Kesehatan", "Dinas Pendidikan"]
        assert [r[1] for r in rows] == ["HIJAU", "KUNING", "MERAH"]
        assert [r[2] for r in rows] == ["100,0", "66,6", "0,0"]
        assert rows[1][3:6] == ["3", "3", "2"] and rows[1][7] == "1"  # 1 overdue
        zone = table.get_row_at(0)[1]
        assert "green" in str(zone.style)  # the word, and its colour
        summary = text(screen.query_one("#progress-summary", Static))
        assert "3 OPD" in summary and "1 terlambat" in summary
        assert "hijau ≥ 90 %" in text(screen.query_one("#progress-rule", Static))
        table.move_cursor(row=1)
        await pilot.pause()
        detail = text(screen.query_one("#progress-detail", Static))
        assert "Terlambat: 10301 (seluruh indikator)" in detail and "PIC Budi" in detail
        # the proposal keys are not offered on the progress tab
        keys = [label for _key, label in screen.key_hints()]
        assert "Terima" not in keys and "Ganti tab" in keys
        await press(pilot, "a")
        assert isinstance(app.screen, CoordinationScreen)
        await press(pilot, "right_square_bracket")
        assert screen.query_one(TabbedContent).active == "proposals"
        assert "Terima" in [label for _key, label in screen.key_hints()]


# -- Usulan OPD --------------------------------------------------------------------------------


async def test_proposal_rows_say_what_changes(coord):
    ws, a = coord
    app = create_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = await open_proposals(pilot, app, a.id)
        table = screen.query_one("#proposals-table", DataTable)
        rows = {cells(table, n)[0]: cells(table, n) for n in range(table.row_count)}
        assert rows["20101"][1:4] == ["2 → 3", "diubah", "Dinas Kesehatan"]
        assert rows["10301"][1:3] == ["tetap 2", "diubah"]
        assert rows["20101"][4] == "permintaan-dinas-kesehatan-2026.xlsx"  # the sheet
        assert "2 usulan menunggu" in text(screen.query_one("#proposals-summary", Static))


async def test_accepting_changes_the_answer_and_removes_the_proposal(coord):
    ws, a = coord
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await open_proposals(pilot, app, a.id)
        table = screen.query_one("#proposals-table", DataTable)
        table.move_cursor(row=table.get_row_index("20101"))
        await press(pilot, "a")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "2 → 3" in text(dialog.query_one(Static))
        dialog.query_one("#yes", Button).press()
        await pilot.pause()
        assert app.screen is screen
        answer = ws.answer(a.id, "20101")
        assert answer is not None and (answer.level, answer.explanation) == (
            3, "Prosedur baku untuk semua produsen")
        assert [p.indicator for p in ws.coordination.proposals(a.id)] == ["10301"]
        assert [cells(table, n)[0] for n in range(table.row_count)] == ["10301"]
        assert any("Usulan 20101 diterima: tingkat 3" in m for m in messages(app))
        assert "accept_proposal" in [e.action for e in ws.store.events()]


async def test_the_diff_dialog_shows_both_and_accepts(coord):
    ws, a = coord
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await open_proposals(pilot, app, a.id)
        table = screen.query_one("#proposals-table", DataTable)
        table.move_cursor(row=table.get_row_index("10301"))
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, ProposalDialog)
        assert text(dialog.query_one("#saved", Static)) == "Metadata lama"
        # the OPD's words are shown as typed, never read as markup
        assert text(dialog.query_one("#proposed", Static)) == "Metadata [b]baru[/b] lengkap"
        assert "tetap 2" in text(dialog.query_one("#level", Static))
        await press(pilot, "escape")  # Batal: nothing changes
        assert app.screen is screen
        assert len(ws.coordination.proposals(a.id)) == 2
        await press(pilot, "d")
        dialog = app.screen
        assert isinstance(dialog, ProposalDialog)
        dialog.query_one("#accept", Button).press()
        await pilot.pause()
        answer = ws.answer(a.id, "10301")
        assert answer is not None and (answer.level, answer.explanation) == (
            2, "Metadata [b]baru[/b] lengkap")
        assert [p.indicator for p in ws.coordination.proposals(a.id)] == ["20101"]


async def test_rejecting_keeps_the_answer(coord):
    ws, a = coord
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await open_proposals(pilot, app, a.id)
        table = screen.query_one("#proposals-table", DataTable)
        table.move_cursor(row=table.get_row_index("20101"))
        await press(pilot, "t")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        dialog.query_one("#no", Button).press()  # Batal first: still proposed
        await pilot.pause()
        assert len(ws.coordination.proposals(a.id)) == 2
        await press(pilot, "t")
        app.screen.query_one("#yes", Button).press()
        await pilot.pause()
        answer = ws.answer(a.id, "20101")
        assert answer is not None and (answer.level, answer.explanation) == (
            2, "Identifikasi sebagian")
        assert [p.indicator for p in ws.coordination.proposals(a.id)] == ["10301"]
        assert any("Usulan 20101 ditolak; jawaban tersimpan tetap" in m for m in messages(app))
        # and from the diff dialog's Tolak
        await press(pilot, "enter")
        assert isinstance(app.screen, ProposalDialog)
        app.screen.query_one("#reject", Button).press()
        await pilot.pause()
        assert ws.coordination.proposals(a.id) == []
        answer = ws.answer(a.id, "10301")
        assert answer is not None and answer.explanation == "Metadata lama"
        assert not screen.query_one("#proposals-table", DataTable).display
        assert "epss import xlsx" in text(screen.query_one("#proposals-summary", Static))


async def test_a_final_assessment_refuses_with_the_reason(coord):
    ws, a = coord
    ws.set_status(a.id, "final")
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await open_proposals(pilot, app, a.id)
        await press(pilot, "a")
        assert app.screen is screen  # no confirmation asked for a change that cannot be saved
        assert any("berstatus final" in m for m in messages(app))
        await press(pilot, "t")
        assert app.screen is screen
        # the diff can still be read; Terima there is refused too
        await press(pilot, "d")
        assert isinstance(app.screen, ProposalDialog)
        app.screen.query_one("#accept", Button).press()
        await pilot.pause()
        assert app.screen is screen
    assert len(ws.coordination.proposals(a.id)) == 2
    answer = ws.answer(a.id, "20101")
    assert answer is not None and answer.level == 2


async def test_empty_states_say_what_to_do(workspace):
    a = workspace.new_assessment(YEAR)
    app = create_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(CoordinationScreen(a.id))
        await pilot.pause()
        screen = app.screen
        progress = text(screen.query_one("#progress-summary", Static))
        assert "Belum ada penugasan" in progress and "epss assign KODE --opd NAMA" in progress
        assert not screen.query_one("#progress-table", DataTable).display
        await press(pilot, "right_square_bracket")
        proposals = text(screen.query_one("#proposals-summary", Static))
        assert "epss export xlsx --opd NAMA" in proposals and "epss import xlsx" in proposals
        await press(pilot, "a", "t", "d")
        assert app.screen is screen
        assert not [m for m in messages(app) if "Traceback" in m]


async def test_user_text_is_never_markup(workspace, tmp_path):
    ws = workspace
    a = ws.new_assessment(YEAR)
    ws.coordination.assign(a.id, "10101", opd=HOSTILE, pic="[i]PIC[/i]",
                           due=(date.today() - timedelta(days=1)).isoformat())
    app = create_app(ws)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.push_screen(CoordinationScreen(a.id))
        await pilot.pause()
        screen = app.screen
        assert cells(screen.query_one("#progress-table", DataTable), 0)[0] == HOSTILE
        detail = text(screen.query_one("#progress-detail", Static))
        assert HOSTILE in detail and "PIC [i]PIC[/i]" in detail


# -- Babak penilaian TPB -----------------------------------------------------------------------


async def test_rounds_table_drop_list_and_switching(rounds):
    ws, _m, b = rounds
    app = create_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(RoundsScreen(b.id))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RoundsScreen)
        table = screen.query_one("#rounds-table", DataTable)
        summaries = {s.round: s for s in ws.rounds.summaries(b.id)}
        rows = [cells(table, n) for n in range(table.row_count)]
        assert [r[0] for r in rows] == ["  Penilaian dokumen", "▸ Pleno"]  # latest shown
        total = len(ws.catalog.indicators)
        assert rows[0][3] == f"4/{total}" and rows[1][3] == f"2/{total}"
        assert rows[1][4] == "2026-09-20" and rows[0][4] == "-"
        assert rows[1][2] == summaries["pleno"].scorecard.predikat
        drops = screen.query_one("#drops-table", DataTable)
        assert [cells(drops, n)[:2] for n in range(drops.row_count)] == [
            ["10101", "3 → 2"], ["10301", "3 → 2"]]
        assert cells(drops, 0)[3] == "SK belum bertanda tangan"  # the latest note kept
        assert cells(drops, 1)[2] == "Dinas Kesehatan"
        head = text(screen.query_one("#drops-summary", Static))
        assert "babak Pleno: 2 indikator turun" in head and "2026-09-20" in head
        detail = text(screen.query_one("#drop-detail", Static))
        assert "Catatan TPB: SK belum bertanda tangan" in detail
        await press(pilot, "r")
        assert screen.round == "dokumen"
        assert [cells(drops, n)[:2] for n in range(drops.row_count)] == [["10101", "3 → 1"]]
        assert cells(table, 0)[0] == "▸ Penilaian dokumen"
        await press(pilot, "r")
        assert screen.round == "pleno"


async def test_enter_dismisses_with_the_code(rounds):
    ws, m, b = rounds
    app = create_app(ws)
    returned: list[str | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(RoundsScreen(m.id), returned.append)  # the mandiri finds its badan
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RoundsScreen)
        assert (screen.badan_id, screen.mandiri_id) == (b.id, m.id)
        drops = screen.query_one("#drops-table", DataTable)
        assert drops.has_focus  # the repair list is where Enter goes
        drops.move_cursor(row=1)
        await press(pilot, "enter")
    assert returned == ["10301"]


async def test_the_package_is_written_in_the_workspace(rounds):
    ws, _m, b = rounds
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(RoundsScreen(b.id))
        await pilot.pause()
        await press(pilot, "w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        dest = ws.root / "reports" / f"perbaikan-{YEAR}"
        assert (dest / "indeks-perbaikan.xlsx").is_file()
        folders = sorted(p.name[:9] for p in dest.iterdir() if p.is_dir())
        assert folders == ["01_10101_", "02_10301_"]  # one folder per dropped indicator
        assert any(f"Paket perbaikan ditulis ke {dest}" in m for m in messages(app))
        # a second package goes beside the first, never into it
        assert package_folder(ws.reports_folder, YEAR) == dest.with_name(f"perbaikan-{YEAR}-2")
        assert app.screen.writing is False


async def test_rounds_empty_states(workspace):
    ws = workspace
    m = ws.new_assessment(YEAR)
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(RoundsScreen(m.id))
        await pilot.pause()
        screen = app.screen
        summary = text(screen.query_one("#rounds-summary", Static))
        assert "bukan penilaian badan" in summary and "epss round set" in summary
        assert not screen.query_one("#drops-table", DataTable).display
        await press(pilot, "w", "r", "enter")
        assert app.screen is screen
        await press(pilot, "escape")
        b = ws.new_assessment(YEAR, "badan")
        app.push_screen(RoundsScreen(b.id))
        await pilot.pause()
        screen = app.screen
        summary = text(screen.query_one("#rounds-summary", Static))
        assert "Belum ada babak penilaian TPB" in summary
        assert "epss round set --round dokumen KODE --level N" in summary
        assert [label for _k, label in screen.key_hints()][:1] == ["Kembali"]
        assert "Tulis paket perbaikan" not in [label for _k, label in screen.key_hints()]


async def test_no_drops_writes_no_package(rounds):
    ws, _m, b = rounds
    for code in ("10101", "10301"):
        ws.rounds.set_level(b.id, "final", code, 3)
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(RoundsScreen(b.id))
        await pilot.pause()
        screen = app.screen
        assert screen.round == "final"
        assert "0 indikator turun" in text(screen.query_one("#drops-summary", Static))
        await press(pilot, "w")
        assert any("paket perbaikan tidak dibuat" in m for m in messages(app))
    assert not (ws.root / "reports" / f"perbaikan-{YEAR}").exists()


# -- small terminals ---------------------------------------------------------------------------


def on_screen(app, widget) -> bool:
    region = widget.region
    return bool(region.area) and Region(0, 0, *app.size).contains_region(region)


@pytest.mark.parametrize("size", [pytest.param((40, 15), id="40x15", marks=pytest.mark.slow),
                                  pytest.param((80, 24), id="80x24")])
async def test_small_terminals(coord, size):
    ws, a = coord
    b = add_rounds(ws)  # 10101 and 10201 at level 3 in the mandiri: dokumen 1, pleno 2
    app = create_app(ws)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.push_screen(CoordinationScreen(a.id))
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#progress-table", DataTable)
        assert table.row_count == 3 and on_screen(app, table)
        assert str(table.get_row_at(0)[1]) == "HIJAU"
        opd, zone = list(table.columns.values())[:2]  # the zone in view without scrolling
        assert (opd.get_render_width(table) + zone.get_render_width(table)
                <= table.scrollable_content_region.width)
        await press(pilot, "right_square_bracket", "enter")
        dialog = app.screen
        assert isinstance(dialog, ProposalDialog)
        for button in ("#accept", "#reject", "#cancel"):
            dialog.query_one(button, Button).focus()
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            assert on_screen(app, dialog.query_one(button, Button)), (button, size)
            assert dialog.query_one(Vertical).region.contains_region(
                dialog.query_one(button, Button).region)
        await press(pilot, "escape", "escape")
        app.push_screen(RoundsScreen(b.id))
        await pilot.pause()
        drops = app.screen.query_one("#drops-table", DataTable)
        assert drops.row_count == 1
        drops.focus()
        await pilot.pause()
        assert on_screen(app, drops)
        await pilot.resize_terminal(*(80, 24) if size == (40, 15) else (40, 15))
        await pilot.pause()
        assert app.screen.query_one("#drops-table", DataTable).row_count == 1


# -- reached from Beranda and the indicator (the demo: OPD assignments, rounds on BPS 2023) ----


async def test_w_and_z_on_beranda_open_coordination_and_the_rounds(demo_workspace,
                                                                   open_workspace):
    ws = open_workspace(demo_workspace)
    badan = ws.assessment(2023, "badan").id
    mandiri_2023 = ws.assessment(2023, "mandiri").id
    app = create_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, CoordinationScreen)
        await pilot.press("escape")
        await pilot.pause()
        table = home.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(str(badan)))
        await pilot.press("z")
        await pilot.pause()
        rounds = app.screen
        assert isinstance(rounds, RoundsScreen) and rounds.badan_id == badan
        drops = rounds.query_one("#drops-table", DataTable)
        assert drops.row_count == 8  # the demo's eight indicators below mandiri 2023
        first = str(drops.get_row_at(0)[0])
        await pilot.press("enter")
        await pilot.pause()
        opened = app.screen
        assert opened.__class__.__name__ == "AssessmentScreen"
        assert opened.assessment_id == mandiri_2023 and opened.code == first
