"""Beranda: the agency and its assessments by year and kind, with score and completion."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from epss.model import KIND_LABELS, STATUS_LABELS
from epss.tui.app import FAILED
from epss.tui.screens.dialogs import (
    ConfirmDialog,
    NewAssessmentDialog,
    PromptDialog,
    ReportedDialog,
)


def _shown_path(path: Path) -> str:
    """Relative to the current folder when inside it (short, and what the user typed)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)


class HomeScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Buka", show=True, priority=True),
        Binding("n", "new", "Penilaian baru"),
        Binding("r", "rename", "Ganti judul"),
        Binding("d,delete", "delete", "Hapus", key_display="d"),
        Binding("h", "history", "Riwayat"),
        Binding("v", "plan", "Rencana"),
        Binding("g", "report", "Cetak PDF"),
        Binding("b", "reported", "Surat BPS", show=False),
        Binding("k", "committee", "Komite lomba", show=False),
        Binding("q", "app.quit", "Keluar"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static(id="agency")
            yield DataTable(id="assessments", cursor_type="row", zebra_stripes=True)
            yield Static(id="home-hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Tahun", "Jenis", "Judul", "Status", "IPS", "Predikat", "Terisi",
                          "Berbukti")
        self.refresh_rows()
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        ws = self.app.ws
        agency = ws.agency
        self.query_one("#agency", Static).update(
            f"[b]{escape(agency.name)}[/b]  ·  {agency.kind} · kode wilayah {agency.code}"
            f"  ·  folder {escape(_shown_path(ws.root))}")
        table = self.query_one(DataTable)
        current = table.cursor_row
        table.clear()
        rows = self.app.attempt(ws.overview) or []
        for a, card, with_evidence in rows:
            ips, predikat = card.ips_display, card.predikat + (
                " (sementara)" if card.provisional else "")
            if a.kind == "badan" and card.answered == 0:
                ips, predikat = self._reported(a.id) or (ips, predikat)
            table.add_row(str(a.year), KIND_LABELS[a.kind], Text(a.title or "—"),
                          STATUS_LABELS[a.status], ips, predikat,
                          f"{card.answered}/{card.total}", f"{with_evidence}/{card.total}",
                          key=str(a.id))
        if rows:
            table.move_cursor(row=min(current, len(rows) - 1))
        hint = ("Enter membuka penilaian · n baru · h riwayat · v rencana · g cetak PDF · "
                "? bantuan" if rows else
                "Belum ada penilaian. Tekan n untuk membuat penilaian mandiri pertama.")
        if ws.committee.awards():
            hint += " · k komite lomba"
        self.query_one("#home-hint", Static).update(hint)

    def _reported(self, assessment_id: int) -> tuple[str, str] | None:
        """A BPS result entered only as its letter's IPS is listed with that IPS, not 1,00."""
        from epss.scoring import format_id, predikat_for

        reported = self.app.attempt(self.app.ws.reported_indices, assessment_id)
        if not reported or reported.ips is None:
            return None
        edition = self.app.ws.catalog.edition
        return format_id(reported.ips), f"{predikat_for(reported.ips, edition)} (surat BPS)"

    def _selected_id(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value)

    def action_committee(self) -> None:
        from epss.tui.screens.committee import CommitteeScreen

        if not self.app.ws.committee.awards():
            self.app.notify("Belum ada lomba di workspace ini. Buat dengan "
                            "`epss award new --rubric sata-jatim --year 2024`.", markup=False)
            return
        self.app.push_screen(CommitteeScreen())

    def action_open(self) -> None:
        from epss.tui.screens.assessment import AssessmentScreen

        assessment_id = self._selected_id()
        if assessment_id is not None:
            self.app.push_screen(AssessmentScreen(assessment_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_new(self) -> None:
        ws = self.app.ws
        years = sorted({a.year for a in ws.assessments() if a.kind == "mandiri"}, reverse=True)
        default = max([date.today().year, *(y + 1 for y in years)])

        def done(result: dict | None) -> None:
            if not result:
                return
            created = self.app.attempt(ws.new_assessment, result["year"], result["kind"],
                                       from_year=result["from_year"])
            if created:
                note = f" dari {created.source_year}" if created.source_year else ""
                self.app.notify(f"{created.label} dibuat{note}.")
                self.refresh_rows()

        self.app.push_screen(NewAssessmentDialog(default, years), done)

    def action_rename(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is None:
            return
        current = self.app.ws.get_assessment(assessment_id)

        def done(title: str | None) -> None:
            if title is not None and self.app.attempt(self.app.ws.rename_assessment,
                                                      assessment_id, title):
                self.refresh_rows()

        self.app.push_screen(PromptDialog(f"Judul untuk {current.label}", current.title), done)

    def action_delete(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is None:
            return
        current = self.app.ws.get_assessment(assessment_id)

        def done(yes: bool | None) -> None:
            if yes and self.app.attempt(self.app.ws.delete_assessment,
                                        assessment_id) is not FAILED:
                self.app.notify(f"{current.label} dihapus (tercatat di log audit).")
                self.refresh_rows()

        self.app.push_screen(ConfirmDialog(
            f"Hapus [b]{current.label}[/b] beserta semua jawabannya?\n"
            "Berkas bukti tetap tersimpan di brankas."), done)

    def action_history(self) -> None:
        from epss.tui.screens.history import HistoryScreen

        def opened(target: tuple[int, str] | None) -> None:
            if target:
                self.open_indicator(*target)

        self.app.push_screen(HistoryScreen(), opened)

    def action_plan(self) -> None:
        from epss.tui.screens.plan import PlanScreen

        assessment_id = self._selected_id()
        if assessment_id is None:
            return

        def opened(code: str | None) -> None:
            if code:
                self.open_indicator(assessment_id, code)

        self.app.push_screen(PlanScreen(assessment_id), opened)

    def action_report(self) -> None:
        from epss.tui.screens.report import ReportDialog

        assessment_id = self._selected_id()
        if assessment_id is not None:
            label = self.app.ws.get_assessment(assessment_id).label
            self.app.push_screen(ReportDialog(assessment_id, label))

    def action_reported(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is None:
            return
        current = self.app.ws.get_assessment(assessment_id)
        if current.kind != "badan":
            self.app.notify("Nilai surat BPS hanya untuk penilaian badan (hasil BPS). Pilih baris "
                            "penilaian badan, atau buat dengan n.", severity="warning")
            return

        def done(saved: bool | None) -> None:
            if saved:
                self.app.notify(f"Nilai surat BPS untuk {current.label} disimpan.")
                self.refresh_rows()

        self.app.push_screen(ReportedDialog(assessment_id, current.label), done)

    def open_indicator(self, assessment_id: int, code: str) -> None:
        from epss.tui.screens.assessment import AssessmentScreen

        screen = AssessmentScreen(assessment_id, start_code=code)
        self.app.push_screen(screen)
