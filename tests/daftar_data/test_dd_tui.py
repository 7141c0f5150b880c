"""The Daftar data screen: `y` from Beranda, the OPD table with zones as words, drill-down to an
OPD's items, the empty state, and the smallest terminal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

import epss.tui.screens.daftar_data as screen_module
from epss.services.daftar_data import DaftarData
from epss.tui.app import create_app
from epss.tui.screens.daftar_data import DaftarDataItemsScreen, DaftarDataScreen
from epss.tui.screens.home import HomeScreen

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "daftar_data"


class _Today(date):
    @classmethod
    def today(cls) -> _Today:
        return cls(2025, 3, 10)


@pytest.fixture
def loaded(workspace, monkeypatch):
    monkeypatch.setattr(screen_module, "date", _Today)
    desk = DaftarData(workspace)
    desk.import_items(FIXTURES / "format-daftar-data-daerah.xlsx")
    desk.import_portal(FIXTURES / "ckan-package-search.json")
    return workspace


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


@pytest.mark.parametrize("size", [(80, 24), (40, 15)], ids=["80x24", "40x15"])
async def test_opd_table_and_drill_down(loaded, size):
    app = create_app(loaded)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DaftarDataScreen)
        rows = _cells(screen.query_one(DataTable))
        names = ["Badan Keuangan Daerah", "Dinas Kesehatan", "Dinas Pendidikan",
                 "Dinas Pertanian"]
        assert all(full.startswith(r[0].rstrip("…")) for r, full in zip(rows, names, strict=True))
        assert [r[-1] for r in rows] == ["KUNING", "KUNING", "KUNING", "MERAH"]
        summary = str(screen.query_one("#dd-summary", Static).render())
        assert "8/14 item di portal = 57,1 %" in summary and "KUNING" in summary
        await pilot.press("down", "enter")
        await pilot.pause()
        items = app.screen
        assert isinstance(items, DaftarDataItemsScreen)
        cells = _cells(items.query_one(DataTable))
        assert cells[1][0] == "DD-002" and cells[1][3] == "terlambat"
        assert cells[3][3] == "belum ada"
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_empty_state_says_how_to_import(workspace):
    app = create_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        text = str(app.screen.query_one("#dd-summary", Static).render())
        assert "epss daftar-data import" in text
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
