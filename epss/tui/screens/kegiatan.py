"""Kegiatan terpilih: the sampled kegiatan statistik of an assessment and their OPD, and the
dialog that says what one piece of evidence is (kind, year, signature, assessor's package,
which kegiatan it proves).

BPS assesses a pemda on a sample of kegiatan that rotates every year; an indicator that is not
*umum* must be proved for each of them, so these screens sit one key away from the indicator.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, DataTable, Header, Input, Label, Select, Static

from epss.core.model import KEGIATAN_KINDS, Attachment
from epss.tui.attempt import Failed
from epss.tui.base import EpssScreen
from epss.tui.screens.dialogs import ConfirmDialog, Dialog
from epss.tui.widgets.keybar import KeyBar

WHY = ("BPS menilai sampel kegiatan statistik (biasanya dua, milik dua OPD) yang berganti tiap "
       "tahun. Indikator yang bukan *umum* harus punya bukti untuk setiap kegiatan terpilih; "
       "Periksa (c) menandai yang timpang.")


class KegiatanScreen(EpssScreen[None]):
    """The sampled kegiatan of one assessment, with how much evidence names each."""

    BINDINGS = [
        Binding("escape,q", "back", "Kembali"),
        Binding("a", "add", "Tambah kegiatan"),
        Binding("x,delete", "remove", "Hapus", key_display="x"),
    ]
    DEFAULT_CSS = """
    KegiatanScreen #kegiatan-body { padding: 0 1; }
    KegiatanScreen #kegiatan-why { height: auto; color: $text-muted; margin-bottom: 1; }
    KegiatanScreen #kegiatan-table { height: 1fr; }
    KegiatanScreen #kegiatan-umum { height: auto; }
    """

    def __init__(self, assessment_id: int) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="kegiatan-body"):
            yield Static(WHY, id="kegiatan-why")
            yield DataTable(id="kegiatan-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="kegiatan-umum")
        yield KeyBar()

    def on_mount(self) -> None:
        assessment = self.ws.get_assessment(self.assessment_id)
        self.sub_title = f"Kegiatan terpilih — {assessment.label}"
        table = self.query_one(DataTable)
        table.add_columns("OPD", "Kegiatan", "Kode", "Jenis", "Bukti")
        self.reload()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        items = self.attempt(self.ws.sampling.kegiatan, self.assessment_id)
        evidence = self.attempt(self.ws.evidence, self.assessment_id)
        if isinstance(items, Failed) or isinstance(evidence, Failed):
            return
        counts: dict[int | None, int] = {}
        for att in evidence:
            counts[att.kegiatan_id] = counts.get(att.kegiatan_id, 0) + 1
        self.ids = [k.id for k in items]
        for k in items:
            table.add_row(Text(k.opd), Text(k.name), Text(k.code or "-"),
                          KEGIATAN_KINDS.get(k.kind, k.kind), str(counts.get(k.id, 0)),
                          key=str(k.id))
        umum = self.query_one("#kegiatan-umum", Static)
        if not items:
            umum.update("Belum ada kegiatan terpilih: tekan a untuk menambah.")
        else:
            umum.update(f"Bukti umum/walidata (tidak menyebut kegiatan): {counts.get(None, 0)}")

    def action_back(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        assessment = self.ws.get_assessment(self.assessment_id)
        if self.refuse_edit(assessment):
            return

        def save(values: dict[str, str]) -> Any:
            return self.ws.sampling.add_kegiatan(self.assessment_id, **values)

        def done(result: Any) -> None:
            if result is not None:
                self.reload()
                self.notify(f"Kegiatan {result.label} ditambahkan.", markup=False)

        self.app.push_screen(KegiatanDialog(save=save), done)

    def action_remove(self) -> None:
        table = self.query_one(DataTable)
        if not self.ids or table.cursor_row < 0:
            self.notify("Belum ada kegiatan untuk dihapus.", markup=False)
            return
        assessment = self.ws.get_assessment(self.assessment_id)
        if self.refuse_edit(assessment):
            return
        kegiatan_id = self.ids[min(table.cursor_row, len(self.ids) - 1)]
        effects = self.attempt(self.ws.sampling.removal_effects, kegiatan_id)
        if isinstance(effects, Failed):
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                removed = self.attempt(self.ws.sampling.remove_kegiatan, kegiatan_id)
                if not isinstance(removed, Failed):
                    self.notify(f"Kegiatan {removed.kegiatan.label} dihapus: "
                                f"{removed.describe()}.", markup=False)
                self.reload()

        self.app.push_screen(ConfirmDialog(
            f"Hapus kegiatan terpilih {effects.kegiatan.label}? Akibatnya: "
            f"{effects.describe()}."), confirmed)


class KegiatanDialog(Dialog[Any]):
    """OPD, kegiatan name, Romantik code and kind of a new sampled kegiatan."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Tambah kegiatan terpilih[/b]")
            yield Input(placeholder="OPD, mis. Dinas Kesehatan", id="opd")
            yield Input(placeholder="Nama kegiatan statistik", id="name")
            yield Input(placeholder="Kode Romantik (opsional), mis. K-24.6104.005", id="code")
            yield Select([(label, key) for key, label in KEGIATAN_KINDS.items()],
                         value="survei", allow_blank=False, id="kind")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Tambah", id="ok", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.commit({"opd": self.query_one("#opd", Input).value,
                     "name": self.query_one("#name", Input).value,
                     "code": self.query_one("#code", Input).value,
                     "kind": str(self.query_one("#kind", Select).value)})

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class EvidenceMarkDialog(Dialog[Any]):
    """What one attachment is, as an assessor asks; saves itself and dismisses with the
    updated attachment (or None)."""

    def __init__(self, attachment: Attachment) -> None:
        super().__init__(save=self._save)
        self.attachment = attachment

    def compose(self) -> ComposeResult:
        att, ws = self.attachment, self.ws
        kinds = [(k.name, k.key) for k in ws.catalog.edition.evidence_kinds]
        kegiatan = [(f"{k.opd} — {k.name}", str(k.id))
                    for k in ws.sampling.kegiatan(att.assessment_id)]
        with Vertical():
            yield Label("[b]Apa bukti ini bagi penilai?[/b]")
            yield Static(Text(f"#{att.id} {att.indicator} {att.title}"))
            yield Label("Jenis dokumen")
            yield Select([("(belum diisi)", ""), *kinds], value=att.doc_kind or "",
                         allow_blank=False, id="kind")
            yield Label("Tahun dokumen")
            yield Input(str(att.doc_year or ""), placeholder="mis. 2024", id="year")
            yield Checkbox("Bertanda tangan dan bercap", att.signed, id="signed")
            yield Checkbox("Ada di paket untuk penilai (TPB), bukan hanya internal",
                           att.for_tpb, id="tpb")
            yield Label("Membuktikan kegiatan")
            yield Select([("umum/walidata", ""), *kegiatan],
                         value=str(att.kegiatan_id or ""), allow_blank=False, id="kegiatan")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Simpan", id="ok", variant="primary")

    def _save(self, values: dict[str, Any]) -> Attachment:
        year_text = values["year"].strip()
        if year_text and not (year_text.isascii() and year_text.isdecimal()):
            from epss.core.errors import WorkspaceError

            raise WorkspaceError(f"tahun dokumen harus angka, bukan {year_text!r}")
        return self.ws.sampling.mark_evidence(
            self.attachment.id, doc_kind=values["kind"] or None,
            doc_year=int(year_text) if year_text else None, signed=values["signed"],
            for_tpb=values["tpb"],
            kegiatan_id=int(values["kegiatan"]) if values["kegiatan"] else None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.commit({"kind": str(self.query_one("#kind", Select).value),
                     "year": self.query_one("#year", Input).value,
                     "signed": self.query_one("#signed", Checkbox).value,
                     "tpb": self.query_one("#tpb", Checkbox).value,
                     "kegiatan": str(self.query_one("#kegiatan", Select).value)})

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
