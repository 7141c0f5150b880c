"""How a failed workspace action reaches the user in the TUI: as a message, never a traceback.

Textual ends the whole app on any exception a handler lets escape, so every read or write of
the workspace goes through ``attempt`` (writes), a ``guarded`` handler (reads in a message
handler), ``guarded_open`` (a screen that cannot show anything without its data) or the app's
``run_action`` (key bindings). This module is below every screen and the app, so that both can
use it without importing each other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar

from textual.app import App
from textual.screen import Screen

from epss.core.errors import WorkspaceError, os_error_text

T = TypeVar("T")
P = ParamSpec("P")
S = TypeVar("S", bound=Screen)

# What is told to the user as a message. The store reports every SQLite problem (damaged,
# locked, disk full, read-only) as a WorkspaceError subclass; OSError is the vault and files.
TOLD = (WorkspaceError, OSError)


class Failed:
    """Returned by ``attempt`` when the action failed (and the user was told why).

    It is false, so ``if attempt(...)`` reads naturally; a caller whose action returns None
    on success compares with ``is not FAILED`` instead.
    """

    def __bool__(self) -> Literal[False]:  # so that mypy narrows ``if attempt(...)``
        return False

    def __repr__(self) -> str:
        return "FAILED"


FAILED = Failed()


def error_text(exc: Exception) -> str:
    """One Indonesian line for a told error (the OS's own text is English)."""
    if isinstance(exc, OSError) and exc.errno is not None:  # else already ours (OutputError)
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{os_error_text(exc)}{where}"
    return str(exc)


def tell(app: App[Any], exc: Exception) -> None:
    """Show a told error as a notification (never as markup: paths may contain brackets)."""
    if isinstance(exc, WorkspaceError):
        app.notify(str(exc), title="Tidak bisa", severity="error", timeout=8, markup=False)
    else:
        app.notify(f"Gagal menyimpan atau membaca: {error_text(exc)}", title="Kesalahan",
                   severity="error", timeout=10, markup=False)


def attempt(app: App[Any], fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | Failed:
    """Run a workspace action; a refusal or an I/O error becomes a message and ``FAILED``."""
    try:
        return fn(*args, **kwargs)
    except TOLD as exc:
        tell(app, exc)
    return FAILED


def guarded(method: Callable[Concatenate[S, P], T]) -> Callable[Concatenate[S, P], T | None]:
    """For a screen's message handler that reads the workspace: a damaged or locked database
    becomes a message instead of a traceback (key actions are covered by the app's
    ``run_action``, writes by ``attempt``)."""

    @functools.wraps(method)
    def handler(self: S, *args: P.args, **kwargs: P.kwargs) -> T | None:
        try:
            return method(self, *args, **kwargs)
        except TOLD as exc:
            tell(self.app, exc)
            return None

    return handler


def guarded_open(method: Callable[Concatenate[S, P], T]
                 ) -> Callable[Concatenate[S, P], T | None]:
    """For ``on_mount`` of a screen that cannot show anything without its data: say why and
    close the screen, back to the one it was opened from."""

    @functools.wraps(method)
    def handler(self: S, *args: P.args, **kwargs: P.kwargs) -> T | None:
        try:
            return method(self, *args, **kwargs)
        except TOLD as exc:
            app = self.app
            tell(app, exc)
            if len(app.screen_stack) > 1 and app.screen is self:
                self.dismiss()
            return None

    return handler
