"""Ekspor: the bundle for the committee (zip) or the worksheet (LKE, xlsx) of one assessment,
to a folder the user chooses; written in a worker thread with its own workspace connection
(a bundle of many files takes seconds), the dialog saying where the file went."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, LoadingIndicator, Select, Static

from epss.services.workspace import Workspace
from epss.tui.attempt import TOLD, attempt, error_text
from epss.tui.base import WorkspaceApp
from epss.tui.screens.dialogs import Dialog
from epss.tui.widgets.texts import byte_size

KINDS = [("Bundel untuk komite lomba / BPS (.zip, dengan bukti)", "bundle"),
         ("Lembar kerja LKE (.xlsx)", "xlsx")]


def file_name(ws: Workspace, assessment_id: int, kind: str) -> str:
    """The names `epss export bundle` and `epss export xlsx` use."""
    a = ws.get_assessment(assessment_id)
    code = ws.agency.code
    if kind == "bundle":
        return f"epss-{code}-{a.year}-{a.kind}.zip"
    return f"lke-{code}-{a.year}-{a.kind}.xlsx"


def export_in_thread(root: Path, assessment_id: int, kind: str, target: Path,
                     include_confidential: bool) -> str:
    """Open a private connection, write, close; returns what to tell the user."""
    with Workspace.open(root) as ws:
        if kind == "bundle":
            result = ws.export_bundle(assessment_id, target,
                                      include_confidential=include_confidential)
            left_out = (f"; {result.redacted} bukti rahasia tidak disertakan"
                        if result.redacted else "")
            return (f"{result.files} berkas bukti, {byte_size(result.size)}{left_out}")
        ws.export_xlsx(assessment_id, target, include_confidential=include_confidential)
        return "lembar kerja LKE"


class ExportDialog(Dialog[Path]):
    """Dismisses with the written file's path, or None."""

    DEFAULT_CSS = """
    ExportDialog LoadingIndicator { height: 1; display: none; }
    ExportDialog.busy LoadingIndicator { display: block; }
    ExportDialog #where { height: auto; margin-top: 1; }
    """

    def __init__(self, assessment_id: int) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.written: Path | None = None
        ws = self.ws  # read here: an error is told by the action opening the dialog
        self.label = ws.get_assessment(assessment_id).label
        self.start = ws.last_folder() or ws.root / "exports"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]Ekspor[/b] — {escape(self.label)}")
            yield Select(KINDS, value="bundle", allow_blank=False, id="kind")
            yield Label("Ke folder (dibuat bila belum ada di dalam workspace)")
            yield Input(str(self.start), id="folder")
            yield Checkbox("Sertakan bukti rahasia", id="confidential")
            yield LoadingIndicator()
            yield Static("", id="where")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Tutup", id="cancel")
                yield Button("Ekspor", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def _target(self) -> Path | None:
        text = self.query_one("#folder", Input).value.strip()
        if not text:
            self.show_error("Isi folder tujuan dulu.")
            return None
        folder = Path(text).expanduser()
        if not folder.exists() and folder == self.ws.root / "exports":
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                self.show_error(f"Folder tidak bisa dibuat: {error_text(exc)}")
                return None
        if not folder.is_dir():
            self.show_error(f"{folder}: folder tidak ada.")
            return None
        kind = self.query_one("#kind", Select).value
        return folder / file_name(self.ws, self.assessment_id, str(kind))

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        if self.written is not None:
            self.dismiss(self.written)
            return
        target = self._target()
        if target is None:
            return
        self.show_error("")
        self.add_class("busy")
        for widget in self.query("Select, Input, Checkbox, Button#ok"):
            widget.disabled = True
        self.query_one("#where", Static).update("Menulis…")
        self._export(self.host, str(self.query_one("#kind", Select).value), target,
                     self.query_one("#confidential", Checkbox).value)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, app: WorkspaceApp, kind: str, target: Path, confidential: bool) -> None:
        try:
            what = export_in_thread(app.ws.root, self.assessment_id, kind, target, confidential)
        except TOLD as exc:
            app.call_from_thread(self._failed, error_text(exc))
        else:
            app.call_from_thread(self._done, app, target, what)

    def _done(self, app: WorkspaceApp, target: Path, what: str) -> None:
        self.written = target
        attempt(app, app.ws.remember_folder, target.parent)
        app.notify(f"Ditulis ke {target} ({what}).", title="Ekspor", timeout=10, markup=False)
        if not self.is_attached:
            return
        self.remove_class("busy")
        self.query_one("#where", Static).update(
            f"Ditulis ke:\n[b]{escape(str(target))}[/b]\n{escape(what)}")
        ok = self.query_one("#ok", Button)
        ok.label, ok.disabled = "Selesai", False
        ok.focus()

    def _failed(self, message: str) -> None:
        if not self.is_attached:
            return
        self.remove_class("busy")
        self.query_one("#where", Static).update("")
        self.show_error(f"Gagal mengekspor: {message}")
        for widget in self.query("Select, Input, Checkbox, Button#ok"):
            widget.disabled = False

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(self.written)
