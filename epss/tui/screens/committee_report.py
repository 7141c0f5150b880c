"""Cetak laporan komite: render the committee PDF in a worker thread and say where it went.

Like the dossier dialog, the thread opens its own workspace connection (SQLite connections
belong to the thread that opened them) and the dialog stays responsive while WeasyPrint works.
"""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, LoadingIndicator, Static

from epss.tui.screens.dialogs import _Dialog


def render_in_thread(root: Path, award_key: str) -> Path:
    from epss.committee_report import default_output, render_committee_report
    from epss.workspace import Workspace

    with Workspace.open(root) as ws:
        award = ws.committee.award(award_key)
        return render_committee_report(ws, award, default_output(ws, award))


class CommitteeReportDialog(_Dialog):
    """Dismisses with the written PDF's path, or None."""

    DEFAULT_CSS = """
    CommitteeReportDialog LoadingIndicator { height: 1; display: none; }
    CommitteeReportDialog.busy LoadingIndicator { display: block; }
    CommitteeReportDialog #where { height: auto; margin-top: 1; }
    """

    def __init__(self, award_key: str, label: str) -> None:
        super().__init__()
        self.award_key, self.label = award_key, label
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]Cetak laporan komite[/b] — {escape(self.label)}")
            yield Static("Papan peringkat tiap tahap, yang lolos dan menang, rincian nilai tiap "
                         "peserta, sebaran nilai juri, dan hash bundel tiap peserta.")
            yield LoadingIndicator()
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
        self.query_one("#ok", Button).disabled = True
        self.query_one("#where", Static).update("Menyusun PDF…")
        self._render_pdf(self.app)

    @work(thread=True, exclusive=True, group="committee-report")
    def _render_pdf(self, app) -> None:
        try:
            path = render_in_thread(app.ws.root, self.award_key)
        except Exception as exc:  # shown to the user; the workspace is unchanged
            app.call_from_thread(self._failed, app, exc)
        else:
            app.call_from_thread(self._done, app, path)

    def _done(self, app, path: Path) -> None:
        self.written = path
        app.notify(f"Laporan komite ditulis ke {path}", title="Cetak PDF", timeout=10,
                   markup=False)
        if not self.is_attached:
            return
        self.remove_class("busy")
        self.query_one("#where", Static).update(f"PDF ditulis ke:\n[b]{escape(str(path))}[/b]")
        ok = self.query_one("#ok", Button)
        ok.label, ok.disabled = "Selesai", False
        ok.focus()

    def _failed(self, app, exc: Exception) -> None:
        from epss.workspace import WorkspaceError

        message = str(exc) if isinstance(exc, WorkspaceError) else f"{type(exc).__name__}: {exc}"
        if not self.is_attached:
            app.notify(message, title="Gagal mencetak", severity="error", timeout=10,
                       markup=False)
            return
        self.remove_class("busy")
        self.query_one("#where", Static).update(f"[b]Gagal mencetak:[/b] {escape(message)}")
        self.query_one("#ok", Button).disabled = False

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(self.written)
