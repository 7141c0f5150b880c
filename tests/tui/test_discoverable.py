"""Issue 19: an untrained official finds everything on screen at 80x24, nothing below the fold.

What must be in view at 80x24 is counted from the widgets' places on the screen (a widget is
in view when it lies between the header and the key bar and its parents are not scrolled):
8 plan steps, 6 history rows, the five levels together with the explanation editor.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from pilot_kit import errors, messages, press
from textual.command import CommandInput
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Input,
    OptionList,
    Static,
    TabbedContent,
    TextArea,
)

from epss.services.workspace import Workspace
from epss.tui.app import create_app
from epss.tui.screens.assessment import AssessmentScreen
from epss.tui.screens.dialogs import FilePickerDialog, LinkDialog, NewAssessmentDialog
from epss.tui.screens.export import ExportDialog
from epss.tui.screens.history import HistoryScreen
from epss.tui.screens.home import HomeScreen
from epss.tui.screens.plan import PlanScreen
from epss.tui.widgets.keybar import KeyBar, render_keys
from epss.tui.widgets.palette import PLACEHOLDER, ScreenCommands
from epss.tui.widgets.texts import byte_size, file_kind, local_time, zone_name

SMALL = (80, 24)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ws(demo_workspace, open_workspace) -> Workspace:
    return open_workspace(demo_workspace)


def in_view(widget: Widget) -> bool:
    """Wholly between the header and the key bar of its screen, its parents not scrolled."""
    screen = widget.screen
    bar = screen.query(KeyBar)
    bottom = screen.size.height - (bar.first().outer_size.height if bar else 1)
    region = widget.region
    parents_scrolled = any(getattr(node, "scroll_y", 0) for node in widget.ancestors
                           if isinstance(node, Widget))
    return (region.height > 0 and region.y >= 1 and region.bottom <= bottom
            and not parents_scrolled)


def rows_in_view(table: DataTable) -> int:
    """Data rows of a table that fit in its part of the screen."""
    assert in_view(table)
    inner = table.scrollable_content_region.height - table.header_height
    return min(table.row_count, inner)


# -- what 80x24 shows --------------------------------------------------------------------------


async def test_plan_shows_eight_steps_at_80x24(ws):
    a = ws.assessment(2024)
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "v")
        plan = app.screen
        assert isinstance(plan, PlanScreen)
        plan.query_one("#target").value = "Memuaskan"  # a long plan
        await pilot.pause()
        assert len(plan.steps) >= 8
        assert rows_in_view(plan.query_one("#plan-steps", DataTable)) >= 8
        assert plan.assessment_id == a.id


async def test_history_shows_six_rows_at_80x24(ws):
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "h")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        table = history.query_one("#years-indicators", DataTable)
        assert table.row_count >= 6
        assert rows_in_view(table) >= 6


async def test_assessment_shows_all_levels_with_the_explanation_at_80x24(ws):
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        levels = screen.query_one("#levels", OptionList)
        assert levels.option_count == 5 and in_view(levels)
        assert levels.scrollable_content_region.height >= 5  # every level on its own line
        editor = screen.query_one("#explanation", TextArea)
        assert in_view(editor) and editor.scrollable_content_region.height >= 3
        assert "Pasal 8" in editor.text  # the demo's explanation of 10101
        tabs = screen.query_one("#pane", TabbedContent)
        labels = [str(tab.label) for tab in tabs.query("Tab")]
        assert labels == ["Kriteria", "Penjelasan", "Bukti (2)", "Komentar (0)"]
        assert all(in_view(tab) for tab in tabs.query("Tab"))


async def test_the_tree_grows_with_the_window(ws):
    app = create_app(ws)
    async with app.run_test(size=(200, 50)) as pilot:
        await press(pilot, "enter")
        tree = app.screen.query_one("#tree")
        assert tree.size.width > 60  # was fixed at 36
        label = str(app.screen._tree_nodes["10101"].label)
        assert label.endswith("Penerapan Standar Data Statistik (SDS)")


# -- keys: shown for the focused area, never cut; every action in the palette -------------------


@pytest.mark.parametrize("keys", [(), ("enter",), ("enter", "b"), ("v",), ("h",),
                                  ("enter", "c")], ids=["home", "assessment", "evidence",
                                                        "plan", "history", "check"])
async def test_key_bar_is_whole_at_80_columns(ws, keys):
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, *keys)
        screen = app.screen
        bar = screen.query_one(KeyBar)
        hints = screen.key_hints()
        assert bar.outer_size.height <= 3
        shown = render_keys(hints, bar.content_size.width).plain
        for key, label in hints:
            assert f" {key} {label}" in shown.replace("\n", " "), (key, label)
        assert all(len(line) <= bar.content_size.width for line in shown.split("\n"))


async def test_evidence_tab_shows_its_keys(ws):
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "enter", "b")
        keys = dict(app.screen.key_hints())
        assert {"a", "l", "o", "x", "r"} <= set(keys)
        await press(pilot, "k")
        keys = dict(app.screen.key_hints())
        assert {"m", "s"} <= set(keys)


async def _palette_titles(screen, query: str) -> list[str]:
    provider = ScreenCommands(screen)
    return [str(hit.text) async for hit in provider.search(query)]


async def test_palette_offers_every_screen_action_in_indonesian(ws):
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        for query, title in [("riwayat", "Riwayat"), ("rencana", "Rencana"),
                             ("cetak", "Cetak PDF"), ("ekspor", "Ekspor bundel/xlsx"),
                             ("final", "Final/draf"), ("buka", "Buka")]:
            assert title in await _palette_titles(home, query), query
        await press(pilot, "enter")
        assessment = app.screen
        titles = await _palette_titles(assessment, "ekspor")
        assert "Ekspor bundel/xlsx" in titles
        await press(pilot, "ctrl+p")
        assert app.screen.query_one(CommandInput).placeholder == PLACEHOLDER


async def test_palette_command_runs_the_action(ws):
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        provider = ScreenCommands(app.screen)
        hit = next(iter([h async for h in provider.search("riwayat")]))
        await hit.command()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


# -- the file picker ---------------------------------------------------------------------------


async def test_file_picker_starts_in_last_folder_hides_dotfiles_takes_several(ws, tmp_path):
    folder = tmp_path / "unggah"
    (folder / "sub").mkdir(parents=True)
    (folder / "sk.pdf").write_bytes(PDF)
    (folder / "sop.pdf").write_bytes(PDF + b"%2\n")
    (folder / ".rahasia").write_text("x")
    ws.remember_folder(folder)
    a = ws.assessment(2024).id
    before = len(ws.evidence(a, "10101"))
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "enter", "a")
        picker = app.screen
        assert isinstance(picker, FilePickerDialog)
        tree = picker.folder_tree
        assert Path(tree.path) == folder
        for _ in range(50):
            if tree.root.children:
                break
            await pilot.pause(0.02)
        names = [Path(node.data.path).name for node in tree.root.children]
        assert names == ["sub", "sk.pdf", "sop.pdf"]  # no dotfile
        assert in_view(tree) and tree.scrollable_content_region.height >= 3
        assert in_view(picker.query_one("#ok", Button))
        path = picker.query_one("#path", Input)
        path.value = str(folder / "sub")  # a typed folder opens
        path.focus()
        await press(pilot, "enter")
        assert Path(tree.path) == folder / "sub"
        picker.query_one("#up", Button).press()  # and up again
        await pilot.pause()
        assert Path(tree.path) == folder
        for name in ("sk.pdf", "sop.pdf"):  # typed files are marked, several at once
            path.value = str(folder / name)
            path.focus()
            await press(pilot, "enter")
        assert tree.chosen == [folder / "sk.pdf", folder / "sop.pdf"]
        picker.query_one("#ok", Button).press()
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
    assert len(ws.evidence(a, "10101")) == before + 2
    assert ws.last_folder() == folder


async def test_file_picker_fits_60x20(ws, tmp_path):
    app = create_app(ws)
    async with app.run_test(size=(60, 20)) as pilot:
        await press(pilot, "enter", "a")
        picker = app.screen
        assert isinstance(picker, FilePickerDialog)
        assert all(in_view(button) for button in picker.query(Button))
        assert picker.folder_tree.scrollable_content_region.height >= 3


async def test_file_picker_keeps_a_bad_path_with_the_reason(ws, tmp_path):
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "enter", "a")
        picker = app.screen
        path = picker.query_one("#path", Input)
        path.value = str(tmp_path / "tidak-ada")
        path.focus()
        await press(pilot, "enter")
        assert app.screen is picker
        assert "tidak ada" in str(picker.query_one("#error", Static).render())
        assert path.value == str(tmp_path / "tidak-ada")


# -- dialogs keep their input on error ----------------------------------------------------------


async def test_link_dialog_keeps_a_bad_link_with_the_reason(ws, snapshot):
    before = snapshot(ws)
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "enter", "l")
        dialog = app.screen
        assert isinstance(dialog, LinkDialog)
        dialog.query_one("#url", Input).value = "bukan tautan"
        dialog.query_one("#title", Input).value = "Folder bukti"
        dialog.query_one("#ok", Button).press()
        await pilot.pause()
        assert app.screen is dialog
        assert str(dialog.query_one("#error", Static).render())
        assert dialog.query_one("#url", Input).value == "bukan tautan"
        assert dialog.query_one("#title", Input).value == "Folder bukti"
    assert snapshot(ws) == before


async def test_new_assessment_keeps_a_bad_year_with_the_reason(ws, snapshot):
    before = snapshot(ws)
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "n")
        dialog = app.screen
        assert isinstance(dialog, NewAssessmentDialog)
        year = dialog.query_one("#year", Input)
        year.value = "1800"
        dialog.query_one("#ok", Button).press()
        await pilot.pause()
        assert app.screen is dialog and year.value == "1800"
        assert "1800" in str(dialog.query_one("#error", Static).render()) or \
            str(dialog.query_one("#error", Static).render())
    assert snapshot(ws) == before


# -- feedback ----------------------------------------------------------------------------------


async def test_confidential_key_says_what_it_did(ws):
    a = ws.assessment(2024).id
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "enter", "b")
        att = ws.evidence(a, "10101")[0]
        await press(pilot, "r")
        assert any("rahasia" in m for m in messages(app))
        assert ws.evidence(a, "10101")[0].confidential != att.confidential
        table = app.screen.query_one("#evidence", DataTable)
        said = str(table.get_row(str(att.id))[1]).split("\n")[1]  # below the title
        assert said.startswith("rahasia, ") if not att.confidential else "rahasia" not in said


async def test_e_on_final_refuses_and_stays_out_of_the_editor(ws, snapshot):
    a = ws.assessment(2024).id
    ws.set_status(a, "final")
    before = snapshot(ws)
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "enter")
        screen = app.screen
        await press(pilot, "e")
        assert "final" in errors(app)[-1] and "Esc" in errors(app)[-1]
        assert not isinstance(app.focused, TextArea)
        await press(pilot, *"sop n")  # meant for the editor: not commands
        assert app.screen is screen and screen.code == "10101"
        assert len(errors(app)) == 1
        await press(pilot, "escape", "n")  # Esc ends it (and stays); keys work again
        assert app.screen is screen and screen.code == "10201"
    assert snapshot(ws) == before


async def test_header_drops_press_t_once_reviewed(ws):
    a = ws.assessment(2024).id
    ws.set_status(ws.assessment(2023).id, "draft")
    created = ws.new_assessment(2025, from_year=2024)
    app = create_app(ws)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.open_indicator(created.id, "10101")
        await pilot.pause()
        screen = app.screen
        meta = screen.query_one("#ind-meta", Static)
        assert "tekan t" in str(meta.render())
        assert "t" in dict(screen.key_hints())
        await press(pilot, "t")
        assert "tekan t" not in str(meta.render())
        assert "t" not in dict(screen.key_hints())
    assert a != created.id


async def test_saved_time_in_local_zone(ws, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Makassar")
    time.tzset()
    try:
        assert local_time("2024-05-20T08:00:00.000000+00:00") == "2024-05-20 16:00 WITA"
        app = create_app(ws)
        async with app.run_test(size=SMALL) as pilot:
            await press(pilot, "enter", "3", "4")
            state = str(app.screen.query_one("#save-state", Static).render())
            assert state.endswith("WITA")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_zone_names_and_file_kinds():
    assert [zone_name(timedelta(hours=h)) for h in (7, 8, 9)] == ["WIB", "WITA", "WIT"]
    assert zone_name(timedelta(hours=5, minutes=30)) == "UTC+5:30"
    assert zone_name(timedelta(0)) == "UTC"
    assert zone_name(timedelta(hours=-3)) == "UTC-3"
    assert file_kind("application/pdf", 591) == "PDF, 591 byte"
    assert file_kind("image/png", 2048) == "PNG, 2,0 KB"
    assert byte_size(5 * 1024 * 1024) == "5,0 MB"


async def test_evidence_type_is_readable(ws):
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "enter", "b")
        table = app.screen.query_one("#evidence", DataTable)
        kinds = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert any(k.startswith(("PDF, ", "tautan ")) for k in kinds), kinds


# -- the reviewer's name -----------------------------------------------------------------------


def test_reviewer_name_is_the_actor_when_epss_user_is_unset(ws, monkeypatch, refused):
    monkeypatch.delenv("EPSS_USER", raising=False)
    ws.set_reviewer_name("  Budi   Santoso ")
    assert ws.reviewer_name() == "Budi Santoso" and ws.actor == "Budi Santoso"
    root = ws.root
    with Workspace.open(root) as again:
        assert again.actor == "Budi Santoso"
    monkeypatch.setenv("EPSS_USER", "Ani")
    with Workspace.open(root) as again:
        assert again.actor == "Ani"  # the environment says who, first
    refused(ws, lambda: ws.set_reviewer_name("   "), "nama penilai")
    refused(ws, lambda: ws.set_reviewer_name("x" * 81), "80")


async def test_reviewer_name_from_home(ws, monkeypatch):
    monkeypatch.delenv("EPSS_USER", raising=False)
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "p")
        field = app.screen.query_one("#text", Input)
        field.value = ""
        await press(pilot, "enter")
        assert "kosong" in str(app.screen.query_one("#error", Static).render())  # kept open
        field.value = "Siti Rahma"
        await press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)
        assert "Siti Rahma" in str(app.screen.query_one("#home-hint", Static).render())
    assert ws.reviewer_name() == "Siti Rahma" and ws.actor == "Siti Rahma"


# -- finishing: export the bundle and the worksheet ---------------------------------------------


@pytest.mark.parametrize("kind, suffix", [("bundle", ".zip"), ("xlsx", ".xlsx")])
async def test_export_from_the_tui(ws, tmp_path, kind, suffix):
    target = tmp_path / "keluar"
    target.mkdir()
    app = create_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "x")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#kind").value = kind
        folder = dialog.query_one("#folder", Input)
        folder.value = str(tmp_path / "tidak-ada")
        dialog.query_one("#ok", Button).press()
        await pilot.pause()
        assert "tidak ada" in str(dialog.query_one("#error", Static).render())
        folder.value = str(target)
        dialog.query_one("#ok", Button).press()
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = list(target.iterdir())
        assert [p.suffix for p in written] == [suffix]
        assert str(written[0]) in str(dialog.query_one("#where", Static).render())
    assert ws.last_folder() == target
