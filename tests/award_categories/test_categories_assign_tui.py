"""Issue 20 in the terminal UI (Pilot): `K` puts the highlighted entrant in one of the award's
categories, or in none, from the leaderboard and from the entrant's screen, through the
committee service as `epss award category assign` does (logged); a refusal stays in the dialog;
an award without categories says how to add one; a read-only workspace refuses with the reason.
On a private copy of the committee demo (which has no categories until a test adds them)."""

from __future__ import annotations

import json

import pytest
from pilot_kit import errors, messages, press, text
from textual.widgets import Button, DataTable, Select

import epss.services.workspace
from epss.services.workspace import Workspace
from epss.tui.app import create_app
from epss.tui.screens.committee import (
    LOOSE,
    NO_CATEGORIES,
    CategoryDialog,
    CommitteeScreen,
    EntrantScreen,
)

SIZE = (140, 40)
AWARD = "sata-jatim-2024"


@pytest.fixture
def ws(committee_workspace, open_workspace):
    return open_workspace(committee_workspace)


def with_categories(ws: Workspace) -> tuple[str, str]:
    """Kabupaten and Kota in the award, every entrant in none; (an entrant's key, its name)."""
    c = ws.committee
    award = c.add_category(c.award(AWARD), "kab", "Kabupaten")
    c.add_category(award, "kota", "Kota")
    entrant = c.entrants(award)[0]
    return entrant.key, entrant.name


def category_of(ws: Workspace, key: str) -> str | None:
    c = ws.committee
    return c.entrant(c.award(AWARD), key).category


def logged(ws: Workspace) -> list[dict]:
    return [json.loads(e.data) for e in ws.store.events()
            if e.action == "award_entrant_category"]


def kat_cell(table: DataTable, key: str) -> str:
    labels = [str(col.label) for col in table.columns.values()]
    return str(table.get_row(key)[labels.index("Kat.")])


async def choose(pilot, dialog: CategoryDialog, value: str) -> None:
    """Choose ``value`` and click Simpan (once the layout has settled: the error line, if
    any, is cleared by the choice)."""
    dialog.query_one("#category", Select).value = value
    await pilot.pause()
    await pilot.pause()
    await pilot.click("#ok")
    await pilot.pause()


async def highlight(pilot, screen: CommitteeScreen, key: str) -> None:
    table = screen.query_one("#entrants", DataTable)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


async def test_K_assigns_changes_and_clears_the_category_from_the_leaderboard(ws):
    key, name = with_categories(ws)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CommitteeScreen)
        table = screen.query_one("#entrants", DataTable)
        assert screen.check_action("entrant_category", ()) is True  # in the key bar
        assert "K kategori peserta" in text(screen, "#committee-hint")
        await highlight(pilot, screen, key)
        assert kat_cell(table, key) == "–"
        assert "tanpa kategori" in text(screen, "#entrant-detail")

        # assign, with the keyboard only: the entrant's current choice is "tanpa kategori"
        dialog = await press(pilot, "K")
        assert isinstance(dialog, CategoryDialog)
        select = dialog.query_one("#category", Select)
        assert select.value == LOOSE and select.has_focus
        labels = [str(option[0]) for option in select._options]
        assert labels == ["Kabupaten [kab]", "Kota [kota]",
                          "Tanpa kategori (tidak diberi peringkat)"]
        await press(pilot, "enter", "home", "enter")  # open the list, the first one, choose
        assert select.value == "kab"
        assert dialog.query_one("#ok", Button).has_focus
        await press(pilot, "enter")
        assert app.screen is screen
        assert category_of(ws, key) == "kab"
        assert kat_cell(table, key) == "kab"
        assert "kategori Kabupaten" in text(screen, "#entrant-detail")
        assert f"{name} masuk kategori Kabupaten." in messages(app)

        # change: the dialog opens on the current category
        dialog = await press(pilot, "K")
        assert dialog.query_one("#category", Select).value == "kab"
        await choose(pilot, dialog, "kota")
        assert app.screen is screen
        assert category_of(ws, key) == "kota" and kat_cell(table, key) == "kota"

        # clear: back to no category, listed but not ranked
        dialog = await press(pilot, "K")
        await choose(pilot, dialog, LOOSE)
        assert app.screen is screen
        assert category_of(ws, key) is None and kat_cell(table, key) == "–"
        assert str(table.get_row(key)[-1]) == "tanpa kategori"
        assert f"{name} kini tanpa kategori (tidak diberi peringkat)." in messages(app)

        # unchanged, or cancelled: nothing written
        count = len(logged(ws))
        dialog = await press(pilot, "K")
        await choose(pilot, dialog, LOOSE)
        dialog = await press(pilot, "K")
        dialog.query_one("#category", Select).value = "kab"
        await press(pilot, "escape")
        assert app.screen is screen and len(logged(ws)) == count
    assert logged(ws) == [
        {"entrant": key, "category": "kab", "before": None},
        {"entrant": key, "category": "kota", "before": "kab"},
        {"entrant": key, "category": None, "before": "kota"},
    ]


async def test_K_on_the_entrant_screen(ws):
    key, _ = with_categories(ws)
    ws.committee.set_category(ws.committee.award(AWARD), key, "kab")
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await highlight(pilot, app.screen, key)
        entrant = await press(pilot, "enter")
        assert isinstance(entrant, EntrantScreen)
        assert "kategori Kabupaten" in text(entrant, "#entrant-info")
        assert "K kategori peserta" in text(entrant, "#entrant-hint")
        dialog = await press(pilot, "K")
        assert isinstance(dialog, CategoryDialog)
        assert dialog.query_one("#category", Select).value == "kab"
        await choose(pilot, dialog, "kota")
        assert app.screen is entrant
        assert category_of(ws, key) == "kota"
        assert "kategori Kota" in text(entrant, "#entrant-info")
        board = await press(pilot, "escape")
        assert isinstance(board, CommitteeScreen)  # refreshed on return
        assert kat_cell(board.query_one("#entrants", DataTable), key) == "kota"


async def test_a_refusal_stays_in_the_dialog_with_the_reason(ws):
    key, _ = with_categories(ws)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await highlight(pilot, screen, key)
        dialog = await press(pilot, "K")
        assert isinstance(dialog, CategoryDialog)
        c = ws.committee
        c.remove_category(c.award(AWARD), "kota")  # removed meanwhile (another terminal)
        await choose(pilot, dialog, "kota")
        assert app.screen is dialog
        error = text(dialog, "#error")
        assert "kategori 'kota' tidak ada" in error and "(kategori: kab)" in error
        assert category_of(ws, key) is None and logged(ws) == []
        await pilot.pause(0.3)  # a button ignores a click while it shows the last one
        await choose(pilot, dialog, "kab")  # another choice is still saved
        assert app.screen is screen and category_of(ws, key) == "kab"


async def test_without_categories_K_says_how_to_add_one(ws):
    count = len(ws.store.events())
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CommitteeScreen)
        # not in the key bar (it stays as it was), yet the key answers
        assert screen.check_action("entrant_category", ()) is False
        assert "kategori peserta" not in text(screen, "#committee-hint").lower()
        await press(pilot, "K")
        assert app.screen is screen
        assert messages(app)[-1] == NO_CATEGORIES
        entrant = await press(pilot, "enter")
        assert isinstance(entrant, EntrantScreen)
        assert "K kategori" not in text(entrant, "#entrant-hint")
        await press(pilot, "K")
        assert app.screen is entrant and messages(app)[-1] == NO_CATEGORIES
        assert not errors(app)
    assert len(ws.store.events()) == count


async def test_a_read_only_workspace_refuses_K_with_the_reason(committee_workspace,
                                                               open_workspace, monkeypatch):
    writable = Workspace.open(committee_workspace)
    key, _ = with_categories(writable)
    writable.close()
    monkeypatch.setattr(epss.services.workspace, "read_only_reason",
                        lambda where: f"folder {where} tidak bisa ditulis")
    ws = open_workspace(committee_workspace)
    assert ws.read_only
    count = len(ws.store.events())
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await highlight(pilot, screen, key)
        await press(pilot, "K")
        assert app.screen is screen
        assert "baca saja" in errors(app)[-1].lower()
        entrant = await press(pilot, "enter")
        assert isinstance(entrant, EntrantScreen)
        await press(pilot, "K")
        assert app.screen is entrant and len(errors(app)) == 2
        assert "baca saja" in errors(app)[-1].lower()
    assert len(ws.store.events()) == count and category_of(ws, key) is None
