"""Cetak PDF: choose the dossier or the summary, render it in a background thread, say where.

Rendering takes a few seconds, so it runs in a worker thread with its own workspace connection
(SQLite connections belong to the thread that opened them); the dialog shows each stage as it
happens and stays responsive, and the UI's own connection is never touched by the thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Label, LoadingIndicator, Select, Static

from epss.services.defects import unexpected_error_line
from epss.services.dossier import TEMPLATES
from epss.services.workspace import Workspace, WorkspaceError
from epss.tui.attempt import error_text
from epss.tui.base import WorkspaceApp
from epss.tui.screens.dialogs import Dialog

Progress = Callable[[str], None]


def render_in_thread(root: Path, assessment_id: int, template: str, include_confidential: bool,
                     progress: Progress, include_plan: bool = True) -> Path:
    """Open a private workspace connection, render, close: safe to call from a worker thread."""
    from epss.services.dossier import render_report  # WeasyPrint: loaded when first printing

    with Workspace.open(root) as ws:
        return render_report(ws, assessment_id, template=template,
                             include_confidential=include_confidential,
                             include_plan=include_plan, progress=progress)


DECK_CHOICE = "Presentasi Tahap III (PowerPoint yang bisa diedit, 16:9)"


def deck_in_thread(root: Path, assessment_id: int, progress: Progress) -> Path:
    """The presentation as .pptx in WORKSPACE/reports/, from a worker thread (see above)."""
    from epss.services.deck import render_deck  # python-pptx: loaded when first used

    with Workspace.open(root) as ws:
        return render_deck(ws, assessment_id, progress=progress)


class PdfDialog(Dialog[Path]):
    """A dialog that renders one PDF in a worker thread, shows each stage, then where the file
    went. Subclasses compose the dialog (ending with ``progress_and_buttons()``), say what the
    user chose and how to render. Dismisses with the written
    PDF's path, or None when cancelled or failed."""

    DEFAULT_CSS = """
    PdfDialog #stage { height: auto; color: $text-muted; margin-top: 1; display: none; }
    PdfDialog LoadingIndicator { height: 1; display: none; }
    PdfDialog.busy LoadingIndicator { display: block; }
    PdfDialog #where { height: auto; margin-top: 1; display: none; }
    PdfDialog .warning { height: auto; color: $warning; }
    """
    CHOICES = "Select, Checkbox, Button#ok"  # disabled while rendering

    def __init__(self) -> None:
        super().__init__()
        self.written: Path | None = None

    def choices(self) -> tuple[Any, ...]:
        """What the user chose, passed to ``render_pdf`` (read in the UI thread)."""
        return ()

    def render_pdf(self, root: Path, progress: Progress, *choices: Any) -> Path:
        """Runs in the worker thread: open a private workspace connection, render, close."""
        raise NotImplementedError

    def progress_and_buttons(self) -> ComposeResult:
        """The end of every PDF dialog: the busy indicator, stage, where it went, buttons."""
        yield LoadingIndicator()
        yield Static("", id="stage")
        yield Static("", id="where")
        with Horizontal(classes="buttons"):
            yield Button("Tutup", id="cancel")
            yield Button("Cetak", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        if self.written is not None:
            self.dismiss(self.written)
            return
        self.add_class("busy")
        for widget in self.query(self.CHOICES):
            widget.disabled = True
        self._show("#where", "")
        self._render_pdf(self.host, self.choices())

    @work(thread=True, exclusive=True, group="report")
    def _render_pdf(self, app: WorkspaceApp, choices: tuple[Any, ...]) -> None:
        """Runs in a thread. ``app`` is passed in: ``self.app`` is found through the DOM, which
        fails once the user has closed the dialog, and the PDF must still be written then."""

        def stage(text: str) -> None:
            app.call_from_thread(self._stage, text)

        try:
            path = self.render_pdf(app.ws.root, stage, *choices)
        except Exception as exc:  # shown to the user; the workspace is unchanged
            app.call_from_thread(self._failed, app, exc)
        else:
            app.call_from_thread(self._done, app, path)

    def _stage(self, text: str) -> None:
        if not self.is_attached:  # closed while rendering: the PDF is still written
            return
        self._show("#stage", f"{escape(text)}…")

    def _done(self, app: WorkspaceApp, path: Path) -> None:
        self.written = path
        what = "Presentasi" if path.suffix.lower() == ".pptx" else "PDF"
        app.notify(f"{what} ditulis ke {path}", title="Cetak PDF", timeout=10, markup=False)
        if not self.is_attached:
            return
        self.remove_class("busy")
        self._show("#stage", "Selesai.")
        self._show("#where", f"{what} ditulis ke:\n[b]{escape(str(path))}[/b]")
        ok = self.query_one("#ok", Button)
        ok.label, ok.disabled = "Selesai", False
        ok.focus()

    def _failed(self, app: WorkspaceApp, exc: Exception) -> None:
        self.remove_class("busy")
        if isinstance(exc, WorkspaceError):
            message = str(exc)
        elif isinstance(exc, OSError):
            message = f"berkas tidak bisa ditulis atau dibaca: {error_text(exc)}"
        else:
            message = unexpected_error_line(exc)
        if not self.is_attached:
            app.notify(message, title="Gagal mencetak", severity="error", timeout=10,
                       markup=False)
            return
        self._show("#stage", f"[b]Gagal mencetak:[/b] {escape(message)}")
        for widget in self.query(self.CHOICES):
            widget.disabled = False

    def _show(self, selector: str, text: str) -> None:
        """Fill the stage or the where line; an empty one takes no room in the dialog."""
        line = self.query_one(selector, Static)
        line.update(text)
        line.display = bool(text)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(self.written)


class ReportDialog(PdfDialog):
    """The dossier or the summary of one assessment."""

    def __init__(self, assessment_id: int, label: str) -> None:
        super().__init__()
        self.assessment_id, self.label = assessment_id, label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]Cetak PDF[/b] — {self.label}")
            choices = [(about, name) for name, (_file, about) in TEMPLATES.items()]
            choices.append((DECK_CHOICE, "deck"))  # the Tahap III presentation (issue 17)
            yield Select(choices, value="dossier", allow_blank=False, id="template")
            yield Checkbox("Cantumkan judul dan tautan bukti yang rahasia", id="confidential")
            yield Checkbox("Tanpa bab Rencana aksi (salinan juri)", id="no-plan")
            yield Static(self._coverage_warning(), id="coverage", classes="warning")
            yield from self.progress_and_buttons()

    def _coverage_warning(self) -> str:
        """Said before printing when few indicators have evidence (the setting's threshold)."""
        from epss.services.dossier import coverage_warning

        try:
            warning = coverage_warning(self.host.ws, self.assessment_id)
        except WorkspaceError:
            return ""
        return f"[b]Peringatan:[/b] {escape(warning)}" if warning else ""

    def choices(self) -> tuple[Any, ...]:
        return (self.query_one("#template", Select).value,
                self.query_one("#confidential", Checkbox).value,
                not self.query_one("#no-plan", Checkbox).value)

    def render_pdf(self, root: Path, progress: Progress, *choices: Any) -> Path:
        template, include_confidential, include_plan = choices
        if template == "deck":
            return deck_in_thread(root, self.assessment_id, progress)
        return render_in_thread(root, self.assessment_id, template, include_confidential,
                                progress, include_plan)
