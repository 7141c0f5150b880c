"""Daftar data: fulfilment per OPD with its zone (as text and colour); Enter drills into the
OPD's items (status, due date, portal dataset). Opened from Beranda with `y`."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from epss.core import daftar_data as dd
from epss.core.daftar_data import Group
from epss.services.daftar_data import DaftarData, Recap
from epss.tui.attempt import guarded, guarded_open
from epss.tui.base import EpssScreen
from epss.tui.widgets.keybar import KeyBar

ZONE_STYLES = {"hijau": "bold green", "kuning": "bold yellow", "merah": "bold red"}
STATUS_STYLES = {"belum": "red", "ada": "", "mutakhir": "green", "terlambat": "yellow"}
EMPTY = ("Belum ada daftar data. Impor dengan `epss daftar-data import BERKAS` lalu "
         "`epss daftar-data import --portal BERKAS`.")


def zone_text(zone: str) -> Text:
    """The zone as a word (readable without colour) in its colour."""
    return Text(zone.upper(), style=ZONE_STYLES[zone])


class DaftarDataScreen(EpssScreen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Kembali"),
        Binding("enter", "open", "Rincian item"),
    ]
    DEFAULT_CSS = """
    DaftarDataScreen #dd-body { padding: 0 1; }
    DaftarDataScreen #dd-summary { height: auto; padding: 1 0; }
    DaftarDataScreen.-short #dd-summary { padding: 0; }
    DaftarDataScreen DataTable { height: 1fr; }
    DaftarDataScreen #dd-rule { height: auto; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.recap: Recap | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="dd-body"):
            yield Static(id="dd-summary")
            yield DataTable(id="dd-opd", cursor_type="row", zebra_stripes=True)
            yield Static(id="dd-rule")
        yield KeyBar()

    @guarded_open
    def on_mount(self) -> None:
        self.sub_title = "Daftar data"
        self.set_class(self.app.size.height < 20, "-short")
        recap = self.recap = DaftarData(self.ws).recap(date.today())
        summary = self.query_one("#dd-summary", Static)
        table: DataTable[str | Text] = self.query_one(DataTable)
        if not recap.rows:
            summary.update(Text(EMPTY))
            table.display = False
            return
        t = recap.total
        line = Text.assemble(
            f"{t.fulfilled}/{t.items} item di portal = {dd.percent_text(t.percent)} % ",
            ("(", ""), zone_text(t.zone), ")",
            f" · {t.overdue} terlambat · acuan {recap.today.isoformat()}")
        if recap.uncertain:
            line.append(f"\n{recap.uncertain} kecocokan judul menunggu konfirmasi "
                        "(`epss daftar-data match`).")
        summary.update(line)
        table.add_columns("OPD", "Item", "Portal", "Telat", "%", "Zona")
        width = max(12, self.app.size.width - 40)
        for n, g in enumerate(recap.opd):
            name = g.name if len(g.name) <= width else g.name[:width - 1] + "…"
            table.add_row(Text(name), str(g.items), str(g.fulfilled), str(g.overdue),
                          dd.percent_text(g.percent), zone_text(g.zone), key=str(n))
        self.query_one("#dd-rule", Static).update(
            "Zona: hijau ≥ 90 %, kuning 50–89 %, merah < 50 % · Enter: rincian item")
        table.focus()

    def _selected(self) -> Group | None:
        table: DataTable[Any] = self.query_one(DataTable)
        if self.recap is None or not self.recap.opd or not table.row_count:
            return None
        return self.recap.opd[table.cursor_row]

    def action_open(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.app.push_screen(DaftarDataItemsScreen(chosen))

    @guarded
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_back(self) -> None:
        self.dismiss(None)


class DaftarDataItemsScreen(EpssScreen[None]):
    """One OPD's items with their status."""

    BINDINGS = [Binding("escape,q", "back", "Kembali")]
    DEFAULT_CSS = """
    DaftarDataItemsScreen #dd-items-body { padding: 0 1; }
    DaftarDataItemsScreen #dd-items-summary { height: auto; padding: 1 0 0 0; }
    DaftarDataItemsScreen DataTable { height: 1fr; }
    """

    def __init__(self, group: Group) -> None:
        super().__init__()
        self.group = group

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="dd-items-body"):
            yield Static(id="dd-items-summary")
            yield DataTable(id="dd-items", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        g = self.group
        self.sub_title = f"Daftar data — {g.name}"
        self.query_one("#dd-items-summary", Static).update(Text.assemble(
            (g.name, "bold"), f": {g.fulfilled}/{g.items} di portal = "
            f"{dd.percent_text(g.percent)} % ", zone_text(g.zone),
            f" · {g.overdue} terlambat · {g.metadata} bermetadata"))
        table: DataTable[str | Text] = self.query_one(DataTable)
        table.add_columns("ID", "Nama data", "Jadwal", "Status", "Jatuh tempo")
        width = max(12, self.app.size.width - 58)
        for r in g.statuses:
            name = r.item.nama_data
            name = name if len(name) <= width else name[:width - 1] + "…"
            table.add_row(r.item.id, Text(name), r.item.jadwal,
                          Text(dd.STATUS_LABELS[r.status], style=STATUS_STYLES[r.status]),
                          r.due.isoformat() if r.due else "—")
        table.focus()

    def action_back(self) -> None:
        self.dismiss(None)
