"""What the terminal-UI tests do with Textual's Pilot, in one place: press keys as a user does
(waiting for the screen after each), and read what the screen says."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.screen import Screen
from textual.widgets import DataTable, Static


async def press(pilot: Any, *keys: str) -> Screen[Any]:
    """Press the keys one by one, letting the app settle after each; the screen now on top."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    return pilot.app.screen


def messages(app: Any) -> list[str]:
    """Every notification the app has shown, oldest first."""
    return [str(n.message) for n in app._notifications]


def errors(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


def text(screen: Any, selector: str) -> str:
    """The rendered text of a Static on the screen."""
    return str(screen.query_one(selector, Static).render())


def keys(table: DataTable[Any]) -> list[str]:
    """The row keys of a table, in the order shown."""
    return [str(row.key.value) for row in table.ordered_rows]


async def wait_for_render(pilot: Any, dialog: Any) -> None:
    """Until a PDF dialog's render in its worker thread is over (the dialog's "busy" class
    gone), up to ~20 s for the last callbacks."""
    await pilot.app.workers.wait_for_complete()
    for _ in range(200):
        await pilot.pause()
        if not dialog.has_class("busy"):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the PDF was not rendered in time")
