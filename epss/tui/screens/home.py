"""Beranda: the agency and its assessments by year and kind, with score and completion."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from epss.core.model import KIND_LABELS, STATUS_LABELS
from epss.tui.attempt import FAILED, guarded
from epss.tui.base import EpssScreen
from epss.tui.screens.assessment import AssessmentScreen
from epss.tui.screens.committee import CommitteeScreen
from epss.tui.screens.coordination import CoordinationScreen, RoundsScreen
from epss.tui.screens.daftar_data import DaftarDataScreen
from epss.tui.screens.dialogs import (
    ConfirmDialog,
    NewAssessmentDialog,
    PromptDialog,
    ReportedDialog,
    reviewer_dialog,
    toggle_final,
)
from epss.tui.screens.export import ExportDialog
from epss.tui.screens.history import HistoryScreen
from epss.tui.screens.kegiatan import KegiatanScreen
from epss.tui.screens.plan import PlanScreen
from epss.tui.screens.report import ReportDialog
from epss.tui.widgets.keybar import KeyBar

SHORT_KIND = {"mandiri": "Mandiri", "badan": "BPS", "target": "Target"}
# Below this many columns the table puts the title last and shortens the kind: with the full
# kind ("Penilaian badan (hasil BPS)") the evidence count was cut off at 80 columns.
WIDE_TABLE = 100


def _shown_path(path: Path) -> str:
    """Relative to the current folder when inside it (short, and what the user typed)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)


class HomeScreen(EpssScreen[None]):
    BINDINGS = [
        Binding("enter", "open", "Buka", show=True, priority=True),
        Binding("n", "new", "Penilaian baru"),
        Binding("r", "rename", "Ganti judul"),
        Binding("d,delete", "delete", "Hapus", key_display="d"),
        Binding("f", "toggle_final", "Final/draf"),
        Binding("h", "history", "Riwayat"),
        Binding("v", "plan", "Rencana"),
        Binding("g", "report", "Cetak PDF"),
        Binding("x", "export", "Ekspor bundel/xlsx"),
        Binding("p", "reviewer", "Nama penilai", show=False),
        Binding("b", "reported", "Surat BPS", show=False),
        Binding("k", "committee", "Komite lomba", show=False),
        Binding("K", "kegiatan", "Kegiatan terpilih", key_display="K", show=False),
        Binding("w", "coordination", "Koordinasi OPD", show=False),
        Binding("z", "rounds", "Babak penilaian BPS", show=False),
        Binding("y", "daftar_data", "Daftar data", show=False),
        Binding("o", "profile", "Profil instansi", show=False),
        Binding("q", "app.quit", "Keluar"),
    ]

    _narrow_columns: bool | None = None  # the column layout shown (None: none yet)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static(id="agency")
            yield DataTable(id="assessments", cursor_type="row", zebra_stripes=True)
            yield Static(id="home-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_rows()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        if self._narrow_columns != (self.app.size.width < WIDE_TABLE):
            self.refresh_rows()

    def _columns(self, table: DataTable[Any]) -> bool:
        """Lay out the columns for the width: below 100 columns the title goes last and the
        kind is shortened, so every number is visible without scrolling."""
        narrow = self.app.size.width < WIDE_TABLE
        if narrow != self._narrow_columns:
            self._narrow_columns = narrow
            table.clear(columns=True)
            if narrow:
                table.add_columns("Tahun", "Jenis", "Status", "IPS", "Predikat", "Terisi",
                                  "Berbukti", "Judul")
            else:
                table.add_columns("Tahun", "Jenis", "Judul", "Status", "IPS", "Predikat",
                                  "Terisi", "Berbukti")
        return narrow

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    @guarded
    def refresh_rows(self) -> None:
        ws = self.ws
        agency = ws.agency
        reason = self.read_only_reason
        read_only = (f"\n[b]Mode baca saja:[/b] {escape(reason)}. Perubahan tidak bisa disimpan."
                     if reason else "")
        self.query_one("#agency", Static).update(
            f"[b]{escape(agency.name)}[/b]  ·  {agency.kind} · kode wilayah {agency.code}"
            f"  ·  folder {escape(_shown_path(ws.root))}{read_only}")
        table: DataTable[Any] = self.query_one(DataTable)
        current = table.cursor_row
        table.clear()
        narrow = self._columns(table)
        rows = self.attempt(ws.overview) or []
        for row in rows:
            a, card, shown = row.assessment, row.card, row.ips
            mark = (" (surat BPS)" if shown.source == "reported" else
                    " (sementara)" if shown.provisional and shown.value is not None else "")
            ips, predikat = shown.display, (shown.predikat or "–") + mark
            title = Text(a.title or "—")
            cells = [STATUS_LABELS[a.status], ips, predikat, f"{card.answered}/{card.total}",
                     f"{row.with_evidence}/{card.total}"]
            if narrow:
                table.add_row(str(a.year), SHORT_KIND[a.kind], *cells, title, key=str(a.id))
            else:
                table.add_row(str(a.year), KIND_LABELS[a.kind], title, *cells, key=str(a.id))
        if rows:
            table.move_cursor(row=min(current, len(rows) - 1))
        hint = (f"Penilai: [b]{escape(ws.actor)}[/b] (p ganti nama) · x ekspor bundel untuk "
                "komite atau LKE (xlsx) · Ctrl+P semua perintah" if rows else
                "Belum ada penilaian. Tekan n untuk membuat penilaian mandiri pertama.")
        if ws.committee.awards():
            hint += " · k komite lomba"
        self.query_one("#home-hint", Static).update(hint)

    def _selected_id(self) -> int | None:
        table: DataTable[Any] = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def action_daftar_data(self) -> None:
        self.app.push_screen(DaftarDataScreen())

    def action_committee(self) -> None:
        if not self.ws.committee.awards():
            self.app.notify("Belum ada lomba di workspace ini. Buat dengan "
                            "`epss award new --rubric sata-jatim --year 2024`.", markup=False)
            return
        self.app.push_screen(CommitteeScreen())

    def action_open(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is not None:
            self.app.push_screen(AssessmentScreen(assessment_id))

    @guarded
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_new(self) -> None:
        ws = self.ws
        if self.refuse_edit():
            return
        years = sorted({a.year for a in ws.assessments() if a.kind == "mandiri"}, reverse=True)
        default = max([date.today().year, *(y + 1 for y in years)])

        def save(result: dict[str, Any]) -> Any:
            """Run inside the dialog: a refused year keeps it open with the reason."""
            return ws.new_assessment(result["year"], result["kind"],
                                     from_year=result["from_year"],
                                     keep_kegiatan=result.get("keep_kegiatan", False))

        def done(created: Any) -> None:
            if created:
                note = f" dari {created.source_year}" if created.source_year else ""
                self.app.notify(f"{created.label} dibuat{note}.")
                self.refresh_rows()

        self.app.push_screen(NewAssessmentDialog(default, years, save), done)

    def action_rename(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is None:
            return
        current = self.ws.get_assessment(assessment_id)
        if self.refuse_edit():
            return

        def save(title: str) -> Any:
            return self.ws.rename_assessment(assessment_id, title)

        def done(renamed: Any) -> None:
            if renamed:
                self.refresh_rows()

        self.app.push_screen(PromptDialog(f"Judul untuk {current.label}", current.title,
                                          save=save), done)

    def action_delete(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is None:
            return
        current = self.ws.get_assessment(assessment_id)
        if self.refuse_edit():
            return

        if current.status == "final":  # refused by the workspace too; say it before asking
            self.app.notify(f"{current.label} berstatus final dan tidak bisa dihapus; tekan f "
                            "untuk mengembalikannya ke draf dulu.", title="Tidak bisa",
                            severity="error", timeout=8, markup=False)
            return

        def done(yes: bool | None) -> None:
            if yes and self.attempt(self.ws.delete_assessment, assessment_id) is not FAILED:
                self.app.notify(f"{current.label} dihapus (tercatat di log audit).")
                self.refresh_rows()

        self.app.push_screen(ConfirmDialog(
            f"Hapus [b]{escape(current.label)}[/b] beserta semua jawabannya?\n"
            "Berkas bukti tetap tersimpan di brankas."), done)

    def action_toggle_final(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is None:
            return
        toggle_final(self, self.ws.get_assessment(assessment_id), self.refresh_rows)

    def action_history(self) -> None:
        # an indicator opens over the Riwayat screen: Esc goes back there
        self.app.push_screen(HistoryScreen(opener=self.open_indicator))

    def action_kegiatan(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is not None:
            self.app.push_screen(KegiatanScreen(assessment_id))

    def action_coordination(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is not None:
            self.app.push_screen(CoordinationScreen(assessment_id))

    def action_rounds(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is None:
            return
        screen = RoundsScreen(assessment_id)

        def opened(code: str | None) -> None:  # a dropped indicator, in the mandiri answers
            target = screen.mandiri_id or screen.badan_id
            if code and target is not None:
                self.open_indicator(target, code)

        self.app.push_screen(screen, opened)

    def action_plan(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is None:
            return

        def opened(code: str) -> None:  # over the plan: Esc goes back there
            self.open_indicator(assessment_id, code)

        self.app.push_screen(PlanScreen(assessment_id, opener=opened))

    def action_report(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is not None:
            label = self.ws.get_assessment(assessment_id).label
            self.app.push_screen(ReportDialog(assessment_id, label))

    def action_export(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is not None:
            self.app.push_screen(ExportDialog(assessment_id))

    def action_profile(self) -> None:
        """Profil instansi: the texts the dossier and the presentation print."""
        from epss.tui.screens.profile import ProfileDialog

        if self.refuse_edit():
            return

        def done(saved: Any) -> None:
            if saved is not None:
                self.app.notify("Profil instansi disimpan.")

        dialog = self.attempt(ProfileDialog)
        if isinstance(dialog, ProfileDialog):
            self.app.push_screen(dialog, done)

    def action_reviewer(self) -> None:
        reviewer_dialog(self, lambda _name: self.refresh_rows())

    def action_reported(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is None:
            return
        current = self.ws.get_assessment(assessment_id)
        if current.kind != "badan":
            self.app.notify("Nilai surat BPS hanya untuk penilaian badan (hasil BPS). Pilih baris "
                            "penilaian badan, atau buat dengan n.", severity="warning")
            return
        if self.refuse_edit(current):
            return

        def done(saved: bool | None) -> None:
            if saved:
                self.app.notify(f"Nilai surat BPS untuk {current.label} disimpan.")
                self.refresh_rows()

        self.app.push_screen(ReportedDialog(assessment_id, current.label), done)

    def open_indicator(self, assessment_id: int, code: str) -> None:
        screen = AssessmentScreen(assessment_id, start_code=code)
        self.app.push_screen(screen)

