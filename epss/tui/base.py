"""What every screen may rely on: the app that holds the open workspace, and a screen base
class that reaches it with its type (``self.ws`` is a ``Workspace`` to mypy and editors, where
``self.app.ws`` would be an attribute of ``App[Any]``).

The app module imports the screens; the screens import this module and never the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from epss.core.model import Assessment
from epss.services.workspace import Workspace
from epss.tui.attempt import Failed, attempt
from epss.tui.widgets.keybar import KeyBar, Keys

NARROW, SHORT = 80, 20  # below these columns / rows screens fold to their small layout

KEY_NAMES = {"escape": "Esc", "enter": "Enter", "question_mark": "?", "delete": "Del",
             "tab": "Tab", "space": "Spasi", "left_square_bracket": "[",
             "right_square_bracket": "]"}


def key_display(binding: Binding) -> str:
    """How a binding's key is written for the user (the first of its keys)."""
    if binding.key_display:
        return binding.key_display
    key = binding.key.split(",")[0]
    if key.startswith("ctrl+"):
        return "Ctrl+" + KEY_NAMES.get(key[5:], key[5:].upper())
    return KEY_NAMES.get(key, key)

T = TypeVar("T")
P = ParamSpec("P")
ResultT = TypeVar("ResultT")


def read_only_reason(ws: Workspace) -> str:
    """Why the workspace cannot be written ("" when it can)."""
    if not ws.read_only:
        return ""
    return ws.read_only_reason or "workspace tidak bisa ditulis"


class WorkspaceApp(App[None]):
    """An app with one open workspace; ``EpssApp`` is the one that runs."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.ws = workspace

    @property
    def read_only_reason(self) -> str:
        return read_only_reason(self.ws)


class EpssScreen(Screen[ResultT]):
    """A screen (or, through ``dialogs.Dialog``, a dialog) of the epss app."""

    @property
    def host(self) -> WorkspaceApp:
        """The running app, as a ``WorkspaceApp``."""
        app = self.app
        if not isinstance(app, WorkspaceApp):  # a programming error, not a user's
            raise TypeError(f"{type(self).__name__} needs a WorkspaceApp, not {app!r}")
        return app

    @property
    def ws(self) -> Workspace:
        return self.host.ws

    @property
    def read_only_reason(self) -> str:
        return read_only_reason(self.ws)

    @property
    def narrow(self) -> bool:
        """Below 80 columns: screens fold side columns away and shorten table columns."""
        return self.app.size.width < NARROW

    # -- keys: the bar at the bottom shows those of the focused area ------------------------

    def key_hints(self) -> Keys:
        """The keys for the focused area; by default the screen's bindings marked ``show``."""
        keys = [(key_display(b), b.description) for b in self._plain_bindings()
                if b.show and self.check_action(b.action, ()) is not False]
        return keys + self.common_keys()

    def common_keys(self) -> Keys:
        return [("?", "Bantuan"), ("^P", "Perintah")]

    def _plain_bindings(self) -> list[Binding]:
        return [b for b in self.BINDINGS if isinstance(b, Binding)]

    def palette_commands(self) -> list[tuple[str, str, str]]:
        """(title, help, action) for the command palette: every binding of the screen."""
        return [(b.description, f"tombol {key_display(b)}", b.action)
                for b in self._plain_bindings()
                if b.description and self.check_action(b.action, ()) is not False]

    def refresh_keys(self) -> None:
        for bar in self.query(KeyBar):
            bar.show_keys(self.key_hints())

    @on(events.DescendantFocus)
    @on(events.DescendantBlur)
    @on(events.ScreenResume)
    def _focus_moved(self) -> None:
        self.call_after_refresh(self.refresh_keys)

    def attempt(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | Failed:
        """Run a workspace action; a refusal or an I/O error becomes a message, never a
        traceback (see ``epss.tui.attempt``)."""
        return attempt(self.app, fn, *args, **kwargs)

    def refuse_edit(self, assessment: Assessment | None = None, extra: str = "") -> bool:
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
        self.app.notify(message + extra, title="Tidak bisa", severity="error", timeout=8,
                        markup=False)
        return True


def flush_all(app: App[Any]) -> None:
    """Save what any screen still holds unsaved (the explanation being typed), on quit."""
    for screen in app.screen_stack:
        flush = getattr(screen, "flush", None)
        if flush:
            flush(update_ui=False)
