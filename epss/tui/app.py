"""The Textual application: built by a factory that takes a Workspace, so tests inject one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from epss.services.workspace import Workspace
from epss.tui.attempt import TOLD, tell
from epss.tui.base import NARROW, SHORT, WorkspaceApp, flush_all
from epss.tui.screens.committee import CommitteeScreen
from epss.tui.screens.help import HelpScreen
from epss.tui.screens.home import HomeScreen
from epss.tui.widgets.palette import EpssPalette, ScreenCommands


class EpssApp(WorkspaceApp):
    """epss in the terminal: home, assessment, check and help screens."""

    CSS_PATH = "epss.tcss"
    TITLE = "epss"
    SUB_TITLE = "Penilaian mandiri EPSS"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"
    COMMANDS = App.COMMANDS | {ScreenCommands}
    # Screens lay themselves out by these classes: below 80 columns the assessment screen
    # folds its left column away, below 20 rows the full score panel gives way to one line.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT, "-tall")]
    BINDINGS = [
        Binding("question_mark,f1", "help", "Bantuan", key_display="?"),
        Binding("ctrl+q", "quit", "Keluar", priority=True, show=False),
    ]

    def fit(self, screen: Screen[Any]) -> None:
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
            self.push_screen(CommitteeScreen())

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every key binding runs through here: a workspace refusal or a damaged, locked or
        full database that an action did not catch itself becomes a message, and the app
        stays open (a traceback would end the session; Textual stops an app on any
        exception a handler lets escape)."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except TOLD as exc:
            tell(self, exc)
            return True

    def action_command_palette(self) -> None:
        if self.use_command_palette and not any(
                isinstance(screen, EpssPalette) for screen in self.screen_stack):
            self.push_screen(EpssPalette())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("Bantuan", "Semua tombol dan arti tanda", self.action_help)
        yield SystemCommand("Tema warna", "Ganti tema tampilan", self.action_change_theme)
        yield SystemCommand("Keluar", "Tutup epss (semua perubahan sudah tersimpan)",
                            self.action_quit)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        flush_all(self)
        self.exit()


def create_app(workspace: Workspace) -> EpssApp:
    return EpssApp(workspace)


def run(workspace: Workspace) -> None:
    app = create_app(workspace)
    try:
        app.run()
    finally:
        flush_all(app)
