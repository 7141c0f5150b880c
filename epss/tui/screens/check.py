"""Periksa: everything an assessor would challenge; Enter jumps to the indicator."""

from __future__ import annotations

from collections import Counter

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from epss.core.review import KINDS, Finding
from epss.tui.attempt import guarded_open
from epss.tui.base import EpssScreen
from epss.tui.widgets.keybar import KeyBar


class CheckScreen(EpssScreen[str]):
    """Dismisses with the indicator code to jump to, or None."""

    BINDINGS = [
        Binding("escape,q", "back", "Kembali"),
        Binding("enter", "jump", "Ke indikator", priority=True),
    ]

    def __init__(self, assessment_id: int) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.found: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="check-body"):
            yield Static(id="check-summary")
            yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
            yield Static(id="finding-detail")
        yield KeyBar()

    @guarded_open
    def on_mount(self) -> None:
        ws = self.ws
        self.sub_title = f"Periksa — {ws.get_assessment(self.assessment_id).label}"
        found = self.found = self.attempt(ws.findings, self.assessment_id) or []
        table: DataTable[str | Text] = self.query_one(DataTable)
        # the finding first, the name last: what is cut at the edge is shown whole below
        table.add_columns("Kode", "Temuan", "Indikator")
        for n, f in enumerate(found):
            name = ws.catalog.indicator(f.code).name.removeprefix("Tingkat Kematangan ")
            table.add_row(f.code, f.label, Text(name), key=f"{n}:{f.code}")
        counts = Counter(f.kind for f in found)
        if found:
            summary = " · ".join(f"{KINDS[k]}: {counts[k]}" for k in KINDS if counts[k])
            text = f"[b]{len(found)} temuan[/b] — {summary}\nEnter: ke indikator · Esc: kembali"
        else:
            text = "[b]Tidak ada temuan.[/b] Semua indikator terisi, berpenjelasan dan berbukti."
        self.query_one("#check-summary", Static).update(text)
        self._show_detail(0)
        table.focus()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def _show_detail(self, row: int) -> None:
        """The highlighted finding in full, wrapped (the table cut "Rincian" off)."""
        box = self.query_one("#finding-detail", Static)
        if row >= len(self.found):
            box.display = False
            return
        f = self.found[row]
        name = self.ws.catalog.indicator(f.code).name
        box.display = True
        box.update(f"[b]{escape(f.code)} {escape(name)}[/b]\n"
                   f"[b]{escape(f.label)}:[/b] {escape(f.detail)}")

    def action_jump(self) -> None:
        table: DataTable[str | Text] = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        self.dismiss(str(key.value).split(":", 1)[1])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_jump()

    def action_back(self) -> None:
        self.dismiss(None)
