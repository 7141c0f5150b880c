"""Modal dialogs: confirmation, text prompts, new assessment, file picker, link, the BPS
letter's values; and marking an assessment final, which asks through one of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DirectoryTree, Input, Label, Select, Static

from epss.core.model import Assessment, parse_index
from epss.core.scoring import format_id
from epss.services.workspace import WorkspaceError
from epss.tui.base import EpssScreen

ResultT = TypeVar("ResultT")
ButtonVariant = Literal["default", "primary", "success", "warning", "error"]


class Dialog(ModalScreen[ResultT], EpssScreen[ResultT]):
    """A box over the screen it was opened from; Esc cancels (dismisses with None).

    ModalScreen comes first: Textual takes a screen's CSS type names (``ModalScreen``, which
    dims the screen below) from the first base class only.
    """

    BINDINGS = [Binding("escape", "cancel", "Batal")]
    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
        overflow-y: auto;  /* a small terminal scrolls the dialog instead of hiding buttons */
    }
    Dialog.-narrow > Vertical, Dialog.-short > Vertical { max-width: 100%; padding: 0 1; }
    Dialog.-short > Vertical { max-height: 100%; }
    Dialog .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    Dialog Button { margin-left: 1; }
    Dialog .error { color: $error; height: auto; }
    """

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog[bool]):
    """Yes/no; dismisses with True or False."""

    def __init__(self, question: str, yes: str = "Ya, hapus",
                 variant: ButtonVariant = "error") -> None:
        super().__init__()
        self.question, self.yes, self.variant = question, yes, variant

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="no")
                yield Button(self.yes, id="yes", variant=self.variant)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_cancel(self) -> None:
        self.dismiss(False)


class PromptDialog(Dialog[str]):
    """One line of text; dismisses with the text or None."""

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            yield Input(self.value, placeholder=self.placeholder, id="text")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Simpan", id="ok", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(self.query_one("#text", Input).value)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class NewAssessmentDialog(Dialog[dict[str, Any]]):
    """Year, kind, and optionally the year to carry answers and evidence over from."""

    def __init__(self, default_year: int, source_years: list[int]) -> None:
        super().__init__()
        self.default_year, self.source_years = default_year, source_years

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Penilaian baru[/b]")
            yield Label("Tahun")
            yield Input(str(self.default_year), id="year", type="integer", max_length=4)
            yield Label("Jenis")
            yield Select([("Penilaian mandiri", "mandiri"), ("Penilaian badan (hasil BPS)",
                                                              "badan"), ("Target", "target")],
                         value="mandiri", allow_blank=False, id="kind")
            yield Label("Mulai dari")
            options = [("Kosong", 0)] + [(f"Jawaban dan bukti tahun {y}", y)
                                         for y in self.source_years]
            yield Select(options, value=self.source_years[0] if self.source_years else 0,
                         allow_blank=False, id="source")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Buat", id="ok", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        text = self.query_one("#year", Input).value.strip()
        if not text.isdigit():
            self.query_one("#error", Static).update("Tahun harus berupa angka, mis. 2025.")
            return
        source = self.query_one("#source", Select).value
        self.dismiss({"year": int(text), "kind": self.query_one("#kind", Select).value,
                      "from_year": source or None})

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class FilePickerDialog(Dialog[dict[str, Any]]):
    """Pick a file from a folder tree, or type its path; dismisses with a Path or None."""

    DEFAULT_CSS = """
    FilePickerDialog #folders { height: 16; max-height: 45vh; border: round $secondary; }
    """

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Tambah berkas bukti[/b]  (pilih di pohon folder atau ketik path)")
            yield DirectoryTree(self.start, id="folders")  # not #tree: the app styles that
            yield Input(placeholder="/path/ke/berkas.pdf", id="path")
            yield Input(placeholder="Judul (opsional)", id="title")
            yield Checkbox("Rahasia (tidak ditampilkan di laporan)", id="confidential")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Tambah", id="ok", variant="primary")

    @on(DirectoryTree.FileSelected)
    def _file(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#path", Input).value = str(event.path)
        self.query_one("#title", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.query_one("#error", Static).update("Pilih atau ketik path berkas dulu.")
            return
        self.dismiss({"path": Path(text).expanduser(),
                      "title": self.query_one("#title", Input).value,
                      "confidential": self.query_one("#confidential", Checkbox).value})

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class LinkDialog(Dialog[dict[str, Any]]):
    """A URL with a title; dismisses with a dict or None."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Tambah tautan bukti[/b] (mis. folder Google Drive)")
            yield Input(placeholder="https://...", id="url")
            yield Input(placeholder="Judul (opsional)", id="title")
            yield Checkbox("Rahasia", id="confidential")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Tambah", id="ok", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss({"url": self.query_one("#url", Input).value,
                      "title": self.query_one("#title", Input).value,
                      "confidential": self.query_one("#confidential", Checkbox).value})

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ReportedDialog(Dialog[bool]):
    """The IPS and domain indices of a BPS result letter; saves itself, dismisses with True.

    Saving here (not in the caller) lets a refused value be shown next to the fields while the
    dialog stays open with what the user typed.
    """

    DEFAULT_CSS = """
    ReportedDialog .row { height: auto; }
    ReportedDialog .row Label { width: 34; padding: 1 1 0 0; }
    ReportedDialog .row Input { width: 14; }
    ReportedDialog.-narrow .row Label { width: 1fr; }
    ReportedDialog.-narrow .row Input { width: 12; }
    """

    def __init__(self, assessment_id: int, label: str) -> None:
        super().__init__()
        self.assessment_id, self.label = assessment_id, label
        # read here: an error is told by the action opening the dialog
        self.current = self.ws.reported_indices(assessment_id)

    def compose(self) -> ComposeResult:
        ws = self.ws
        current = self.current
        with Vertical():
            yield Label(f"[b]Nilai dari surat hasil BPS[/b] — {self.label}")
            yield Static("Isi hanya yang tertulis di surat (mis. 2,41); kosongkan yang tidak ada. "
                         "Tingkat per indikator tidak dikarang dari nilai ini.")
            fields = [("ips", "IPS", current.ips)] + [
                (d.code, f"Domain {d.code} {d.name}", current.domains.get(d.code))
                for d in ws.catalog.domains]
            for node, text, value in fields:
                with Horizontal(classes="row"):
                    yield Label(text)
                    yield Input(format_id(value) if value is not None else "",
                                placeholder="–", id=f"node-{node}")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Simpan", id="ok", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        values: dict[str, str] = {}
        for field in self.query(Input):
            node = (field.id or "").removeprefix("node-")
            text = field.value.strip()
            if text:
                try:
                    parse_index(text, "IPS" if node == "ips" else f"domain {node}")
                except ValueError as exc:
                    self.query_one("#error", Static).update(escape(str(exc)))
                    field.focus()
                    return
                values[node] = text
        try:
            self.ws.set_reported_indices(self.assessment_id, ips=values.pop("ips", None),
                                             domains=values, replace=True)
        except WorkspaceError as exc:
            self.query_one("#error", Static).update(escape(str(exc)))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def toggle_final(screen: EpssScreen[Any], current: Assessment, done: Callable[[], None]) -> None:
    """Mark an assessment final (after a confirmation: it locks every answer) or back to
    draft (at once: it only unlocks); ``done`` runs after a change was saved. Beranda and
    Penilaian both offer it (f)."""
    if screen.refuse_edit():
        return
    ws = screen.ws
    if current.status == "final":
        if screen.attempt(ws.set_status, current.id, "draft"):
            screen.app.notify(f"{current.label} kembali ke draf: jawaban, penjelasan dan bukti "
                              "bisa diubah lagi (tercatat di log audit).", markup=False)
            done()
        return

    def confirmed(yes: bool | None) -> None:
        if not yes:
            return
        if screen.attempt(ws.set_status, current.id, "final"):
            screen.app.notify(f"{current.label} ditandai final (tercatat di log audit). Tekan f "
                              "untuk mengembalikannya ke draf.", markup=False)
            done()

    screen.app.push_screen(ConfirmDialog(
        f"Tandai [b]{escape(current.label)}[/b] final?\n"
        "Setelah final, tingkat, penjelasan dan bukti dukung tidak bisa diubah sampai "
        "dikembalikan ke draf (f). Komentar peninjau tetap bisa ditambahkan.",
        yes="Ya, final", variant="primary"), confirmed)
