"""`g` in the terminal UI offers the presentation beside the dossier and the summary (issue 17)."""

from __future__ import annotations

from pilot_kit import wait_for_render
from pptx import Presentation
from textual.widgets import DataTable, Select, Static

from epss.tui.app import create_app
from epss.tui.screens.home import HomeScreen
from epss.tui.screens.report import DECK_CHOICE, ReportDialog


async def test_g_offers_and_writes_the_presentation(demo_workspace, open_workspace):
    ws = open_workspace(demo_workspace)
    a = ws.assessment(2024)
    app = create_app(ws)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(str(a.id)))
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        select = dialog.query_one("#template", Select)
        assert [value for _label, value in select._options] == ["dossier", "summary", "deck"]
        assert DECK_CHOICE.startswith("Presentasi")
        select.value = "deck"
        await pilot.pause()
        await pilot.click("#ok")
        await wait_for_render(pilot, dialog)
        path = ws.root / "reports" / "presentasi-9971-2024.pptx"
        assert dialog.written == path
        where = str(dialog.query_one("#where", Static).render())
        assert "Presentasi ditulis ke" in where and str(path) in where
        assert len(Presentation(str(path)).slides) >= 10
