"""Riwayat: year over year, and the self-assessment against the BPS result.

Both tabs show what epss/history.py computes (no arithmetic here): the IPS change, per domain
its contribution, and per indicator the change and its effect on the IPS; Enter on an indicator
opens it in the assessment it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import (
    DataTable,
    Header,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from epss.services import benchmarks
from epss.services.workspace import WorkspaceError
from epss.tui.attempt import guarded, guarded_open
from epss.tui.base import EpssScreen
from epss.tui.widgets.keybar import KeyBar

_HINT = "\n[dim]Enter membuka indikator terpilih · t ganti tab · Esc kembali[/dim]"


def _cell(value: object) -> str:
    return "–" if value is None else str(value)


def name_width(columns: int) -> int:
    """How much of an indicator's name the tables show in a terminal this wide: the level and
    effect columns must stay in view (at 80 columns the effect on the IPS was cut off)."""
    return max(20, min(48, columns - 38))


class HistoryScreen(EpssScreen[tuple[int, str]]):
    """Dismisses with (assessment id, indicator code) to open, or None; with an ``opener``
    it stays and the indicator opens over it (Esc there comes back here)."""

    BINDINGS = [
        Binding("escape,q", "back", "Kembali"),
        Binding("enter", "jump", "Ke indikator"),
        Binding("t", "switch_tab", "Ganti tab"),
    ]
    DEFAULT_CSS = """
    HistoryScreen #tabs, HistoryScreen #tabs > ContentSwitcher { height: 1fr; }
    HistoryScreen TabPane { padding: 0 1; height: 1fr; overflow-y: auto; }
    HistoryScreen .controls { height: auto; margin-top: 1; }
    HistoryScreen .controls Label { padding: 0 1 0 0; }
    HistoryScreen .controls Select { width: 24; }
    HistoryScreen.-narrow .controls Select { width: 1fr; max-width: 24; }
    HistoryScreen .summary { height: auto; padding: 0; }
    HistoryScreen.-short .summary { padding: 0; }
    HistoryScreen .domains { height: auto; max-height: 7; margin-bottom: 1; }
    /* a small terminal scrolls the tab rather than squeezing the indicator rows away */
    HistoryScreen .indicators { height: 1fr; min-height: 7; }
    HistoryScreen .notes { height: auto; color: $text-muted; }
    """

    def __init__(self, opener: Callable[[int, str], None] | None = None) -> None:
        super().__init__()
        self.opener = opener
        self.years_target: int | None = None  # assessment the indicator rows open into
        self.gap_target: int | None = None
        self.years = self._years()  # read here: an error is told by the opening action
        self.shown_width = 0  # the name width the rows were filled for

    def _years(self) -> tuple[list[int], list[int]]:
        """Years with a self-assessment, and those of them that also have a BPS result."""
        assessments = self.ws.assessments()
        mandiri = sorted({a.year for a in assessments if a.kind == "mandiri"})
        badan = sorted({a.year for a in assessments if a.kind == "badan"} & set(mandiri))
        return mandiri, badan

    def compose(self) -> ComposeResult:
        mandiri, badan = self.years

        def year_select(years: list[int], default: int | None, id: str) -> Select:
            if not years:
                return Select([], id=id, disabled=True, compact=True)
            return Select([(str(y), y) for y in years], value=default, allow_blank=False, id=id,
                          compact=True)

        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane("Tahun ke tahun", id="years"):
                with Horizontal(classes="controls"):
                    yield Label("Dari")
                    two = len(mandiri) >= 2
                    yield year_select(mandiri if two else [], mandiri[-2] if two else None,
                                      "old-year")
                    yield Label("ke")
                    yield year_select(mandiri if two else [], mandiri[-1] if two else None,
                                      "new-year")
                yield Static(classes="summary", id="years-summary")
                yield DataTable(classes="domains", id="years-domains", cursor_type="none")
                yield DataTable(classes="indicators", id="years-indicators", cursor_type="row",
                                zebra_stripes=True)
                yield Static(classes="notes", id="years-notes")
            with TabPane("Mandiri vs BPS", id="gap"):
                with Horizontal(classes="controls"):
                    yield Label("Tahun")
                    yield year_select(badan, badan[-1] if badan else None, "gap-year")
                yield Static(classes="summary", id="gap-summary")
                yield DataTable(classes="domains", id="gap-domains", cursor_type="none")
                yield DataTable(classes="indicators", id="gap-indicators", cursor_type="row",
                                zebra_stripes=True)
                yield Static(classes="notes", id="gap-notes")
        yield KeyBar()

    @guarded_open
    def on_mount(self) -> None:
        self.sub_title = "Riwayat dan perbandingan"
        mandiri, badan = self.years
        for table_id, columns in (
            ("#years-domains", ("Domain", "Lama", "Baru", "Ubah", "Ke IPS")),
            ("#years-indicators", ("Kode", "Indikator", "Lama", "Baru", "Ke IPS")),
            ("#gap-domains", ("Domain", "Mandiri", "BPS", "Selisih", "Ke IPS")),
            ("#gap-indicators", ("Kode", "Indikator", "Mandiri", "BPS", "Ke IPS")),
        ):
            self.query_one(table_id, DataTable).add_columns(*columns)
        if len(mandiri) < 2:
            self.query_one("#years-summary", Static).update(
                "Perbandingan antartahun butuh penilaian mandiri dari dua tahun. "
                "Buat penilaian tahun baru dari Beranda (n), bisa dimulai dari jawaban tahun lalu.")
        if not badan:
            self.query_one("#gap-summary", Static).update(
                "Belum ada hasil BPS (penilaian badan) pada tahun yang juga punya penilaian "
                "mandiri. Buat penilaian jenis badan dari Beranda, lalu isi tingkat hasil BPS "
                "atau catat IPS dari suratnya (epss assessment reported).")
        self.refresh_years()
        self.refresh_gap()
        self.query_one("#years-indicators", DataTable).focus()

    def on_resize(self) -> None:
        if self.shown_width and self.shown_width != name_width(self.app.size.width):
            tables = [self.query_one(f"#{tab}-indicators", DataTable) for tab in ("years", "gap")]
            rows = [table.cursor_row for table in tables]
            self.refresh_years()
            self.refresh_gap()
            for table, row in zip(tables, rows, strict=True):
                table.move_cursor(row=row)

    def on_screen_resume(self) -> None:
        """Back from an indicator opened over this screen: its levels may have changed."""
        if self.shown_width:
            self.shown_width = -1  # force the refill in on_resize
            self.on_resize()

    def action_switch_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "gap" if tabs.active == "years" else "years"
        self.query_one(f"#{tabs.active}-indicators", DataTable).focus()

    @on(Select.Changed, "#old-year, #new-year")
    @guarded
    def refresh_years(self) -> None:
        old, new = (self.query_one(f"#{i}", Select).value for i in ("old-year", "new-year"))
        if not isinstance(old, int) or not isinstance(new, int):
            return
        summary = self.query_one("#years-summary", Static)
        domains = self.query_one("#years-domains", DataTable)
        rows = self.query_one("#years-indicators", DataTable)
        domains.clear()
        rows.clear()
        width = self.shown_width = name_width(self.app.size.width)
        try:
            c = self.ws.compare_years(old, new).to_dict()
        except WorkspaceError as exc:
            summary.update(escape(str(exc)))
            return
        self.years_target = self.ws.assessment(max(old, new)).id
        n = c["counts"]
        reference = benchmarks.describe(benchmarks.load(self.ws), c["new"]["ips_display"])
        samples = self.ws.sampling.samples_by_year(sorted((old, new)))
        if any(samples.values()):  # samples rotate: a change may be another OPD's
            told = "; ".join(f"{y}: {', '.join(labels) or 'tidak dicatat'}"
                             for y, labels in samples.items())
            reference = (reference + "\n" if reference else "") + f"Kegiatan terpilih {told}"
        summary.update(
            f"[b]{escape(c['old']['label'])} → {escape(c['new']['label'])}[/b]: IPS "
            f"{_cell(c['old']['ips_display'])} → {_cell(c['new']['ips_display'])} "
            f"([b]{_cell(c['ips_delta_display'])}[/b]) · {n['raised']} naik, "
            f"{n['lowered']} turun, {n['unchanged']} tetap"
            + (f"\n{escape(reference)}" if reference else ""))
        for d in c["domains"]:
            domains.add_row(Text(f"{d['code']} {d['name']}"), _cell(d["old_display"]),
                            _cell(d["new_display"]), _cell(d["delta_display"]),
                            _cell(d["contribution_display"]))
        for i in c["indicators"]:
            if i["delta"] or i["delta"] is None:
                rows.add_row(i["code"], Text(_short(i["name"], width)), _cell(i["old_level"]),
                             _cell(i["new_level"]), _cell(i["effect_display"]), key=i["code"])
        notes = escape(" ".join(c["notes"]))
        self.query_one("#years-notes", Static).update(notes + _HINT if rows.row_count else notes)

    @on(Select.Changed, "#gap-year")
    @guarded
    def refresh_gap(self) -> None:
        year = self.query_one("#gap-year", Select).value
        if not isinstance(year, int):
            return
        summary = self.query_one("#gap-summary", Static)
        domains = self.query_one("#gap-domains", DataTable)
        rows = self.query_one("#gap-indicators", DataTable)
        domains.clear()
        rows.clear()
        width = self.shown_width = name_width(self.app.size.width)
        try:
            g = self.ws.compare_self_vs_badan(year).to_dict()
        except WorkspaceError as exc:
            summary.update(escape(str(exc)))
            return
        self.gap_target = self.ws.assessment(year, "mandiri").id
        n = g["counts"]
        counts = (f"{n['over']} diklaim lebih tinggi, {n['under']} lebih rendah, {n['equal']} "
                  f"sama · rata-rata selisih {g['mean_abs_gap_display']}"
                  if g["indicator_gaps_known"] else "selisih per indikator tidak diketahui")
        summary.update(
            f"[b]{year}[/b]: IPS mandiri {_cell(g['mandiri']['ips_display'])}, BPS "
            f"{_cell(g['badan']['ips_display'])} (selisih [b]{_cell(g['ips_gap_display'])}[/b])"
            f" · {counts}")
        for d in g["domains"]:
            domains.add_row(Text(f"{d['code']} {d['name']}"), _cell(d["mandiri_display"]),
                            _cell(d["badan_display"]), _cell(d["gap_display"]),
                            _cell(d["contribution_display"]))
        for i in g["indicators"]:
            if i["gap"]:
                rows.add_row(i["code"], Text(_short(i["name"], width)), _cell(i["mandiri_level"]),
                             _cell(i["badan_level"]), _cell(i["effect_display"]), key=i["code"])
        notes = escape(" ".join(g["notes"]))
        self.query_one("#gap-notes", Static).update(notes + _HINT if rows.row_count else notes)

    def action_jump(self) -> None:
        pane = self.query_one(TabbedContent).active
        table = self.query_one(f"#{pane}-indicators", DataTable)
        target = self.years_target if pane == "years" else self.gap_target
        if not table.row_count or target is None:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if self.opener is not None:
            self.opener(target, str(key.value))
        else:
            self.dismiss((target, str(key.value)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_jump()

    def action_back(self) -> None:
        self.dismiss(None)


def _short(name: str, width: int) -> str:
    name = name.removeprefix("Tingkat Kematangan ")
    return name if len(name) <= width else name[:width - 1] + "…"
