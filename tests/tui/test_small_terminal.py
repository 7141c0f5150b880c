"""Every screen and dialog at small terminal sizes (40x15 up to 80x24), and while resizing,
driven by Textual's Pilot.

Pilot re-raises any exception the app let escape when the test leaves ``run_test``, so each
test fails on a crash; the assertions check that what a user needs is on screen: the level
choices have width, the indicator list folds away below 80 columns and opens with ``i``, a
dialog's buttons can be scrolled into view, tables keep rows to show.
"""

from __future__ import annotations

import pytest
from pilot_kit import press
from textual.containers import Vertical
from textual.geometry import Region
from textual.widgets import Button, DataTable, DirectoryTree, OptionList, Static, Tree

from epss.tui.app import create_app
from epss.tui.screens.assessment import AssessmentScreen
from epss.tui.screens.check import CheckScreen
from epss.tui.screens.committee import (
    CategoryDialog,
    CommitteeScreen,
    EntrantScreen,
    ValueDialog,
)
from epss.tui.screens.committee_report import CommitteeReportDialog
from epss.tui.screens.dialogs import (
    ConfirmDialog,
    FilePickerDialog,
    LinkDialog,
    NewAssessmentDialog,
    PromptDialog,
    ReportedDialog,
)
from epss.tui.screens.help import HelpScreen
from epss.tui.screens.history import HistoryScreen
from epss.tui.screens.home import HomeScreen
from epss.tui.screens.plan import PlanScreen
from epss.tui.screens.report import ReportDialog

# The extremes run in every suite; the sizes between them, and the resize walks, are marked
# slow: `.ci/run` runs them after the README's quick suite (`-m "not slow"`).
SIZES = [
    pytest.param((40, 15), id="40x15", marks=pytest.mark.slow),
    pytest.param((44, 15), id="44x15", marks=pytest.mark.slow),
    pytest.param((60, 20), id="60x20", marks=pytest.mark.slow),
    pytest.param((80, 24), id="80x24"),
]


@pytest.fixture
def ws(demo_workspace, open_workspace):
    return open_workspace(demo_workspace)


@pytest.fixture
def committee_ws(committee_workspace, open_workspace):
    return open_workspace(committee_workspace)


# -- helpers ----------------------------------------------------------------------------------


def on_screen(app, widget) -> bool:
    """Whether the whole widget is inside the terminal (not clipped or scrolled away)."""
    region = widget.region
    return bool(region.area) and Region(0, 0, *app.size).contains_region(region)


async def reachable(pilot, selector: str = "#ok") -> None:
    """A dialog's button can be brought on screen (by focusing it, as Tab does) and is then
    inside the dialog's box, not cut off below it."""
    app = pilot.app
    button = app.screen.query_one(selector, Button)
    button.focus()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()  # the dialog scrolls smoothly
    box = app.screen.query_one(Vertical)
    assert on_screen(app, button), f"{selector} is off screen at {app.size}"
    assert box.region.contains_region(button.region), f"{selector} clipped at {app.size}"


async def until(pilot, condition) -> bool:
    """Let the app settle until ``condition()`` holds (a dismissed screen's callback may push
    the next screen a few message rounds later)."""
    for _ in range(20):
        if condition():
            return True
        await pilot.pause()
    return condition()


def fits(table: DataTable, last: str) -> bool:
    """Whether the columns up to ``last`` are in view without scrolling sideways."""
    columns = list(table.columns.values())
    labels = [str(c.label) for c in columns]
    offset = sum(c.get_render_width(table) for c in columns[:labels.index(last) + 1])
    return offset <= table.scrollable_content_region.width


def mandiri_2024(ws) -> int:
    return ws.assessment(2024).id


# -- Beranda and its dialogs ------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_home_and_its_dialogs(ws, size):
    ws.set_status(ws.assessment(2023, "badan").id, "draft")  # final in the demo: b would refuse
    app = create_app(ws)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one(DataTable)
        assert table.row_count == 3
        # status and IPS are readable without scrolling sideways, from 80 columns every number
        assert fits(table, "IPS")
        if size[0] >= 80:
            assert fits(table, "Berbukti")  # was cut off at 80 columns
        await press(pilot, "down", "up")

        await press(pilot, "n")
        assert isinstance(app.screen, NewAssessmentDialog)
        if size >= (80, 24):  # title to buttons at once (year and kind share a row)
            assert app.screen.query_one(Vertical).max_scroll_y == 0
        await reachable(pilot)
        await press(pilot, "escape")

        for key, dialog in (("r", PromptDialog), ("d", ConfirmDialog), ("f", ConfirmDialog)):
            await press(pilot, key)
            assert isinstance(app.screen, dialog), key
            await reachable(pilot, "#ok" if dialog is PromptDialog else "#yes")
            await press(pilot, "escape")
            assert app.screen is home

        await press(pilot, "down", "down")  # the 2023 BPS result
        await press(pilot, "b")
        assert isinstance(app.screen, ReportedDialog)
        await reachable(pilot)
        await press(pilot, "escape")
        assert app.screen is home
    assert ws.assessment(2024).status == "draft"  # every dialog was cancelled


# -- Penilaian ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_assessment_screen_at_size(ws, size):
    app = create_app(ws)
    a = mandiri_2024(ws)
    narrow = size[0] < 80
    async with app.run_test(size=size) as pilot:
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        levels = screen.query_one("#levels", OptionList)
        assert levels.size.width >= 20  # was 0 at 40-44 columns: a crash
        tree = screen.query_one("#tree", Tree)
        score_line = screen.query_one("#score-line", Static)
        if narrow:
            assert not tree.region.area  # folded away: the detail has the width
            assert screen.query_one("#detail").size.width >= size[0] - 2
            assert score_line.display and "IPS 2,52" in str(score_line.render())
            assert "i" in str(score_line.render())  # says how to open the list
            await press(pilot, "i")
            assert tree.region.area and tree.has_focus
            await press(pilot, "down", "down", "down", "down")
            await press(pilot, "enter")  # chooses 10201 and closes the list
            assert not tree.region.area
            assert screen.code == "10201"
            await press(pilot, "i", "escape")  # Esc closes the list, stays on the screen
            assert app.screen is screen and not tree.region.area
        else:
            assert tree.region.area and tree.has_focus
            await press(pilot, "n")
            assert screen.code == "10201"

        await press(pilot, "n", "p")
        assert screen.code == "10201"
        await press(pilot, "4")
        assert ws.answer(a, "10201").level == 4
        await press(pilot, "e", "x", "y", "escape")
        assert ws.answer(a, "10201").explanation.endswith("xy")
        assert app.screen is screen

        for key, dialog in (("a", FilePickerDialog), ("l", LinkDialog), ("m", PromptDialog)):
            await press(pilot, key)
            assert isinstance(app.screen, dialog), key
            if dialog is FilePickerDialog:  # the folder tree has room (was 0 rows high)
                assert app.screen.query_one(DirectoryTree).scrollable_content_region.height >= 3
            await reachable(pilot)
            await press(pilot, "escape")
            assert app.screen is screen
        await press(pilot, "x")  # 10201 has evidence in the demo: asks first
        assert isinstance(app.screen, ConfirmDialog)
        await reachable(pilot, "#yes")
        await press(pilot, "escape")

        await press(pilot, "c")
        check = app.screen
        assert isinstance(check, CheckScreen)
        findings = check.query_one("#findings", DataTable)
        assert findings.size.height >= 3
        await press(pilot, "down", "enter")
        assert await until(pilot, lambda: app.screen is screen)

        await press(pilot, "g")
        assert isinstance(app.screen, ReportDialog)
        await reachable(pilot)
        await press(pilot, "escape")
        await press(pilot, "f")
        assert isinstance(app.screen, ConfirmDialog)
        await reachable(pilot, "#yes")
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, HomeScreen)


# -- Riwayat, Rencana, Periksa, Bantuan -------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_history_plan_and_help(ws, size):
    app = create_app(ws)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press(pilot, "h")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        rows = history.query_one("#years-indicators", DataTable)
        assert rows.row_count and rows.size.height >= 3  # was squeezed to 0 rows at 15 lines
        wide = size[0] >= 80  # the effect on the IPS was cut off at 80 columns
        assert fits(rows, "Ke IPS") or not wide
        await press(pilot, "down", "t")
        gap = history.query_one("#gap-indicators", DataTable)
        assert gap.size.height >= 3
        assert fits(gap, "Ke IPS") or not wide
        await press(pilot, "t", "shift+tab", "shift+tab")
        assert on_screen(app, app.focused)  # the year choices scroll into view
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)

        await press(pilot, "v")
        plan = app.screen
        assert isinstance(plan, PlanScreen)
        steps = plan.query_one("#plan-steps", DataTable)
        assert steps.row_count and steps.size.height >= 3
        if size[0] >= 80:  # the gain and the IPS after each step were cut off at 80 columns
            assert fits(steps, "IPS")
        await press(pilot, "down", "enter")  # opens the step's indicator
        assert await until(pilot, lambda: isinstance(app.screen, AssessmentScreen))
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "pagedown", "end", "escape")
        assert isinstance(app.screen, AssessmentScreen)


# -- Komite ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_committee_screens(committee_ws, size):
    app = create_app(committee_ws)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CommitteeScreen)
        table = screen.query_one("#entrants", DataTable)
        assert table.row_count == 14 and table.size.height >= 3
        await press(pilot, "s", "s", "down")
        for key in ("i", "j"):
            await press(pilot, key)
            assert isinstance(app.screen, ValueDialog), key
            await reachable(pilot)
            await press(pilot, "escape")
            assert app.screen is screen
        await press(pilot, "g")
        assert isinstance(app.screen, CommitteeReportDialog)
        await reachable(pilot)
        await press(pilot, "escape", "enter")
        entrant = app.screen
        assert isinstance(entrant, EntrantScreen)
        assert entrant.query_one("#entrant-values", DataTable).size.height >= 3
        await press(pilot, "down", "j")
        assert isinstance(app.screen, ValueDialog)
        await reachable(pilot)
        await press(pilot, "escape", "escape")
        assert app.screen is screen
        await press(pilot, "question_mark", "escape", "escape")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_committee_category_dialog(committee_ws, size):
    c = committee_ws.committee
    award = c.add_category(c.award(), "kab", "Kabupaten")
    c.add_category(award, "kota", "Kota")
    app = create_app(committee_ws)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CommitteeScreen)
        await press(pilot, "K")
        assert isinstance(app.screen, CategoryDialog)
        await reachable(pilot)
        await press(pilot, "escape", "enter", "K")
        assert isinstance(app.screen, CategoryDialog)
        await reachable(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, EntrantScreen)


# -- resizing while running -----------------------------------------------------------------

WALK = [(120, 36), (40, 15), (200, 60), (44, 15), (79, 24), (80, 24), (60, 20), (100, 15),
        (40, 60), (41, 16)]


@pytest.mark.slow  # ten sizes, about 8 s
async def test_resizing_the_assessment_screen_keeps_it_usable(ws):
    app = create_app(ws)
    async with app.run_test(size=(120, 36)) as pilot:
        await press(pilot, "enter")
        screen = app.screen
        tree = screen.query_one("#tree", Tree)
        for size in WALK:
            await pilot.resize_terminal(*size)  # waits until the screen has settled
            narrow = size[0] < 80
            assert screen.has_class("-narrow") == narrow, size
            assert bool(tree.region.area) != narrow, size
            assert screen.query_one("#levels", OptionList).size.width >= 20, size
            if narrow:
                await press(pilot, "i")
                assert tree.region.area and tree.has_focus, size
                await press(pilot, "down", "escape")
                assert not tree.region.area, size
            await press(pilot, "n", "p")
            assert app.screen is screen, size


async def test_a_screen_uncovered_after_a_resize_takes_the_new_layout(ws):
    """Only the top screen hears a resize: the one below must still fit when it comes back."""
    app = create_app(ws)
    async with app.run_test(size=(120, 36)) as pilot:
        await press(pilot, "enter")
        screen = app.screen
        await press(pilot, "c")
        assert isinstance(app.screen, CheckScreen)
        await pilot.resize_terminal(40, 15)
        await pilot.pause()
        await press(pilot, "escape")
        assert app.screen is screen
        assert screen.has_class("-narrow") and screen.has_class("-short")
        assert not screen.query_one("#tree", Tree).region.area
        await press(pilot, "3", "v")
        assert isinstance(app.screen, PlanScreen)
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        await press(pilot, "escape")
        assert app.screen is screen and not screen.has_class("-narrow")
        assert screen.query_one("#tree", Tree).region.area


@pytest.mark.slow  # about 25 s each
@pytest.mark.parametrize("start", [(40, 15), (200, 60)], ids=["40x15", "200x60"])
async def test_every_screen_survives_resizing(ws, start):
    app = create_app(ws)
    async with app.run_test(size=start) as pilot:
        await pilot.pause()
        for keys in (["h"], ["v"], ["g"], ["n"], ["enter", "a"], ["enter", "c"],
                     ["question_mark"]):
            await press(pilot, *keys)
            opened = app.screen
            for size in WALK:
                await pilot.resize_terminal(*size)  # waits until the screen has settled
                assert app.screen is opened
            await pilot.resize_terminal(*start)
            for _ in range(3):
                if not isinstance(app.screen, HomeScreen):
                    await press(pilot, "escape")
            assert isinstance(app.screen, HomeScreen), keys
