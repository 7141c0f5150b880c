"""The Textual application: built by a factory that takes a Workspace, so tests inject one."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from epss.services.workspace import Workspace, WorkspaceError

T = TypeVar("T")


class Failed:
    """Returned by ``EpssApp.attempt`` when the action failed (and the user was told why)."""

    def __bool__(self) -> bool:
        return False


FAILED = Failed()
TOLD = (WorkspaceError, sqlite3.Error, OSError)  # told to the user as a message
NARROW, SHORT = 80, 20  # below these columns / rows screens fold to their small layout


def guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """For a screen's message handler that reads the workspace: a damaged or locked database
    becomes a message instead of a traceback (Textual ends the app on any exception a handler
    lets escape; key actions are covered by ``EpssApp.run_action``, writes by ``attempt``)."""

    @functools.wraps(method)
    def handler(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except TOLD as exc:
            self.app._tell(exc)
            return None

    return handler


def guarded_open(method: Callable[..., Any]) -> Callable[..., Any]:
    """For ``on_mount`` of a screen that cannot show anything without its data: say why and
    close the screen, back to the one it was opened from."""

    @functools.wraps(method)
    def handler(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except TOLD as exc:
            self.app._tell(exc)
            if len(self.app.screen_stack) > 1 and self.app.screen is self:
                self.dismiss()
            return None

    return handler


class EpssApp(App):
    """epss in the terminal: home, assessment, check and help screens."""

    CSS_PATH = "epss.tcss"
    TITLE = "epss"
    SUB_TITLE = "Penilaian mandiri EPSS"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"
    # Screens lay themselves out by these classes: below 80 columns the assessment screen
    # folds its left column away, below 20 rows the full score panel gives way to one line.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT, "-tall")]
    BINDINGS = [
        Binding("question_mark,f1", "help", "Bantuan", key_display="?"),
        Binding("ctrl+q", "quit", "Keluar", priority=True, show=False),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.ws = workspace

    @property
    def read_only_reason(self) -> str:
        """Why the workspace cannot be written ("" when it can)."""
        ws = self.ws
        if not ws.read_only:
            return ""
        return ws.read_only_reason or "workspace tidak bisa ditulis"

    def fit(self, screen: Screen) -> None:
        """Give a screen the layout classes (-narrow, -short, ...) for the terminal's size now.

        Textual sets them only when a screen gets a resize event: a new screen would be laid
        out once without them (at 40 columns the level list was 0 cells wide and crashed), and
        a screen uncovered after a resize would keep the old ones.
        """
        width, height = self.size
        for points, value in ((self.HORIZONTAL_BREAKPOINTS, width),
                              (self.VERTICAL_BREAKPOINTS, height)):
            reached = [name for threshold, name in points if value >= threshold]
            for _threshold, name in points:
                screen.set_class(bool(reached) and name == reached[-1], name)

    def push_screen(self, screen, *args, **kwargs):
        if isinstance(screen, Screen):
            self.fit(screen)
        return super().push_screen(screen, *args, **kwargs)

    def pop_screen(self):
        done = super().pop_screen()
        if self.screen_stack:
            self.fit(self.screen)
        return done

    def on_mount(self) -> None:
        from epss.tui.screens.home import HomeScreen

        reason = self.read_only_reason
        self.title = f"epss — {self.ws.agency.name}"
        if reason:
            self.title = f"epss — Mode baca saja — {self.ws.agency.name}"
            self.notify(f"{reason}. Semua bisa dilihat, tetapi tidak ada perubahan yang bisa "
                        "disimpan. Untuk mengubah, salin folder workspace ke tempat yang bisa "
                        "ditulis.", title="Mode baca saja", severity="warning",
                        timeout=15, markup=False)
        self.push_screen(HomeScreen())
        if not self.ws.assessments() and self.ws.committee.awards():  # a committee workspace
            from epss.tui.screens.committee import CommitteeScreen

            self.push_screen(CommitteeScreen())

    def attempt(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | Failed:
        """Run a workspace action; a refusal or an I/O error becomes a message, never a
        traceback."""
        try:
            return fn(*args, **kwargs)
        except TOLD as exc:
            self._tell(exc)
        return FAILED

    def _tell(self, exc: Exception) -> None:
        if isinstance(exc, WorkspaceError):
            self.notify(str(exc), title="Tidak bisa", severity="error", timeout=8, markup=False)
        else:
            self.notify(f"Gagal menyimpan atau membaca: {exc}", title="Kesalahan",
                        severity="error", timeout=10, markup=False)

    def refuse_edit(self, assessment=None) -> bool:
        """Say why nothing can be changed, before a dialog asks for input that could not be
        saved anyway; True when refused. The workspace enforces the same rules on every
        write: this only spares the user typing into a dialog for nothing."""
        reason = self.read_only_reason
        if reason:
            message = f"Mode baca saja: {reason}; tidak ada yang diubah."
        elif assessment is not None and assessment.status == "final":
            message = (f"{assessment.label} berstatus final dan tidak bisa diubah. "
                       "Tekan f untuk mengembalikannya ke draf.")
        else:
            return False
        self.notify(message, title="Tidak bisa", severity="error", timeout=8, markup=False)
        return True

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every key binding runs through here: a workspace refusal or a damaged, locked or
        full database that an action did not catch itself becomes a message, and the app
        stays open (a traceback would end the session; Textual stops an app on any
        exception a handler lets escape)."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except TOLD as exc:
            self._tell(exc)
            return True

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
