"""Koordinasi OPD and Babak penilaian (issue 18): how far each OPD has come with the indicators
assigned to it, the proposals its request sheet brought back (accepted or rejected here, never
applied silently), and for a BPS assessment (penilaian badan) the assessor's rounds with the IPS
of each and the repair list of a round, written as the perbaikan package in a worker thread.

The numbers come from the services (``ws.coordination``, ``ws.rounds``); this module only shows
them. Text typed by users or read from an OPD's sheet is shown as rich ``Text``, never as markup.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Header, Label, Static, TabbedContent, TabPane

from epss.core.model import Assessment
from epss.core.progress import OpdProgress
from epss.core.scoring import format_index
from epss.services.coordination import Proposal
from epss.services.defects import unexpected_error_line
from epss.services.rounds import ROUNDS, RepairItem, RepairList, RoundSummary
from epss.services.workspace import Workspace
from epss.tui.attempt import TOLD, Failed, error_text, guarded, guarded_open
from epss.tui.base import EpssScreen, WorkspaceApp
from epss.tui.screens.daftar_data import zone_text
from epss.tui.screens.dialogs import ConfirmDialog, Dialog
from epss.tui.widgets.keybar import KeyBar

NO_ASSIGNMENTS = ("Belum ada penugasan. Tugaskan indikator dengan "
                  "`epss assign KODE --opd NAMA` (tambahkan --pic NAMA dan --due TTTT-BB-HH).")
NO_PROPOSALS = ("Tidak ada usulan dari OPD. Usulan datang dari lembar permintaan: buat dengan "
                "`epss export xlsx --opd NAMA`, kirim ke OPD, lalu impor lembar yang sudah "
                "diisi dengan `epss import xlsx BERKAS`. Perubahannya menunggu di sini sampai "
                "diterima atau ditolak.")
ZONE_RULE = ("Zona: hijau ≥ 90 %, kuning 50–89 %, merah < 50 % dari indikator yang terjawab "
             "dan berbukti.")
NO_ROUNDS = ("Belum ada babak penilaian TPB pada {label}. Catat dengan "
             "`epss round set --round dokumen KODE --level N` (babak: dokumen, interviu, pleno, "
             "harmonisasi, final).")
NOT_BADAN = ("{label} bukan penilaian badan. Babak penilaian TPB dicatat pada penilaian badan "
             "(hasil BPS) tahun {year}: buat dari Beranda (n, jenis badan), lalu catat dengan "
             "`epss round set --round dokumen KODE --level N`.")


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:max(1, width - 1)] + "…"


def _level(value: int | None) -> str:
    return str(value) if value is not None else "-"


def level_change(p: Proposal) -> str:
    """"2 → 3" when the sheet changes the level, else "tetap 2"."""
    if p.level_changed:
        return f"{_level(p.saved_level)} → {_level(p.level)}"
    return f"tetap {_level(p.saved_level)}"


def package_folder(reports: Path, year: int) -> Path:
    """perbaikan-<year>/ in the reports folder (``Workspace.reports_folder``), or -2, -3 ...
    beside it when that one is taken (the package is written only into a new or empty
    folder)."""
    base = reports / f"perbaikan-{year}"
    candidate, n = base, 1
    while candidate.exists() and (not candidate.is_dir() or any(candidate.iterdir())):
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def package_in_thread(root: Path, badan_id: int, round_key: str, dest: Path) -> list[Path]:
    """Open a private workspace connection, write the repair package, close: safe to call from a
    worker thread."""
    with Workspace.open(root) as ws:
        repair = ws.rounds.drops(badan_id, round_key)
        return ws.rounds.package(repair, dest)


# -- Koordinasi OPD ---------------------------------------------------------------------------


class CoordinationScreen(EpssScreen[None]):
    """Progres OPD and Usulan OPD of one assessment. ``tab`` is the tab it opens on
    ("progress" or "proposals"); ``today`` the reference day for overdue (default: today)."""

    BINDINGS = [
        Binding("escape,q", "back", "Kembali"),
        Binding("enter,d", "diff", "Bandingkan", key_display="Enter/d"),
        Binding("a", "accept", "Terima"),
        Binding("t", "reject", "Tolak"),
        Binding("left_square_bracket,right_square_bracket", "switch_tab", "Ganti tab",
                key_display="[ ]"),
    ]
    DEFAULT_CSS = """
    CoordinationScreen #coord-tabs, CoordinationScreen #coord-tabs > ContentSwitcher {
        height: 1fr;
    }
    CoordinationScreen TabPane { padding: 0 1; height: 1fr; overflow-y: auto; }
    CoordinationScreen .summary { height: auto; }
    CoordinationScreen DataTable { height: 1fr; min-height: 4; }
    CoordinationScreen .detail { height: auto; max-height: 5; color: $text-muted; }
    CoordinationScreen.-short .detail { max-height: 2; }
    CoordinationScreen .hint { height: auto; color: $text-muted; }
    CoordinationScreen.-short .hint { display: none; }
    """

    def __init__(self, assessment_id: int, tab: str = "progress",
                 today: date | None = None) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.start_tab = tab if tab in ("progress", "proposals") else "progress"
        self.today = today
        self.rows: list[OpdProgress] = []
        self.found: list[Proposal] = []
        self.opds_of: dict[str, list[str]] = {}  # indicator -> the OPDs it is assigned to
        self.shown_width = 0
        self.resumed = False

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="coord-tabs", initial=self.start_tab):
            with TabPane("Progres OPD", id="progress"):
                yield Static(classes="summary", id="progress-summary")
                yield DataTable(id="progress-table", cursor_type="row", zebra_stripes=True)
                yield Static(classes="detail", id="progress-detail")
                yield Static(ZONE_RULE, classes="hint", id="progress-rule")
            with TabPane("Usulan OPD", id="proposals"):
                yield Static(classes="summary", id="proposals-summary")
                yield DataTable(id="proposals-table", cursor_type="row", zebra_stripes=True)
                yield Static(classes="detail", id="proposals-detail")
        yield KeyBar()

    @guarded_open
    def on_mount(self) -> None:
        assessment = self.ws.get_assessment(self.assessment_id)
        self.sub_title = f"Koordinasi OPD — {assessment.label}"
        # the columns once: a table whose columns are replaced keeps drawing the old widths
        self.query_one("#progress-table", DataTable).add_columns(
            "OPD", "Zona", "%", "Tugas", "Jawab", "Bukti", "Temuan", "Telat")
        self.query_one("#proposals-table", DataTable).add_columns(
            "Kode", "Tingkat", "Penjelasan", "OPD", "Lembar")
        self.reload()
        self._focus_table()

    # -- data -----------------------------------------------------------------------------

    @property
    def assessment(self) -> Assessment:
        return self.ws.get_assessment(self.assessment_id)

    def opd_width(self) -> int:
        return max(12, min(40, self.app.size.width - 57))

    def reload(self) -> None:
        """Fill both tabs from the workspace (the cursor rows are kept where possible)."""
        coordination = self.ws.coordination
        rows = self.attempt(coordination.progress, self.assessment_id, self.today)
        found = self.attempt(coordination.proposals, self.assessment_id)
        assigned = self.attempt(coordination.assignments, self.assessment_id)
        self.rows = [] if isinstance(rows, Failed) else rows
        self.found = [] if isinstance(found, Failed) else found
        self.opds_of = {}
        for a in [] if isinstance(assigned, Failed) else assigned:
            names = self.opds_of.setdefault(a.indicator, [])
            if a.opd not in names:
                names.append(a.opd)
        self.shown_width = self.app.size.width
        self._fill_progress()
        self._fill_proposals()
        self._tab_titles()
        self.refresh_bindings()
        self.refresh_keys()

    def _fill_progress(self) -> None:
        table: DataTable[str | Text] = self.query_one("#progress-table", DataTable)
        row = table.cursor_row
        table.clear()
        width = self.opd_width()
        for n, r in enumerate(self.rows):
            table.add_row(Text(_short(r.opd, width)), zone_text(r.zone), r.percent_text,
                          str(r.assigned), str(r.answered), str(r.evidenced), str(r.findings),
                          Text(str(r.overdue), style="bold red" if r.overdue else ""),
                          key=f"{n}")
        summary = self.query_one("#progress-summary", Static)
        table.display = bool(self.rows)
        if not self.rows:
            summary.update(Text(NO_ASSIGNMENTS))
            self.query_one("#progress-detail", Static).update("")
            return
        total = sum(r.assigned for r in self.rows)
        done = sum(r.done for r in self.rows)
        late = sum(r.overdue for r in self.rows)
        text = Text.assemble((f"{len(self.rows)} OPD", "bold"),
                             f", {done} dari {total} tugas terjawab dan berbukti")
        if late:
            text.append(f", {late} terlambat", style="bold red")
        text.append(".")
        summary.update(text)
        if 0 <= row < len(self.rows):
            table.move_cursor(row=row)
        self._show_progress(max(0, min(row, len(self.rows) - 1)))

    def _show_progress(self, row: int) -> None:
        box = self.query_one("#progress-detail", Static)
        if not 0 <= row < len(self.rows):
            box.update("")
            return
        r = self.rows[row]
        text = Text.assemble((r.opd, "bold"), f": {r.done} dari {r.assigned} selesai "
                             f"({r.percent_text} %), zona {r.zone}.")
        late = [i for i in r.items if i.overdue]
        for i in late:
            a = i.assignment
            share = (" (seluruh indikator)" if a.kegiatan_id is None
                     else f" ({self.ws.sampling.kegiatan_label(a.kegiatan_id)})")
            who = f", PIC {a.pic}" if a.pic else ""
            due = a.due.isoformat() if a.due else ""
            text.append(f"\nTerlambat: {a.indicator}{share}, tenggat {due}{who}")
        if not late:
            open_items = [i.assignment.indicator for i in r.items if not i.done]
            if open_items:
                text.append(f"\nBelum selesai: {', '.join(dict.fromkeys(open_items))}")
        box.update(text)

    def _fill_proposals(self) -> None:
        table: DataTable[str | Text] = self.query_one("#proposals-table", DataTable)
        row = table.cursor_row
        table.clear()
        width = self.opd_width()
        for p in self.found:
            opds = "; ".join(self.opds_of.get(p.indicator, [])) or "-"
            table.add_row(p.indicator, level_change(p),
                          "diubah" if p.explanation_changed else "sama",
                          Text(_short(opds, width)), Text(p.source), key=p.indicator)
        summary = self.query_one("#proposals-summary", Static)
        table.display = bool(self.found)
        if not self.found:
            summary.update(Text(NO_PROPOSALS))
            self.query_one("#proposals-detail", Static).update("")
            return
        summary.update(Text.assemble(
            (f"{len(self.found)} usulan menunggu", "bold"),
            " diterima (a) atau ditolak (t); Enter membandingkannya dengan yang tersimpan."))
        if 0 <= row < len(self.found):
            table.move_cursor(row=row)
        self._show_proposal(max(0, min(row, len(self.found) - 1)))

    def _show_proposal(self, row: int) -> None:
        box = self.query_one("#proposals-detail", Static)
        if not 0 <= row < len(self.found):
            box.update("")
            return
        p = self.found[row]
        name = self.ws.catalog.indicator(p.indicator).name
        changes = []
        if p.level_changed:
            changes.append(f"tingkat {level_change(p)}")
        if p.explanation_changed:
            changes.append("penjelasan diganti")
        box.update(Text.assemble((f"{p.indicator} {name}", "bold"),
                                 f"\nDari {p.source}: " + (", ".join(changes) or "sama dengan "
                                                           "yang tersimpan")))

    def _tab_titles(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("progress").label = f"Progres OPD ({len(self.rows)})"
        tabs.get_tab("proposals").label = f"Usulan OPD ({len(self.found)})"

    # -- events ---------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#progress-table")
    @guarded
    def _progress_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_progress(event.cursor_row)

    @on(DataTable.RowHighlighted, "#proposals-table")
    @guarded
    def _proposal_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_proposal(event.cursor_row)

    @on(DataTable.RowSelected, "#proposals-table")
    def _proposal_selected(self) -> None:
        self.action_diff()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()
        self.call_after_refresh(self.refresh_keys)

    @guarded
    def on_resize(self) -> None:
        if self.shown_width and self.shown_width != self.app.size.width:
            self.reload()

    @guarded
    def on_screen_resume(self) -> None:
        """Back from another screen: answers, evidence or proposals may have changed."""
        if self.resumed and self.shown_width:
            self.reload()
        self.resumed = True  # the first resume is the opening: on_mount has filled the tabs

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("diff", "accept", "reject"):
            if not self.is_mounted or self.query_one(TabbedContent).active != "proposals":
                return False
            return True if self.found else None
        return True

    def _focus_table(self) -> None:
        active = self.query_one(TabbedContent).active
        table = self.query_one(f"#{active}-table", DataTable)
        if table.display:
            table.focus()

    # -- actions --------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_switch_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "proposals" if tabs.active == "progress" else "progress"
        self._focus_table()
        self.refresh_bindings()
        self.call_after_refresh(self.refresh_keys)

    def current(self) -> Proposal | None:
        """The proposal under the cursor (None when there is none)."""
        table = self.query_one("#proposals-table", DataTable)
        if not self.found or not 0 <= table.cursor_row < len(self.found):
            return None
        return self.found[table.cursor_row]

    def action_diff(self) -> None:
        p = self.current()
        if p is None:
            self.notify("Tidak ada usulan untuk dibandingkan.", markup=False)
            return
        name = self.ws.catalog.indicator(p.indicator).name
        opds = self.opds_of.get(p.indicator, [])

        def chosen(choice: str | None) -> None:
            if choice == "accept":
                self._accept(p)
            elif choice == "reject":
                self._reject(p)

        self.app.push_screen(ProposalDialog(p, name, opds), chosen)

    def action_accept(self) -> None:
        p = self.current()
        if p is None:
            self.notify("Tidak ada usulan untuk diterima.", markup=False)
            return
        if self.refuse_edit(self.assessment):
            return
        changes = [f"tingkat {level_change(p)}"]
        if p.explanation_changed:
            changes.append("penjelasan tersimpan diganti dengan penjelasan usulan")
        question = (f"Terima usulan [b]{p.indicator}[/b] dari {escape(p.source)}?\n"
                    + "; ".join(changes) + ". Perubahan dicatat di log audit.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._accept(p)

        self.app.push_screen(ConfirmDialog(question, yes="Ya, terima", variant="primary"),
                             confirmed)

    def action_reject(self) -> None:
        p = self.current()
        if p is None:
            self.notify("Tidak ada usulan untuk ditolak.", markup=False)
            return
        if self.refuse_edit(self.assessment):
            return
        question = (f"Tolak usulan [b]{p.indicator}[/b] dari {escape(p.source)}?\n"
                    f"Jawaban tersimpan tetap (tingkat {_level(p.saved_level)}); usulannya "
                    "dihapus dan dicatat di log audit.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._reject(p)

        self.app.push_screen(ConfirmDialog(question, yes="Ya, tolak"), confirmed)

    def _accept(self, p: Proposal) -> None:
        assessment = self.attempt(self.ws.get_assessment, self.assessment_id)
        if isinstance(assessment, Failed) or self.refuse_edit(assessment):
            return
        answer = self.attempt(self.ws.coordination.accept, self.assessment_id, p.indicator)
        if not isinstance(answer, Failed):
            self.notify(f"Usulan {p.indicator} diterima: tingkat {_level(answer.level)} — "
                        f"{assessment.label}", markup=False)
        self.reload()

    def _reject(self, p: Proposal) -> None:
        assessment = self.attempt(self.ws.get_assessment, self.assessment_id)
        if isinstance(assessment, Failed) or self.refuse_edit(assessment):
            return
        done = self.attempt(self.ws.coordination.reject, self.assessment_id, p.indicator)
        if not isinstance(done, Failed):
            self.notify(f"Usulan {p.indicator} ditolak; jawaban tersimpan tetap — "
                        f"{assessment.label}", markup=False)
        self.reload()


class ProposalDialog(Dialog[str]):
    """One proposal beside what is saved: the level, the saved and the proposed explanation
    (one above the other, so it reads at any width). Dismisses with "accept", "reject" or
    None."""

    BINDINGS = [
        Binding("escape", "cancel", "Batal"),
        Binding("a", "choose('accept')", "Terima"),
        Binding("t", "choose('reject')", "Tolak"),
    ]
    DEFAULT_CSS = """
    ProposalDialog > Vertical { width: 96; }
    ProposalDialog .explanation { height: auto; padding: 0 1; margin-bottom: 1;
                                  border-left: thick $secondary; }
    ProposalDialog #proposed { border-left: thick $success; }
    ProposalDialog .heading { margin-top: 1; }
    ProposalDialog.-narrow Button { min-width: 0; }
    """

    def __init__(self, proposal: Proposal, name: str, opds: list[str]) -> None:
        super().__init__()
        self.proposal, self.indicator_name, self.opds = proposal, name, opds

    def compose(self) -> ComposeResult:
        p = self.proposal
        level = (Text.assemble("Tingkat: ", (level_change(p), "bold"))
                 if p.level_changed else Text(f"Tingkat: {level_change(p)} (tidak diubah)"))
        source = f"Dari lembar {p.source}"
        if self.opds:
            source += f" (OPD: {'; '.join(self.opds)})"
        with Vertical():
            yield Static(Text.assemble(("Usulan ", "bold"), (p.indicator, "bold"),
                                       f" {self.indicator_name}"))
            yield Static(Text(source, style="dim"))
            yield Static(level, id="level")
            yield Label("Penjelasan tersimpan", classes="heading")
            yield Static(Text(p.saved_explanation or "(kosong)"), classes="explanation",
                         id="saved")
            heading = ("Penjelasan usulan" if p.explanation_changed
                       else "Penjelasan usulan (sama dengan yang tersimpan)")
            yield Label(heading, classes="heading")
            yield Static(Text(p.explanation or "(kosong)"), classes="explanation",
                         id="proposed")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Tolak", id="reject", variant="error")
                yield Button("Terima", id="accept", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id in ("accept", "reject") else None)


# -- Babak penilaian TPB ----------------------------------------------------------------------


class RoundsScreen(EpssScreen[str]):
    """The assessor's rounds of a penilaian badan and the repair list of one round. Opened on
    a mandiri assessment it shows the badan assessment of the same year when there is one.
    Dismisses with the code of the dropped indicator to open (in the mandiri assessment:
    ``mandiri_id``), or None."""

    BINDINGS = [
        Binding("escape,q", "back", "Kembali"),
        Binding("enter", "jump", "Ke indikator"),
        Binding("r", "next_round", "Ganti babak"),
        Binding("w", "write", "Tulis paket perbaikan"),
    ]
    DEFAULT_CSS = """
    RoundsScreen #rounds-body { padding: 0 1; overflow-y: auto; }
    RoundsScreen .summary { height: auto; }
    RoundsScreen #rounds-table { height: auto; max-height: 7; margin-bottom: 1; }
    RoundsScreen.-short #rounds-table { max-height: 4; margin-bottom: 0; }
    RoundsScreen #drops-table { height: 1fr; min-height: 5; }
    RoundsScreen #drop-detail { height: auto; max-height: 6; color: $text-muted; }
    RoundsScreen.-short #drop-detail { max-height: 2; }
    """

    def __init__(self, assessment_id: int) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.badan_id: int | None = None
        self.mandiri_id: int | None = None
        self.summaries: list[RoundSummary] = []
        self.round: str | None = None
        self.repair: RepairList | None = None
        self.writing = False
        self.shown_width = 0
        self.resumed = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="rounds-body"):
            yield Static(classes="summary", id="rounds-summary")
            yield DataTable(id="rounds-table", cursor_type="none", zebra_stripes=True)
            yield Static(classes="summary", id="drops-summary")
            yield DataTable(id="drops-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="drop-detail")
        yield KeyBar()

    @guarded_open
    def on_mount(self) -> None:
        ws = self.ws
        assessment = ws.get_assessment(self.assessment_id)
        badan: Assessment | None = assessment
        if assessment.kind != "badan":
            badan = next((a for a in ws.assessments()
                          if a.kind == "badan" and a.year == assessment.year), None)
        self.sub_title = f"Babak penilaian TPB — {(badan or assessment).label}"
        self.query_one("#rounds-table", DataTable).add_columns(
            "Babak", "IPS", "Predikat", "Dinilai", "Tenggat")
        self.query_one("#drops-table", DataTable).add_columns(
            "Kode", "Mandiri → TPB", "OPD", "Catatan TPB")
        if badan is None:
            self._empty(NOT_BADAN.format(label=assessment.label, year=assessment.year))
            return
        self.badan_id = badan.id
        mandiri = next((a for a in ws.assessments()
                        if a.kind == "mandiri" and a.year == badan.year), None)
        self.mandiri_id = mandiri.id if mandiri else None
        self.reload()

    def _empty(self, text: str) -> None:
        self.query_one("#rounds-summary", Static).update(Text(text))
        for widget in self.query("#rounds-table, #drops-summary, #drops-table, #drop-detail"):
            widget.display = False
        self.refresh_bindings()
        self.call_after_refresh(self.refresh_keys)

    @property
    def narrow_names(self) -> bool:
        return self.app.size.width < 60

    def note_width(self) -> int:
        return max(16, self.app.size.width - 40)

    def reload(self) -> None:
        if self.badan_id is None:
            return
        summaries = self.attempt(self.ws.rounds.summaries, self.badan_id)
        self.summaries = [] if isinstance(summaries, Failed) else summaries
        label = self.ws.get_assessment(self.badan_id).label
        if not self.summaries:
            self._empty(NO_ROUNDS.format(label=label))
            return
        for widget in self.query("#rounds-table, #drops-summary, #drops-table, #drop-detail"):
            widget.display = True
        scored = [s.round for s in self.summaries if s.recorded]
        if self.round not in scored:
            self.round = scored[-1] if scored else None
        self.shown_width = self.app.size.width
        self._fill_rounds(label)
        self._fill_drops()
        self.refresh_bindings()
        self.call_after_refresh(self.refresh_keys)

    def _fill_rounds(self, label: str) -> None:
        total = len(self.ws.catalog.indicators)
        several = len([s for s in self.summaries if s.recorded]) > 1
        hint = " · r: ganti babak" if several else ""
        self.query_one("#rounds-summary", Static).update(Text.assemble(
            (label, "bold"), f": {len(self.summaries)} babak tercatat{hint}"))
        table: DataTable[str | Text] = self.query_one("#rounds-table", DataTable)
        table.clear()
        for s in self.summaries:
            name = s.round.capitalize() if self.narrow_names else s.label
            shown = s.round == self.round
            table.add_row(Text(("▸ " if shown else "  ") + name, style="bold" if shown else ""),
                          format_index(s.scorecard.ips, s.scorecard.rounding),
                          s.scorecard.predikat, f"{s.recorded}/{total}", s.deadline or "-",
                          key=s.round)

    def _fill_drops(self) -> None:
        table: DataTable[str | Text] = self.query_one("#drops-table", DataTable)
        table.clear()
        summary = self.query_one("#drops-summary", Static)
        self.repair = None
        if self.round is None or self.badan_id is None:
            summary.update(Text("Belum ada tingkat dari TPB pada babak yang tercatat (hanya "
                                "tenggat). Catat dengan `epss round set --round BABAK KODE "
                                "--level N`."))
            table.display = False
            self._show_drop(0)
            return
        try:
            repair = self.ws.rounds.drops(self.badan_id, self.round)
        except TOLD as exc:
            summary.update(Text(f"Daftar perbaikan tidak bisa disusun: {error_text(exc)}"))
            table.display = False
            self._show_drop(0)
            return
        self.repair = repair
        if self.narrow_names:  # two lines at 40 columns, the drops need the rows
            deadline = f", tenggat {repair.deadline}" if repair.deadline else ""
            head = Text.assemble(("Perbaikan", "bold"), f" babak {ROUNDS[repair.round]}: "
                                 f"{len(repair.items)} turun{deadline}.")
        else:
            deadline = f", tenggat perbaikan {repair.deadline}" if repair.deadline else ""
            head = Text.assemble(("Daftar perbaikan", "bold"), f", babak "
                                 f"{ROUNDS[repair.round]}: {len(repair.items)} indikator turun "
                                 f"dari tingkat mandiri{deadline}.")
        if not repair.items:
            head.append(" Tidak ada yang perlu diperbaiki pada babak ini.")
        summary.update(head)
        table.display = bool(repair.items)
        width = self.note_width()
        for item in repair.items:
            table.add_row(item.code, f"{item.mandiri_level} → {item.tpb_level}",
                          Text(_short(_opds(item), 24)), Text(_short(item.note or "-", width)),
                          key=item.code)
        self._show_drop(0)
        if repair.items:
            table.focus()

    def _show_drop(self, row: int) -> None:
        box = self.query_one("#drop-detail", Static)
        items = self.repair.items if self.repair else []
        box.display = bool(items)
        if not 0 <= row < len(items):
            box.update("")
            return
        item = items[row]
        text = Text.assemble((f"{item.code} {item.name}", "bold"),
                             f"\nTingkat mandiri {item.mandiri_level} → TPB {item.tpb_level}. "
                             f"Catatan TPB: {item.note or '-'}\nOPD: {item.opd_text}")
        for finding in item.findings:
            text.append(f"\nTemuan: {finding}")
        box.update(text)

    @on(DataTable.RowHighlighted, "#drops-table")
    @guarded
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_drop(event.cursor_row)

    @on(DataTable.RowSelected, "#drops-table")
    def _selected(self) -> None:
        self.action_jump()

    @guarded
    def on_resize(self) -> None:
        if self.shown_width and self.shown_width != self.app.size.width:
            row = self.query_one("#drops-table", DataTable).cursor_row
            self.reload()
            self.query_one("#drops-table", DataTable).move_cursor(row=row)

    @guarded
    def on_screen_resume(self) -> None:
        """Back from another screen: the levels may have changed."""
        if self.resumed and self.shown_width:
            self.shown_width = -1
            self.on_resize()
        self.resumed = True  # the first resume is the opening: on_mount has filled it

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_round":
            return len([s for s in self.summaries if s.recorded]) > 1
        if action == "write":  # without drops it says why no package is written
            return self.round is not None
        if action == "jump":
            if self.round is None:
                return False
            return True if self.repair is not None and self.repair.items else None
        return True

    # -- actions --------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_next_round(self) -> None:
        scored = [s.round for s in self.summaries if s.recorded]
        if len(scored) < 2:
            return
        at = scored.index(self.round) if self.round in scored else -1
        self.round = scored[(at + 1) % len(scored)]
        self.reload()
        self.notify(f"Babak {ROUNDS[self.round]}.", markup=False, timeout=3)

    def action_jump(self) -> None:
        table = self.query_one("#drops-table", DataTable)
        if self.repair is None or not self.repair.items or not table.display:
            return
        row = min(max(table.cursor_row, 0), len(self.repair.items) - 1)
        self.dismiss(self.repair.items[row].code)

    def action_write(self) -> None:
        if self.badan_id is None or self.round is None:
            return
        if self.writing:
            self.notify("Paket perbaikan sedang ditulis…", markup=False)
            return
        if self.repair is None or not self.repair.items:
            self.notify(f"Tidak ada indikator yang turun pada babak {ROUNDS[self.round]}; "
                        "paket perbaikan tidak dibuat.", title="Tidak bisa", severity="error",
                        markup=False)
            return
        year = self.ws.get_assessment(self.badan_id).year
        dest = package_folder(self.ws.reports_folder, year)
        self.writing = True
        self.notify(f"Menulis paket perbaikan ke {dest}…", markup=False, timeout=4)
        self._write(self.host, self.badan_id, self.round, dest)

    @work(thread=True, exclusive=True, group="perbaikan")
    def _write(self, app: WorkspaceApp, badan_id: int, round_key: str, dest: Path) -> None:
        """Runs in a thread with its own workspace connection. ``app`` is passed in: the user
        may close the screen while the package is written, and it is still written then."""
        try:
            written = package_in_thread(app.ws.root, badan_id, round_key, dest)
        except Exception as exc:  # told to the user; the workspace is unchanged
            app.call_from_thread(self._failed, app, exc)
        else:
            app.call_from_thread(self._done, app, dest, written)

    def _done(self, app: WorkspaceApp, dest: Path, written: list[Path]) -> None:
        self.writing = False
        app.notify(f"Paket perbaikan ditulis ke {dest} ({len(written)} berkas).",
                   title="Paket perbaikan", timeout=10, markup=False)

    def _failed(self, app: WorkspaceApp, exc: Exception) -> None:
        self.writing = False
        if isinstance(exc, TOLD):
            message = error_text(exc)
        else:
            message = unexpected_error_line(exc)
        app.notify(f"Paket perbaikan tidak ditulis: {message}", title="Gagal",
                   severity="error", timeout=10, markup=False)


def _opds(item: RepairItem) -> str:
    """The OPD of a dropped indicator, short: umum/walidata, or the sampled kegiatan's OPD."""
    if item.general:
        return "umum/walidata"
    names = list(dict.fromkeys(k.opd for k in item.kegiatan))
    return "; ".join(names) or "-"

