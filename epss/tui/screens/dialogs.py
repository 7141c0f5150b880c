"""Modal dialogs: confirmation, text prompts, new assessment, file picker, link, the BPS
letter's values; and marking an assessment final, which asks through one of them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal, TypeVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DirectoryTree, Input, Label, Select, Static
from textual.widgets.tree import TreeNode

from epss.core.model import Assessment, parse_index
from epss.core.scoring import format_id
from epss.services.workspace import WorkspaceError
from epss.tui.attempt import TOLD, error_text
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

    def __init__(self, save: Callable[[Any], Any] | None = None) -> None:
        super().__init__()
        self.save = save  # run on OK: a refusal is shown inside, with the input kept

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, text: str) -> None:
        """The reason, inside the dialog; the input stays as typed."""
        for line in self.query("#error").results(Static):
            line.update(escape(text))
            return
        self.app.notify(text, title="Tidak bisa", severity="error", markup=False)

    def commit(self, value: Any) -> None:
        """Close with ``value``, or with what ``save(value)`` returned; when ``save`` refuses
        (a bad link, year, name ...) stay open and say why."""
        if self.save is None:
            self.dismiss(value)
            return
        try:
            result = self.save(value)
        except TOLD as exc:
            self.show_error(error_text(exc))
            return
        self.dismiss(result)


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

    def __init__(self, title: str, value: str = "", placeholder: str = "",
                 save: Callable[[str], Any] | None = None) -> None:
        super().__init__(save)
        self.title_text, self.value, self.placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            yield Input(self.value, placeholder=self.placeholder, id="text")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Simpan", id="ok", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.commit(self.query_one("#text", Input).value)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class NewAssessmentDialog(Dialog[dict[str, Any]]):
    """Year, kind, and optionally the year to carry answers and evidence over from."""

    # Year and kind side by side and one line for the checkbox, so that the whole dialog, its
    # title and its buttons, fits 80x24 without scrolling.
    DEFAULT_CSS = """
    NewAssessmentDialog #year-kind { height: auto; }
    NewAssessmentDialog #year-kind > Vertical { height: auto; }
    NewAssessmentDialog #year-box { width: 11; margin-right: 1; }
    NewAssessmentDialog #kind-box { width: 1fr; }
    NewAssessmentDialog.-narrow #year-kind { layout: vertical; }
    NewAssessmentDialog.-narrow #year-box { width: 1fr; margin-right: 0; }
    NewAssessmentDialog #keep-kegiatan { border: none; height: 1; padding: 0 1; }
    """

    def __init__(self, default_year: int, source_years: list[int],
                 save: Callable[[dict[str, Any]], Any] | None = None) -> None:
        super().__init__(save)
        self.default_year, self.source_years = default_year, source_years

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Penilaian baru[/b]")
            with Horizontal(id="year-kind"):
                with Vertical(id="year-box"):
                    yield Label("Tahun")
                    yield Input(str(self.default_year), id="year", type="integer",
                                max_length=4)
                with Vertical(id="kind-box"):
                    yield Label("Jenis")
                    yield Select([("Penilaian mandiri", "mandiri"),
                                  ("Penilaian badan (hasil BPS)", "badan"),
                                  ("Target", "target")],
                                 value="mandiri", allow_blank=False, id="kind")
            yield Label("Mulai dari")
            options = [("Kosong", 0)] + [(f"Jawaban dan bukti tahun {y}", y)
                                         for y in self.source_years]
            yield Select(options, value=self.source_years[0] if self.source_years else 0,
                         allow_blank=False, id="source")
            yield Checkbox("Bawa juga kegiatan terpilih (bila sampel BPS tetap sama)",
                           False, id="keep-kegiatan")
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
        self.commit({"year": int(text), "kind": self.query_one("#kind", Select).value,
                     "from_year": source or None,
                     "keep_kegiatan": bool(source)
                     and self.query_one("#keep-kegiatan", Checkbox).value})

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def places(home: Path | None = None) -> list[tuple[str, Path]]:
    """Where a file may be: the home folder, the root, and mounted drives (USB sticks under
    /media, /run/media; /mnt, where WSL puts the Windows drives /mnt/c, /mnt/d ...)."""
    home = home if home is not None else Path.home()
    found: list[tuple[str, Path]] = [("Folder rumah", home), ("/ (akar)", Path("/"))]
    user = os.environ.get("USER", "")
    for base in (Path("/media") / user if user else None, Path("/media"),
                 Path("/run/media") / user if user else None, Path("/mnt")):
        if base is None:
            continue
        try:
            entries = sorted(p for p in base.iterdir()
                             if p.is_dir() and not p.name.startswith("."))
        except OSError:
            continue
        for entry in entries:
            if any(entry == path for _label, path in found):
                continue
            windows = base == Path("/mnt") and len(entry.name) == 1
            label = f"Drive {entry.name.upper()}: ({entry})" if windows else f"Drive {entry}"
            found.append((label, entry))
    return found


class FolderTree(DirectoryTree):
    """A folder tree without hidden files; Enter on a file marks it chosen (several may be),
    Backspace goes up one folder."""

    BINDINGS = [Binding("backspace", "up", "Naik satu folder")]

    def __init__(self, path: Path, **kwargs: Any) -> None:
        super().__init__(path, **kwargs)
        self.chosen: list[Path] = []

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [path for path in paths if not path.name.startswith(".")]

    def render_label(self, node: TreeNode[Any], base_style: Any, style: Any) -> Any:
        label = super().render_label(node, base_style, style)
        data = node.data
        if data is not None and getattr(data, "path", None) in self.chosen:
            label = label.copy()
            label.stylize("bold")
            label = type(label).assemble("✓ ", label)
        return label

    def toggle(self, path: Path) -> None:
        if path in self.chosen:
            self.chosen.remove(path)
        else:
            self.chosen.append(path)
        node = self.cursor_node
        if node is not None:
            node.refresh()

    def action_up(self) -> None:
        parent = Path(self.path).resolve().parent
        self.path = parent


class FilePickerDialog(Dialog[dict[str, Any]]):
    """Choose one or several files: from the folder tree (Enter marks a file; Backspace or
    "Naik" goes up; drives from the list), or by typing a folder (Enter opens it) or a file.
    Dismisses with {"paths", "title", "confidential"} or None."""

    DEFAULT_CSS = """
    FilePickerDialog > Vertical { height: 90%; }
    FilePickerDialog.-short > Vertical { height: 100%; }
    FilePickerDialog #places-row { height: auto; }
    FilePickerDialog #places { width: 1fr; }
    FilePickerDialog #folders { height: 1fr; min-height: 5; border: round $secondary; }
    FilePickerDialog #folders:focus { border: heavy $accent; }
    FilePickerDialog #chosen { height: auto; max-height: 2; color: $text-muted; }
    FilePickerDialog .buttons { margin-top: 0; }
    """

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Tambah berkas bukti[/b] — Enter menandai berkas (boleh beberapa)")
            with Horizontal(id="places-row"):
                yield Button("↑ Naik", id="up", compact=True)
                yield Select([(label, str(path)) for label, path in places()],
                             prompt="Pindah ke drive / folder …", id="places", compact=True)
            yield Input(str(self.start), id="path", compact=True,
                        placeholder="ketik folder lalu Enter untuk membukanya, atau path berkas")
            yield FolderTree(self.start, id="folders")  # not #tree: the app styles that
            yield Static("Belum ada berkas terpilih.", id="chosen")
            yield Input(placeholder="Judul (opsional, untuk satu berkas)", id="title",
                        compact=True)
            yield Checkbox("Rahasia (tidak dicetak di laporan)", id="confidential",
                           compact=True)
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel", compact=True)
                yield Button("Tambah", id="ok", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one(FolderTree).focus()

    @property
    def folder_tree(self) -> FolderTree:
        return self.query_one(FolderTree)

    def _open_folder(self, folder: Path) -> None:
        self.folder_tree.path = folder
        self.query_one("#path", Input).value = str(folder)
        self.query_one("#error", Static).update("")

    def _show_chosen(self) -> None:
        chosen = self.folder_tree.chosen
        text = (f"Terpilih {len(chosen)} berkas: " + ", ".join(p.name for p in chosen)
                if chosen else "Belum ada berkas terpilih.")
        self.query_one("#chosen", Static).update(escape(text))

    @on(DirectoryTree.FileSelected)
    def _file(self, event: DirectoryTree.FileSelected) -> None:
        self.folder_tree.toggle(event.path)
        self._show_chosen()

    @on(DirectoryTree.DirectorySelected)
    def _folder(self, event: DirectoryTree.DirectorySelected) -> None:
        self.query_one("#path", Input).value = str(event.path)

    @on(Button.Pressed, "#up")
    def _up(self) -> None:
        self._open_folder(Path(self.folder_tree.path).resolve().parent)

    @on(Select.Changed, "#places")
    def _place(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._open_folder(Path(event.value))

    @on(Input.Submitted, "#path")
    def _typed(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            return
        path = Path(text).expanduser()
        if path.is_dir():
            self._open_folder(path)
            self.folder_tree.focus()
        elif path.is_file():
            if path not in self.folder_tree.chosen:
                self.folder_tree.toggle(path)
            self._show_chosen()
            self.query_one("#error", Static).update("")
        else:
            self.show_error(f"{path}: folder atau berkas ini tidak ada.")

    @on(Input.Submitted, "#title")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        paths = list(self.folder_tree.chosen)
        if not paths:
            text = self.query_one("#path", Input).value.strip()
            typed = Path(text).expanduser() if text else None
            if typed is None or typed.is_dir():
                self.show_error("Pilih berkas dulu: Enter pada berkas di pohon folder, atau "
                                "ketik path berkasnya.")
                return
            paths = [typed]
        missing = [p for p in paths if not p.is_file()]
        if missing:
            self.show_error(f"{missing[0]}: berkas tidak ada.")
            return
        self.dismiss({"paths": paths, "title": self.query_one("#title", Input).value,
                      "confidential": self.query_one("#confidential", Checkbox).value})

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class LinkDialog(Dialog[Any]):
    """A URL with a title; dismisses with what ``save`` returned (or the dict) or None."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Tambah tautan bukti[/b] (mis. folder Google Drive)")
            yield Input(placeholder="https://...", id="url")
            yield Input(placeholder="Judul (opsional)", id="title")
            yield Checkbox("Rahasia", id="confidential")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Tambah", id="ok", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.commit({"url": self.query_one("#url", Input).value,
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


def reviewer_dialog(screen: EpssScreen[Any], done: Callable[[Any], None]) -> None:
    """Ask for the reviewer's name, saved in the workspace and written into the audit log of
    every change from now on (unless $EPSS_USER says otherwise)."""
    if screen.refuse_edit():
        return
    ws = screen.ws
    env = os.environ.get("EPSS_USER", "").strip()
    note = (f" (sekarang $EPSS_USER={env} berlaku lebih dulu)" if env else "")

    def saved(name: Any) -> None:
        if name:
            screen.app.notify(f"Nama penilai: {name}. Setiap perubahan dicatat atas nama ini"
                              f"{note}.", markup=False)
        done(name)

    screen.app.push_screen(PromptDialog(
        "Nama penilai (dicatat di log audit setiap perubahan)", ws.reviewer_name() or ws.actor,
        placeholder="mis. Tim Penilai Internal", save=ws.set_reviewer_name), saved)
