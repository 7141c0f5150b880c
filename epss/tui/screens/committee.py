"""Komite lomba: the entrants of an award with their standing, sortable; drill into one to see
each criterion's value and contribution and to enter committee values and jury scores.

The ranking is recomputed from the workspace after every change (it is exact and takes
milliseconds for a provincial award), so what the table shows is always what the committee
report would print, with the stages numbered as the report numbers them (Tahap I, II, III).

Two safety rules (issue 17): removing a value (x) asks first, and a jury score is given by a
juror picked from the jurors who already scored in the award; a new juror is an explicit
"Juri baru" choice, so a typo cannot add a sixth juror (which would also turn a plain mean
into a trimmed mean). The leaderboard keeps its score and status columns in view at 80
columns: criteria columns fold away first (the detail below lists them), then names shorten.

An award with categories (issue 20) ranks each category on its own: the position column is
the rank within the entrant's category, a Kategori column shows it, and ``c`` cycles the
leaderboard through Semua → each category → Belum berkategori, and ``K`` (on the leaderboard
and on an entrant's screen) puts the entrant in a category, or in none. An Indeks SDI
criterion is entered with its domain values in the same dialog as other committee values
(``i``).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Select, Static

from epss.core.award import (
    Criterion,
    Ranking,
    Rankings,
    Row,
    Standing,
    all_standings,
    display,
)
from epss.services.committee import AwardInfo, EntrantInfo, score_text
from epss.services.committee_report import MANIFEST_TERM, outcome_text, stage_label
from epss.services.workspace import WorkspaceError
from epss.tui.attempt import FAILED, TOLD, Failed, error_text, guarded, guarded_open
from epss.tui.base import EpssScreen
from epss.tui.screens.committee_report import CommitteeReportDialog
from epss.tui.screens.dialogs import ConfirmDialog, Dialog

SORTS = (("posisi", "Posisi"), ("nama", "Nama"), ("ips", "IPS"), ("nilai", "Nilai"))
SOURCE = {"epss_ips": "IPS", "input": "komite", "jury": "juri",
          "daftar_data": "daftar data", "indeks_sdi": "SDI"}
ALL, LOOSE = "", "\x00tanpa"  # the category filter: everyone, entrants in no category
NEW_JUROR = "\x00baru"  # the "Juri baru" choice (no juror name can hold a NUL)
SHORT_KINDS = (("Pemerintah Kabupaten ", "Kab. "), ("Pemerintah Kota ", "Kota "),
               ("Pemerintah Provinsi ", "Prov. "))
LEGEND = "T3 #1 = peringkat 1 di Tahap III"
NO_CATEGORIES = ("Lomba ini belum punya kategori; tambahkan dengan "
                 "`epss award category add ID NAMA`.")


def category_bindings() -> list[Binding]:
    """``K``, the entrant's category, twice: shown when the award has categories, and hidden
    when it has none (it then says how to add one) — so that a key bar without categories
    stays as it was, while the key still answers. ``check_action`` tells the two apart by the
    parameter; the hidden one has no description, so the command palette lists K once."""
    return [Binding("K", "entrant_category", "Kategori peserta"),
            Binding("K", "entrant_category(False)", show=False)]


def category_shown(award: AwardInfo | None, parameters: tuple[object, ...]) -> bool:
    """Whether the ``entrant_category`` binding with these parameters is the one in force."""
    has = bool(award and award.categories)
    return has if not parameters else not has


def short_name(name: str) -> str:
    """"Kab. Sumberwangi" for "Pemerintah Kabupaten Sumberwangi" where columns are short."""
    for long, short in SHORT_KINDS:
        if name.startswith(long):
            return short + name[len(long):]
    return name


def status_text(ranking: Ranking, standing: Standing | None) -> str:
    """The status column: where the entrant ended, without the rank (Posisi shows it); the
    detail below says it in full (``outcome_text``)."""
    if standing is None or standing.row is None:
        return "–"
    row, stage = standing.row, stage_label(standing.stage)
    if not row.complete:
        return f"belum lengkap di {stage}"
    if standing.winner:
        return "pemenang"
    if standing.stage == len(ranking.rubric.stages):
        return "finalis" if ranking.stages[-1].advance is not None else "tahap akhir"
    if standing.stage == len(ranking.stages) and row.advanced:
        return f"lolos {stage}"
    return f"berhenti di {stage}"


def _ips(entrant: EntrantInfo) -> str:
    return f"{entrant.ips:.2f}".replace(".", ",") if entrant.ips is not None else "–"


class CommitteeScreen(EpssScreen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Kembali"),
        Binding("enter", "open", "Rincian", priority=True),
        Binding("s", "sort", "Urutkan"),
        Binding("c", "category", "Kategori"),
        *category_bindings(),
        Binding("i", "input", "Nilai komite"),
        Binding("j", "jury", "Nilai juri"),
        Binding("a", "award", "Ganti lomba", show=False),
        Binding("g", "report", "Cetak PDF"),
    ]
    DEFAULT_CSS = """
    CommitteeScreen #committee-body { padding: 0 1; overflow-y: auto; }
    CommitteeScreen #award-summary { height: auto; padding: 1 0 0 0; }
    CommitteeScreen #entrants { height: 1fr; min-height: 6; margin-top: 1; }
    CommitteeScreen #entrant-detail { height: auto; max-height: 35%; padding: 0 1;
                                      overflow-y: auto; border-left: thick $secondary;
                                      margin-top: 1; }
    CommitteeScreen #committee-hint { height: auto; color: $text-muted; }
    """

    def __init__(self, award_key: str | None = None) -> None:
        super().__init__()
        self.award_key = award_key
        self.sort = "posisi"
        self.category = ALL  # the category shown (ALL, a category id, or LOOSE)
        self.award: AwardInfo | None = None
        self.rows: list[dict[str, Any]] = []
        self.all_rows: list[dict[str, Any]] = []
        self.ranking: Ranking | None = None
        self.rankings: Rankings | None = None
        self._layout: tuple[Any, ...] | None = None  # the columns shown (redone on resize)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="committee-body"):
            yield Static(id="award-summary")
            yield DataTable(id="entrants", cursor_type="row", zebra_stripes=True)
            yield Static(id="entrant-detail")
            yield Static(id="committee-hint")
        yield Footer()

    @guarded_open
    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    @guarded
    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        if self.award is not None and self._layout != self._columns(criteria_of(self.award)):
            self._fill(criteria_of(self.award))

    # -- data --------------------------------------------------------------------------------

    def reload(self) -> None:
        committee = self.ws.committee
        award = self.attempt(committee.award, self.award_key)
        if isinstance(award, Failed):
            self.dismiss()
            return
        self.award = award
        self.sub_title = f"Komite — {award.label}"
        entrants = committee.entrants(award)
        rankings = committee.rankings(award, plain=committee.plain_entrants(award, entrants))
        self.rankings = rankings
        self.ranking = rankings.categories[0].ranking  # stages and rubric: the same in all
        where = all_standings(rankings)
        criteria = criteria_of(award)
        ids = [c.id for c in award.categories]
        if self.category not in (ALL, LOOSE, *ids):
            self.category = ALL  # the category was removed meanwhile
        self.all_rows = []
        for e in entrants:
            standing = where.get(e.key)
            row = standing.row if standing else None
            values = self._values(rankings, e.key)
            self.all_rows.append({"entrant": e, "standing": standing,
                                  "score": row.score if row is not None else None,
                                  "values": [values.get(c.id) for c in criteria]})
        self.rows = self._filtered()
        assumed = " · [b $warning]sebagian bobot diasumsikan[/]" if award.rubric.assumed else ""
        winners = sum(1 for r in self.rows if r["standing"] and r["standing"].winner)
        shown = "" if not award.categories else f" · kategori: {escape(self._category_name())}"
        count = (f"{len(self.rows)} dari {len(entrants)} peserta" if len(self.rows) != len(entrants)
                 else f"{len(entrants)} peserta")
        self.query_one("#award-summary", Static).update(
            f"[b]{escape(award.label)}[/b] · {count} · "
            f"{len(award.rubric.stages)} tahap · {winners} pemenang{shown}{assumed}")
        self._fill(criteria)
        self.refresh_bindings()

    def _filtered(self) -> list[dict[str, Any]]:
        if self.category == ALL:
            return list(self.all_rows)
        wanted = None if self.category == LOOSE else self.category
        return [r for r in self.all_rows if r["entrant"].category == wanted]

    def _category_name(self, category: str | None = None) -> str:
        category = self.category if category is None else category
        if category == ALL:
            return "semua"
        if category == LOOSE:
            return "belum berkategori"
        assert self.award is not None
        return next((c.name for c in self.award.categories if c.id == category), category)

    @staticmethod
    def _values(rankings: Rankings, key: str) -> dict[str, Fraction | None]:
        values: dict[str, Fraction | None] = {}
        for item in rankings.categories:
            for result in item.ranking.stages:
                for row in result.rows:
                    if row.entrant.key == key:
                        values.update({p.criterion.id: p.value for p in row.parts})
        return values

    def _sorted(self) -> list[dict[str, Any]]:
        def by(row: dict[str, Any]) -> tuple[Any, ...]:
            e, standing = row["entrant"], row["standing"]
            if self.sort == "nama":
                return (e.name.casefold(),)
            if self.sort == "ips":
                return (e.ips is None, -(e.ips or 0), e.name.casefold())
            if self.sort == "nilai":
                return (row["score"] is None, -(row["score"] or 0), e.name.casefold())
            order = standing.order if standing else (1, 0, 0, e.name.casefold())
            return (*self._category_order(e.category), *order)
        return sorted(self.rows, key=by)

    def _category_order(self, category: str | None) -> tuple[int]:
        """Position sorts by category first (the award's order, then no category)."""
        if self.award is None or not self.award.categories:
            return (0,)
        ids = [c.id for c in self.award.categories]
        return (ids.index(category) if category in ids else len(ids),)

    def _status(self, row: dict[str, Any]) -> str:
        if self.award is not None and self.award.categories and row["entrant"].category is None:
            return "tanpa kategori"
        return status_text(self.ranking, row["standing"]) if self.ranking else "–"

    def _statuses(self) -> list[str]:
        if self.ranking is None:
            return []
        return [self._status(r) for r in self.rows]

    def _category_column(self) -> int:
        """The Kategori column's width: shown when the award has categories and all are
        listed (0: not shown)."""
        if self.award is None or not self.award.categories or self.category != ALL:
            return 0
        return max(4, *(len(c.id) for c in self.award.categories))

    def _columns(self, criteria: list[Criterion]) -> tuple[Any, ...]:
        """(name width, short names?, criteria shown?, status width) for the screen's width:
        Posisi, IPS, Nilai and Status always show; the criteria columns fold away before the
        names shorten ("Kab. ..."), and the names are cut only after that."""
        status_width = max([6, *(len(t) for t in self._statuses())])
        names = [r["entrant"].name for r in self.rows] or ["Peserta"]
        full = max(len(n) for n in names)
        short = max(len(short_name(n)) for n in names)
        crit_widths = [max(5, min(len(c.id), 11)) for c in criteria]
        # the body's padding (2), the table's scrollbar (2), and 2 cells of padding a column
        room = max(self.size.width or self.app.size.width, 20) - 4
        category = self._category_column()
        fixed = 6 + 4 + 5 + status_width + 5 * 2 + (category + 2 if category else 0)
        crit = sum(crit_widths) + 2 * len(criteria)
        for shortened, with_criteria in ((False, True), (True, True), (False, False),
                                         (True, False)):
            wanted = short if shortened else full
            if room - fixed - (crit if with_criteria else 0) >= wanted:
                return (wanted, shortened, with_criteria, status_width)
        return (max(10, room - fixed), True, False, status_width)

    def _fill(self, criteria: list[Criterion]) -> None:
        table: DataTable[str | Text] = self.query_one(DataTable)
        selected = self._selected()  # the cursor follows the entrant, not the row number
        current = table.cursor_row
        table.clear(columns=True)
        self._layout = self._columns(criteria)
        name_width, shortened, with_criteria, status_width = self._layout
        shown = criteria if with_criteria else []
        category = self._category_column()
        widths = [("Posisi", 6), ("Peserta", name_width),
                  *([("Kat.", category)] if category else []), ("IPS", 4),
                  *((c.id[:11], max(5, min(len(c.id), 11))) for c in shown), ("Nilai", 5),
                  ("Status", status_width)]
        for label, width in widths:
            table.add_column(label, width=width)
        ranking = self.ranking
        for row in self._sorted():
            e, standing = row["entrant"], row["standing"]
            rank = standing.row.rank if standing and standing.row else None
            position = f"T{standing.stage} #{rank}" if rank else "–"
            status = Text(self._status(row) if ranking else "–")
            if standing and standing.winner:
                status.stylize("bold green")
            elif standing and standing.row and not standing.row.complete:
                status.stylize("yellow")
            values = row["values"] if with_criteria else []
            cells = [Text(e.category or "–")] if category else []
            table.add_row(position, Text(short_name(e.name) if shortened else e.name),
                          *cells, _ips(e), *(display(v) or "–" for v in values),
                          display(row["score"]) or "–", status, key=e.key)
        if self.rows:
            keys = [r["entrant"].key for r in self._sorted()]
            if selected is not None and selected["entrant"].key in keys:
                current = keys.index(selected["entrant"].key)
            table.move_cursor(row=min(max(current, 0), len(self.rows) - 1))
        label = dict(SORTS)[self.sort]
        folded = "" if with_criteria or not criteria else " · nilai tiap kriteria di rincian"
        cats = ""
        if self.award is not None and self.award.categories:
            cats = (f" · Kategori: {self._category_name()} (c); peringkat per kategori"
                    " · K kategori peserta")
        self.query_one("#committee-hint", Static).update(
            Text(f"{LEGEND} · Urut: {label} (s) · Enter rincian · a ganti lomba{cats}{folded}"))
        self._detail()

    def _selected(self) -> dict[str, Any] | None:
        table: DataTable[str | Text] = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if r["entrant"].key == key), None)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        box = self.query_one("#entrant-detail", Static)
        row = self._selected()
        if row is None:
            box.update("Belum ada peserta. Daftarkan bundel peserta dengan "
                       "`epss award enter BUNDEL.zip`.")
            return
        box.update(detail_text(row["entrant"], row["standing"], self.ranking,
                               category_text(self.award, row["entrant"])))

    # -- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # c (Kategori) is offered only on an award with categories: one without keeps its
        # key bar as it was; K answers either way (category_bindings)
        if action == "entrant_category":
            return category_shown(self.award, parameters)
        return action != "category" or bool(self.award and self.award.categories)

    def action_category(self) -> None:
        """Cycle the leaderboard: all, each category in the award's order, then the entrants
        in no category (when there are any)."""
        if self.award is None:
            return
        if not self.award.categories:
            self.app.notify("Lomba ini tanpa kategori (tambah dengan `epss award category "
                            "add`).", markup=False)
            return
        cycle = [ALL, *(c.id for c in self.award.categories)]
        if any(r["entrant"].category is None for r in self.all_rows):
            cycle.append(LOOSE)
        current = cycle.index(self.category) if self.category in cycle else 0
        self.category = cycle[(current + 1) % len(cycle)]
        self.reload()

    def action_sort(self) -> None:
        if self.award is None:
            return
        keys = [k for k, _ in SORTS]
        self.sort = keys[(keys.index(self.sort) + 1) % len(keys)]
        self._fill(criteria_of(self.award))

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        label = str(event.label).casefold()
        chosen = {"posisi": "posisi", "peserta": "nama", "ips": "ips", "nilai": "nilai"}
        if label in chosen and self.award is not None:
            self.sort = chosen[label]
            self._fill(criteria_of(self.award))

    def action_open(self) -> None:
        row = self._selected()
        if row is not None and self.award is not None and self.query_one(DataTable).has_focus:
            self.app.push_screen(EntrantScreen(self.award.key, row["entrant"].key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _value_dialog(self, source: str) -> None:
        row = self._selected()
        if row is None or self.award is None or self.refuse_edit():
            return
        dialog = ValueDialog(self.award, row["entrant"], source)
        self.app.push_screen(dialog, lambda _saved: self.reload())

    def action_input(self) -> None:
        self._value_dialog("input")

    def action_jury(self) -> None:
        self._value_dialog("jury")

    def action_entrant_category(self, shown: bool = True) -> None:
        if self.award is None or self.refuse_edit():
            return
        row = self._selected()
        open_category_dialog(self, self.award, row["entrant"] if row else None, self.reload)

    def action_award(self) -> None:
        if self.award is None:
            return
        awards = self.ws.committee.awards()
        keys = [a.key for a in awards]
        if len(keys) < 2:
            self.app.notify("Hanya ada satu lomba di workspace ini.", markup=False)
            return
        current = keys.index(self.award.key) if self.award.key in keys else -1
        self.award_key = keys[(current + 1) % len(keys)]
        self.reload()

    def action_report(self) -> None:
        if self.award is None:
            return
        self.app.push_screen(CommitteeReportDialog(self.award.key, self.award.label))


def criteria_of(award: AwardInfo) -> list[Criterion]:
    """Every criterion of the award's rubric, stage by stage (the leaderboard's columns)."""
    return [c for s in award.rubric.stages for c in s.criteria]


def category_text(award: AwardInfo | None, entrant: EntrantInfo) -> str | None:
    """"kategori Kabupaten" (or "tanpa kategori ...") for an award with categories; None for
    one without."""
    if award is None or not award.categories:
        return None
    if entrant.category is None:
        return "tanpa kategori (tidak diberi peringkat)"
    name = next((c.name for c in award.categories if c.id == entrant.category),
                entrant.category)
    return f"kategori {name}"


def detail_text(entrant: EntrantInfo, standing: Standing | None,
                ranking: Ranking | None = None, category: str | None = None) -> str:
    """The highlighted entrant in a few lines: its data (and its category, ``category_text``,
    when the award has categories), and its last stage's breakdown."""
    lines = [f"[b]{escape(entrant.name)}[/b] ({escape(entrant.key)}) · "
             f"{escape(entrant.assessment.label)} · IPS {_ips(entrant)}"
             + (f" ({escape(entrant.predikat)})" if entrant.predikat else "")
             + (f" · [yellow]{escape(entrant.ips_note)}[/]" if entrant.ips_note else "")
             + (f" · {escape(category)}" if category else "")]
    if standing is not None and standing.row is not None:
        outcome = outcome_text(ranking, standing) if ranking is not None else standing.outcome
        lines.append(f"Posisi: {escape(outcome)}")
        for part in standing.row.parts:
            value = display(part.value) or "[yellow]belum ada[/]"
            share = f" → {display(part.contribution)}" if part.contribution is not None else ""
            jury = (f" · {escape(part.jury.rule_text)}, rentang {display(part.jury.spread)}"
                    if part.jury else "")
            lines.append(f"  {escape(part.criterion.name)} ({part.criterion.weight}%): "
                         f"{value}{share}{jury}")
    lines.append(f"[dim]{MANIFEST_TERM.capitalize()} {entrant.bundle_hash}[/dim]")
    return "\n".join(lines)


ENTRANT_HINT = ("i nilai komite · j nilai juri · x hapus nilai baris terpilih (ditanya dulu)"
                "{category} · * bobot diasumsikan · Esc kembali")


class EntrantScreen(EpssScreen[None]):
    """One entrant: every stage's breakdown and every juror's score; enter or clear values."""

    BINDINGS = [
        Binding("escape,q", "back", "Kembali"),
        Binding("i", "input", "Nilai komite"),
        Binding("j", "jury", "Nilai juri"),
        Binding("x", "clear", "Hapus nilai"),
        *category_bindings(),
    ]
    DEFAULT_CSS = """
    EntrantScreen #entrant-body { padding: 0 1; overflow-y: auto; }
    EntrantScreen #entrant-info { height: auto; padding: 1 0; }
    EntrantScreen #entrant-values { height: 1fr; min-height: 7; }
    EntrantScreen #entrant-hint { height: auto; color: $text-muted; }
    """

    def __init__(self, award_key: str, entrant_key: str) -> None:
        super().__init__()
        self.award_key, self.entrant_key = award_key, entrant_key
        self.values: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="entrant-body"):
            yield Static(id="entrant-info")
            yield DataTable(id="entrant-values", cursor_type="row", zebra_stripes=True)
            yield Static(ENTRANT_HINT.format(category=""), id="entrant-hint")
        yield Footer()

    @guarded_open
    def on_mount(self) -> None:
        self._columns()
        self.reload()
        self.query_one(DataTable).focus()

    def _widths(self) -> tuple[int, int]:
        """Kriteria and Juri widths: as wide as 52 and 30, narrower on a small terminal so
        that Nilai and Kontribusi stay in view."""
        room = max(self.size.width or self.app.size.width, 20) - 4 - 7 * 2
        left = room - (5 + 6 + 7 + 6 + 10)
        juror = max(10, min(30, left // 3))
        return max(12, min(52, left - juror)), juror

    def _columns(self) -> None:
        table: DataTable[str | Text] = self.query_one(DataTable)
        self._shown_widths = self._widths()
        criterion, juror = self._shown_widths
        table.clear(columns=True)
        for label, width in (("Tahap", 5), ("Kriteria", criterion), ("Sumber", 6),
                             ("Bobot", 7), ("Juri", juror), ("Nilai", 6), ("Kontribusi", 10)):
            table.add_column(label, width=width)

    def on_resize(self) -> None:
        if self.is_mounted and getattr(self, "_shown_widths", None) not in (None,
                                                                             self._widths()):
            self._columns()
            if hasattr(self, "award"):
                self.reload()

    def reload(self) -> None:
        committee = self.ws.committee
        self.award: AwardInfo = committee.award(self.award_key)
        entrant = self.attempt(committee.entrant, self.award, self.entrant_key)
        if isinstance(entrant, Failed):
            self.dismiss()
            return
        self.entrant: EntrantInfo = entrant
        rankings = committee.rankings(self.award)
        ranking = next((c.ranking for c in rankings.categories
                        if c.category is None or c.category.id == entrant.category),
                       rankings.categories[0].ranking)
        standing = all_standings(rankings).get(entrant.key)
        self.sub_title = f"{entrant.name} — {self.award.label}"
        self.query_one("#entrant-info", Static).update(
            detail_text(entrant, standing, ranking, category_text(self.award, entrant)))
        self.query_one("#entrant-hint", Static).update(ENTRANT_HINT.format(
            category=" · K kategori peserta" if self.award.categories else ""))
        self.refresh_bindings()
        reached: dict[int, Row] = {}
        for number, result in enumerate(ranking.stages, 1):
            for stage_row in result.rows:
                if stage_row.entrant.key == entrant.key:
                    reached[number] = stage_row
        plain = committee.plain_entrants(self.award, [entrant])
        jury: dict[str, Any] = next((dict(p.jury) for p in plain), {})
        sdi: dict[str, Any] = next((dict(p.sdi) for p in plain), {})
        table: DataTable[str | Text] = self.query_one(DataTable)
        current = table.cursor_row
        table.clear()
        self.values = []
        for number, stage in enumerate(self.award.rubric.stages, 1):
            row = reached.get(number)
            parts = {p.criterion.id: p for p in row.parts} if row else {}
            for crit in stage.criteria:
                part = parts.get(crit.id)
                value = display(part.value) if part and part.value is not None else "–"
                share = (display(part.contribution)
                         if part and part.contribution is not None else "–")
                weight = f"{crit.weight}%" + (" *" if crit.weight_confidence == "assumed"
                                              else "")
                tahap = stage_label(number).removeprefix("Tahap ")
                juror_label = (f"{part.jury.jurors} juri" if part and part.jury
                               else "" if row else "belum sampai")
                stored = (part.value if part and crit.source in ("input", "indeks_sdi")
                          else None)
                self._add(table, tahap, crit, weight, juror_label, value, share, None, stored)
                if crit.source == "indeks_sdi":
                    given = sdi.get(crit.id)
                    for domain in crit.domains:
                        score = given.domains.get(domain.id) if given else None
                        self._add(table, "", crit, domain.weight_text if domain.weight
                                  is not None else "", "domain", display(score) or "–", "",
                                  None, None, domain=domain.label)
                dropped = set(part.jury.dropped) if part and part.jury else set()
                for juror, score in sorted((jury.get(crit.id) or {}).items()):
                    shown = f"{juror} (tak dihitung)" if juror in dropped else juror
                    self._add(table, "", crit, "", shown, display(score), "", juror, score)
        if self.values:
            table.move_cursor(row=min(max(current, 0), len(self.values) - 1))

    def _add(self, table: DataTable[str | Text], tahap: str, crit: Criterion, weight: str,
             juror: str, value: str | None, share: str | None, juror_key: str | None,
             stored: Fraction | None, domain: str | None = None) -> None:
        name = (crit.name if juror_key is None and domain is None
                else f"  └ {juror_key if domain is None else domain}")
        table.add_row(tahap, Text(name[:60]), SOURCE[crit.source], weight, Text(juror),
                      value or "–", share or "")
        self.values.append({"criterion": crit, "juror": juror_key, "value": stored,
                            "domain": domain})

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "entrant_category":
            return category_shown(getattr(self, "award", None), parameters)
        return True

    def action_entrant_category(self, shown: bool = True) -> None:
        if not hasattr(self, "award") or self.refuse_edit():
            return
        open_category_dialog(self, self.award, self.entrant, self.reload)

    def _dialog(self, source: str) -> None:
        if self.refuse_edit():
            return
        selected = self._current()
        criterion = selected["criterion"].id if selected else None
        juror = selected["juror"] if selected else None
        dialog = ValueDialog(self.award, self.entrant, source, criterion=criterion,
                             juror=juror)
        self.app.push_screen(dialog, lambda _saved: self.reload())

    def action_input(self) -> None:
        self._dialog("input")

    def action_jury(self) -> None:
        self._dialog("jury")

    def _current(self) -> dict[str, Any] | None:
        table: DataTable[str | Text] = self.query_one(DataTable)
        if not self.values or table.cursor_row >= len(self.values):
            return None
        return self.values[table.cursor_row]

    def action_clear(self) -> None:
        """Remove the selected committee value or juror's score, after a confirmation that
        names what goes (it may change who wins)."""
        selected = self._current()
        if selected is None or self.refuse_edit():
            return
        crit, juror = selected["criterion"], selected["juror"]
        if selected.get("domain"):
            self.app.notify("Nilai domain Indeks SDI diubah lewat i (isi ulang), atau dihapus "
                            "bersama totalnya dari baris Indeks SDI.", markup=False)
            return
        if not (crit.source in ("input", "indeks_sdi") or (crit.source == "jury" and juror)):
            self.app.notify("Pilih baris nilai komite atau baris nilai seorang juri.",
                            markup=False)
            return
        if selected["value"] is None:
            self.app.notify(f"Belum ada nilai {crit.id} untuk {self.entrant.name}; tidak ada "
                            "yang dihapus.", markup=False)
            return
        whose = f" dari juri [b]{escape(juror)}[/b]" if juror else ""
        if crit.source == "indeks_sdi":
            whose = " beserta nilai domainnya"
        question = (f"Hapus nilai [b]{escape(display(selected['value']) or '')}[/b] "
                    f"{escape(crit.name)}{whose} untuk [b]{escape(self.entrant.name)}[/b]?\n"
                    "Peringkat dihitung ulang tanpa nilai ini (penghapusan tercatat di log "
                    "audit).")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._clear(crit, juror)

        self.app.push_screen(ConfirmDialog(question, yes="Ya, hapus nilai"), confirmed)

    def _clear(self, crit: Criterion, juror: str | None) -> None:
        committee = self.ws.committee
        if juror:
            done = self.attempt(committee.set_jury, self.award, juror, self.entrant.key,
                                crit.id, None)
        else:
            done = self.attempt(committee.set_input, self.award, self.entrant.key, crit.id, None)
        if done is not FAILED:
            self.app.notify("Nilai dihapus.", markup=False)
        self.reload()


def open_category_dialog(screen: EpssScreen[Any], award: AwardInfo,
                         entrant: EntrantInfo | None, done: Callable[[], None]) -> None:
    """``K``: the entrant's category in a dialog, or, for an award without categories, how to
    add one; ``done()`` (the screen's reload) once the dialog closes."""
    if not award.categories:
        screen.app.notify(NO_CATEGORIES, markup=False)
        return
    if entrant is None:
        screen.app.notify("Belum ada peserta. Daftarkan bundel peserta dengan "
                          "`epss award enter BUNDEL.zip`.", markup=False)
        return
    screen.app.push_screen(CategoryDialog(award, entrant), lambda _saved: done())


class CategoryDialog(Dialog[bool]):
    """Put one entrant in one of the award's categories, or in none (then it is listed but not
    ranked), as ``epss award category assign`` does (logged). The entrant's current category is
    chosen when the dialog opens; a refusal (the category was removed meanwhile, the workspace
    cannot be written) stays in the dialog with the reason. Dismisses with True once changed."""

    DEFAULT_CSS = """
    CategoryDialog Select { margin-bottom: 1; }
    """

    def __init__(self, award: AwardInfo, entrant: EntrantInfo) -> None:
        super().__init__()
        self.award, self.entrant = award, entrant
        ids = [c.id for c in award.categories]
        self.current = entrant.category if entrant.category in ids else LOOSE

    def compose(self) -> ComposeResult:
        choices = [(Text(f"{c.name} [{c.id}]"), c.id) for c in self.award.categories]
        choices.append((Text("Tanpa kategori (tidak diberi peringkat)"), LOOSE))
        with Vertical():
            yield Label(f"[b]Kategori peserta[/b] — {escape(self.entrant.name)}")
            yield Static(Text("Setiap kategori diberi peringkat sendiri; peserta tanpa kategori "
                              "tetap terdaftar tetapi tidak diberi peringkat."))
            yield Label("Kategori")
            yield Select(choices, value=self.current, allow_blank=False, id="category")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Simpan", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#category", Select).focus()

    @on(Select.Changed, "#category")
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        self.query_one("#error", Static).update("")
        # another choice than the one the dialog opened with: Enter now saves (after the
        # list has closed, which gives the focus back to the Select)
        if event.value != self.current:
            self.call_after_refresh(self.query_one("#ok", Button).focus)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        choice = self.query_one("#category", Select).value
        category = None if choice == LOOSE or not isinstance(choice, str) else choice
        if category == self.entrant.category:
            self.dismiss(False)  # nothing to change (nothing logged)
            return
        committee = self.ws.committee
        try:
            award = committee.award(self.award.key)  # the categories as they are now
            entrant = committee.set_category(award, self.entrant.key, category)
        except TOLD as exc:
            self.show_error(error_text(exc))
            return
        if entrant.category is None:
            told = f"{entrant.name} kini tanpa kategori (tidak diberi peringkat)."
        else:
            told = f"{entrant.name} masuk kategori {award.category(entrant.category).name}."
        self.app.notify(told, markup=False)
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(False)


class ValueDialog(Dialog[bool]):
    """A committee value (source ``input``) or a juror's score (``jury``) for one entrant.

    The juror is picked from the award's jurors (those who already scored); "Juri baru" opens
    a name field, so a new juror is always a deliberate choice. Dismisses with True once
    saved; a refused value keeps the dialog open with the reason.

    A committee value may be an Indeks SDI criterion: then the value is its total, as given,
    and one field per domain (filled with what is recorded) takes the domain values; domains
    whose names the rubric does not know are labelled "nama belum diketahui".
    """

    DEFAULT_CSS = """
    ValueDialog Input, ValueDialog Select { margin-bottom: 1; }
    ValueDialog #juror { display: none; }
    ValueDialog.-new-juror #juror { display: block; }
    ValueDialog .sdi-domains { height: auto; display: none; }
    ValueDialog .sdi-domains.-shown { display: block; }
    """

    def __init__(self, award: AwardInfo, entrant: EntrantInfo, source: str, *,
                 criterion: str | None = None, juror: str | None = None) -> None:
        super().__init__()
        self.award, self.entrant, self.source = award, entrant, source
        self.criteria = [c for c in criteria_of(award) if c.source == source
                         or (source == "input" and c.source == "indeks_sdi")]
        ids = [c.id for c in self.criteria]
        self.criterion = criterion if criterion in ids else (ids[0] if ids else None)
        self.juror = juror or ""
        # read here: an error is told by the action opening the dialog
        self.jurors = self.ws.committee.jurors(award) if source == "jury" else []
        self.sdi: dict[str, Any] = {}
        if any(c.source == "indeks_sdi" for c in self.criteria):
            plain = self.ws.committee.plain_entrants(award, [entrant])
            self.sdi = next((dict(p.sdi) for p in plain), {})

    def compose(self) -> ComposeResult:
        what = "Nilai juri" if self.source == "jury" else "Nilai komite"
        with Vertical():
            yield Label(f"[b]{what}[/b] — {escape(self.entrant.name)}")
            if not self.criteria:
                yield Static(f"Rubrik {escape(self.award.rubric_id)} tidak punya kriteria "
                             f"yang diisi {'juri' if self.source == 'jury' else 'komite'}.")
                with Horizontal(classes="buttons"):
                    yield Button("Tutup", id="cancel")
                return
            if self.source == "jury":
                yield Label("Juri")
                choices = [(Text(name), name) for name in self.jurors]
                choices.append((Text("Juri baru… (belum pernah menilai di lomba ini)"),
                                NEW_JUROR))
                chosen = (self.juror if self.juror in self.jurors
                          else NEW_JUROR if not self.jurors else None)
                preset: dict[str, Any] = {} if chosen is None else {"value": chosen}
                yield Select(choices, prompt="Pilih juri", id="juror-choice", **preset)
                yield Input(placeholder="Nama juri baru, mis. BPS Provinsi", id="juror",
                            max_length=80)
            yield Label("Kriteria")
            yield Select([(Text(f"{c.name} [{c.id}]"), c.id) for c in self.criteria],
                         value=self.criterion, allow_blank=False, id="criterion")
            yield Label("Nilai 0-100 (boleh desimal, mis. 81,5)")
            yield Input(placeholder="0-100", id="value")
            for crit in self.criteria:
                if crit.source != "indeks_sdi":
                    continue
                given = self.sdi.get(crit.id)
                with Vertical(classes="sdi-domains", id=f"sdi-{crit.id}"):
                    yield Static(Text("Nilai di atas = Indeks SDI, dicatat sebagaimana "
                                      "diberikan (tidak dihitung dari domain). Nilai domain "
                                      "0-100, boleh kosong:"))
                    for domain in crit.domains:
                        weight = ("" if domain.weight is None
                                  else f", bobot {domain.weight_text}")
                        yield Label(Text(f"{domain.label}{weight}"))
                        value = given.domains.get(domain.id) if given else None
                        shown = "" if value is None else score_text(value).replace(".", ",")
                        yield Input(value=shown,
                                    placeholder="0-100", id=f"sdi-{crit.id}-{domain.id}")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Simpan", id="ok", variant="primary")

    def on_mount(self) -> None:
        if not self.criteria:
            return
        self._show_domains()
        if self.source == "jury":
            choice = self.query_one("#juror-choice", Select)
            self.set_class(choice.value == NEW_JUROR, "-new-juror")
            if choice.value == NEW_JUROR:
                self.query_one("#juror", Input).focus()
                return
            if not isinstance(choice.value, str):  # nobody chosen yet: choose first
                choice.focus()
                return
        self.query_one("#value", Input).focus()

    def _show_domains(self) -> None:
        """Show the domain fields of the chosen criterion when it is an Indeks SDI."""
        chosen = self.query_one("#criterion", Select).value
        for box in self.query(".sdi-domains"):
            box.set_class(box.id == f"sdi-{chosen}", "-shown")

    @on(Select.Changed, "#criterion")
    def _criterion_chosen(self, event: Select.Changed) -> None:
        event.stop()
        self._show_domains()
        given = self.sdi.get(str(event.value))
        if given is not None and not self.query_one("#value", Input).value:
            self.query_one("#value", Input).value = score_text(given.total).replace(".", ",")

    @on(Select.Changed, "#juror-choice")
    def _juror_chosen(self, event: Select.Changed) -> None:
        event.stop()
        new = event.value == NEW_JUROR
        self.set_class(new, "-new-juror")
        self.query_one("#error", Static).update("")
        if event.select.has_focus:  # chosen by the user: on to the next field
            self.query_one("#juror" if new else "#value", Input).focus()

    def chosen_juror(self) -> str | None:
        """The picked juror, the typed new one, or None when none is chosen yet."""
        choice = self.query_one("#juror-choice", Select).value
        if choice == NEW_JUROR:
            return self.query_one("#juror", Input).value
        return choice if isinstance(choice, str) else None

    @on(Input.Submitted, "#juror")
    def _juror_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#value", Input).focus()

    @on(Input.Submitted, "#value")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        committee = self.ws.committee
        criterion = self.query_one("#criterion", Select).value
        value = self.query_one("#value", Input).value.strip()
        error = self.query_one("#error", Static)
        if not isinstance(criterion, str):  # cannot happen: the list has no blank choice
            return
        if not value:
            error.update("Isi nilai 0-100.")
            return
        try:
            if self.source == "jury":
                juror = self.chosen_juror()
                if juror is None:
                    error.update("Pilih juri dulu (atau Juri baru).")
                    self.query_one("#juror-choice", Select).focus()
                    return
                committee.set_jury(self.award, juror, self.entrant.key, criterion, value)
            elif any(c.id == criterion and c.source == "indeks_sdi" for c in self.criteria):
                crit = next(c for c in self.criteria if c.id == criterion)
                domains = {d.id: self.query_one(f"#sdi-{crit.id}-{d.id}", Input).value.strip()
                           for d in crit.domains}
                committee.set_sdi(self.award, self.entrant.key, criterion, value,
                                  {d: v for d, v in domains.items() if v})
            else:
                committee.set_input(self.award, self.entrant.key, criterion, value)
        except WorkspaceError as exc:
            error.update(Text(str(exc)))
            return
        self.app.notify(f"Nilai {criterion} untuk {self.entrant.name} disimpan.", markup=False)
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(False)
