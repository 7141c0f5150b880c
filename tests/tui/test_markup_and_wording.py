"""Text from users and from imported files is shown as typed, never read as markup, and the
official worksheet's wording (``epss import lke-criteria``) is what the Penilaian screen shows."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, OptionList, Static, Tree

from epss.core.catalog import LEVELS
from epss.services.workspace import Workspace
from epss.tui.app import create_app
from epss.tui.screens.assessment import AssessmentScreen
from epss.tui.screens.check import CheckScreen
from epss.tui.screens.home import HomeScreen

HOSTILE = "Nama [b]tebal[/b] dan [/x] rusak [link=x]"


@pytest.fixture
def ws(tmp_path):
    workspace = Workspace.create(tmp_path / "ws", name="Pemerintah Kota Contoh", kind="kota",
                                 code="9971", actor="operator [/i]")
    a = workspace.new_assessment(2024, title=f"Judul {HOSTILE}")
    workspace.set_answer(a.id, "10101", level=3, explanation=HOSTILE)
    workspace.link_evidence(a.id, "10101", "https://contoh.go.id/sop", title=HOSTILE)
    workspace.add_comment(a.id, "10101", HOSTILE, role="[/r]")
    rows = [{"indicator": code, "name": f"{code} resmi {HOSTILE}",
             "description": f"Penjelasan resmi {HOSTILE}",
             "levels": [f"{n}. kriteria resmi {HOSTILE}" for n in LEVELS]}
            for code in ("10101", "10201")]
    with workspace.store.transaction():
        workspace.store.replace_criteria_wording(rows, "lke [/x].xlsx", "operator")
    yield workspace
    workspace.close()


def _text(widget) -> str:
    return str(widget.render())


async def test_hostile_text_is_shown_literally_everywhere(ws):
    reopened = Workspace.open(ws.root, actor="operator")  # the overlay is read on open
    app = create_app(reopened)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        titles = [str(c) for c in home.query_one(DataTable).get_row_at(0)]
        assert any(HOSTILE in t for t in titles)

        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        assert screen.code == "10201"  # it opens at the first unanswered indicator
        assert "10201 resmi" in _text(screen.query_one("#ind-title", Static))
        screen.select("10101")
        await pilot.pause()
        title = _text(screen.query_one("#ind-title", Static))
        assert f"10101 resmi {HOSTILE}" in title
        desc = _text(screen.query_one("#ind-desc", Static))
        assert f"Penjelasan resmi {HOSTILE}" in desc
        assert "LKE resmi (lke [/x].xlsx" in desc  # the note names whose words these are
        options = screen.query_one("#levels", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(5)]
        assert all(f"kriteria resmi {HOSTILE}" in p for p in prompts), prompts
        tree = screen.query_one("#tree", Tree)
        labels = [str(node.label) for node in tree.root.children[0].children[0].children]
        assert any(HOSTILE in label for label in labels)
        evidence = screen.query_one("#evidence", DataTable)
        assert str(evidence.get_row_at(0)[1]) == HOSTILE  # the title, first
        comments = screen.query_one("#comments", DataTable)
        assert HOSTILE in [str(c) for c in comments.get_row_at(0)]

        screen.select("10301")  # keeps our words
        await pilot.pause()
        assert "resmi" not in _text(screen.query_one("#ind-title", Static))

        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckScreen)
        await pilot.pause()
    reopened.close()


async def test_without_an_overlay_there_is_no_wording_note(ws):
    ws.clear_criteria()
    app = create_app(ws)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        desc = _text(app.screen.query_one("#ind-desc", Static))
        assert "LKE resmi" not in desc
        assert ws.catalog.indicator("10101").description.split()[0] in desc
