"""The Textual application: built by a factory that takes a Workspace, so tests inject one."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.binding import Binding

from epss.workspace import Workspace, WorkspaceError

T = TypeVar("T")


class Failed:
    """Returned by ``EpssApp.attempt`` when the action failed (and the user was told why)."""

    def __bool__(self) -> bool:
        return False


FAILED = Failed()


class EpssApp(App):
    """epss in the terminal: home, assessment, check and help screens."""

    CSS_PATH = "epss.tcss"
    TITLE = "epss"
    SUB_TITLE = "Penilaian mandiri EPSS"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        Binding("question_mark,f1", "help", "Bantuan", key_display="?"),
        Binding("ctrl+q", "quit", "Keluar", priority=True, show=False),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.ws = workspace

    def on_mount(self) -> None:
        from epss.tui.screens.home import HomeScreen

        self.title = f"epss — {self.ws.agency.name}"
        self.push_screen(HomeScreen())
        if not self.ws.assessments() and self.ws.committee.awards():  # a committee workspace
            from epss.tui.screens.committee import CommitteeScreen

            self.push_screen(CommitteeScreen())

    def attempt(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | Failed:
        """Run a workspace action; a refusal or an I/O error becomes a message, never a
        traceback."""
        try:
            return fn(*args, **kwargs)
        except WorkspaceError as exc:
            self.notify(str(exc), title="Tidak bisa", severity="error", timeout=8, markup=False)
        except (sqlite3.Error, OSError) as exc:
            self.notify(f"Gagal menyimpan atau membaca: {exc}", title="Kesalahan",
                        severity="error", timeout=10, markup=False)
        return FAILED

    def action_help(self) -> None:
        from epss.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        for screen in self.screen_stack:
            flush = getattr(screen, "flush", None)
            if flush:
                flush(update_ui=False)
        self.exit()


def create_app(workspace: Workspace) -> EpssApp:
    return EpssApp(workspace)


def run(workspace: Workspace) -> None:
    app = create_app(workspace)
    try:
        app.run()
    finally:
        for screen in app.screen_stack:
            flush = getattr(screen, "flush", None)
            if flush:
                flush(update_ui=False)
