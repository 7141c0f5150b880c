"""Kegiatan terpilih and the evidence-marks dialog in the TUI, driven by Textual's Pilot: what is
typed is saved through the workspace, a refusal stays inside the dialog with the input kept."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, DataTable, Input, Select, Static
from textual.widgets.data_table import RowKey

from epss.tui.app import create_app
from epss.tui.screens.dialogs import ConfirmDialog
from epss.tui.screens.kegiatan import EvidenceMarkDialog, KegiatanDialog, KegiatanScreen


@pytest.fixture
def ws(demo_workspace, open_workspace):
    return open_workspace(demo_workspace)


def mandiri_2024(ws) -> int:
    return ws.assessment(2024).id


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"),
                                  pytest.param((40, 15), id="40x15", marks=pytest.mark.slow)])
async def test_the_demo_sample_is_listed_and_one_is_added_and_removed(ws, size):
    app = create_app(ws)
    a = mandiri_2024(ws)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.push_screen(KegiatanScreen(a))
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2  # the demo's two sampled kegiatan
        assert "Dinas Kesehatan" in str(table.get_row_at(0)[0])
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, KegiatanDialog)
        dialog.query_one("#opd", Input).value = "Dinas Kesehatan"
        dialog.query_one("#name", Input).value = "Survei Status Gizi Balita 2024"
        dialog.commit({"opd": "Dinas Kesehatan", "name": "Survei Status Gizi Balita 2024",
                       "code": "", "kind": "survei"})
        await pilot.pause()
        assert app.screen is dialog  # a duplicate is refused inside, the input kept
        assert "sudah terdaftar" in str(dialog.query_one("#error", Static).render())
        assert dialog.query_one("#opd", Input).value == "Dinas Kesehatan"
        dialog.query_one("#name", Input).value = "Survei Imunisasi"
        dialog.commit({"opd": "Dinas Kesehatan", "name": "Survei Imunisasi", "code": "",
                       "kind": "survei"})
        await pilot.pause()
        assert isinstance(app.screen, KegiatanScreen)
        assert table.row_count == 3
        table.move_cursor(row=2)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        app.screen.dismiss(True)
        await pilot.pause()
        assert [k.name for k in ws.sampling.kegiatan(a)] == [
            "Survei Status Gizi Balita 2024", "Kompilasi Data Pokok Sekolah 2024"]


async def test_marks_are_saved_and_a_bad_year_keeps_the_dialog(ws):
    a = mandiri_2024(ws)
    att = next(x for x in ws.evidence(a) if x.title.startswith("Laporan Survei"))
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(EvidenceMarkDialog(att))
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#kind", Select).value == "laporan"
        dialog.query_one("#year", Input).value = "dua ribu"
        dialog.query_one("#year", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "tahun dokumen harus angka" in str(dialog.query_one("#error", Static).render())
        dialog.query_one("#year", Input).value = "2024"
        dialog.query_one("#kind", Select).value = "kak"
        dialog.query_one("#signed", Checkbox).value = True
        dialog.query_one("#tpb", Checkbox).value = False
        dialog.query_one("#kegiatan", Select).value = ""
        dialog.query_one("#year", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not dialog
    saved = next(x for x in ws.evidence(a) if x.id == att.id)
    assert (saved.doc_kind, saved.doc_year, saved.signed, saved.for_tpb, saved.kegiatan_id) == (
        "kak", 2024, True, False, None)


async def test_a_final_assessment_refuses_a_new_kegiatan(ws):
    a = mandiri_2024(ws)
    ws.set_status(a, "final")
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(KegiatanScreen(a))
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, KegiatanScreen)
        assert any("final" in str(n.message) for n in app._notifications)


async def test_j_marks_the_selected_evidence_and_the_list_shows_it(ws):
    a = mandiri_2024(ws)
    att = next(x for x in ws.evidence(a) if x.title.startswith("Laporan Survei"))
    app = create_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.open_indicator(a, att.indicator)
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#evidence", DataTable)
        table.move_cursor(row=table.get_row_index(str(att.id)))
        table.focus()
        await pilot.press("j")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EvidenceMarkDialog)
        dialog.query_one("#year", Input).value = "2024"
        dialog.query_one("#signed", Checkbox).value = True
        dialog.query_one("#year", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        title, said = str(table.get_row(str(att.id))[1]).split("\n")
        assert "Laporan" in title  # the title first, what is said of it on the line below,
        assert "2024" in said and "ttd" in said  # so that 80 columns show both
        assert table.rows[RowKey(str(att.id))].height == 2
    saved = next(x for x in ws.evidence(a) if x.id == att.id)
    assert (saved.doc_year, saved.signed) == (2024, True)


async def test_shift_k_opens_the_sample_from_the_indicator_and_from_beranda(ws):
    a = mandiri_2024(ws)
    app = create_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        await pilot.press("K")
        await pilot.pause()
        assert isinstance(app.screen, KegiatanScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        home.open_indicator(a, "10101")
        await pilot.pause()
        await pilot.press("K")
        await pilot.pause()
        assert isinstance(app.screen, KegiatanScreen) and app.screen.assessment_id == a
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "AssessmentScreen"
