"""Rencana: which one-level raises reach a chosen predikat most cheaply; Enter opens the indicator.

The plan is recomputed whenever the target or the cap changes (it takes milliseconds), from the
assessment's current levels, so it always matches what the user sees in the score panel.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Label, Select, Static

from epss.core.planner import Step
from epss.core.scoring import format_id, format_index
from epss.tui.attempt import guarded, guarded_open
from epss.tui.base import EpssScreen
from epss.tui.widgets.keybar import KeyBar


def name_width(columns: int) -> int:
    """How much of an indicator's name the steps show in a terminal this wide: the level, gain
    and IPS columns must stay in view (at 80 columns they were cut off)."""
    return max(20, min(48, columns - 47))


CAPS = [("tanpa batas", 0), ("paling banyak 1 tingkat per indikator", 1),
        ("paling banyak 2 tingkat per indikator", 2)]


class PlanScreen(EpssScreen[str]):
    """Dismisses with the indicator code to open, or None; with an ``opener`` it stays and
    the indicator opens over it (Esc there comes back here)."""

    BINDINGS = [
        Binding("escape,q", "back", "Kembali"),
        Binding("enter", "jump", "Ke indikator"),  # the table's own Enter selects the row
    ]
    DEFAULT_CSS = """
    PlanScreen #plan-body { padding: 0 1; overflow-y: auto; }
    PlanScreen #plan-controls { height: auto; margin-top: 1; }
    PlanScreen #plan-controls Label { padding: 0 1 0 0; }
    PlanScreen #plan-controls Select { width: 1fr; max-width: 40; }
    PlanScreen #plan-summary { height: auto; padding: 0; }
    PlanScreen.-short #plan-summary { padding: 0; }
    /* a small terminal scrolls the body rather than squeezing the steps away */
    PlanScreen #plan-steps { height: 1fr; min-height: 10; }  /* 8 steps at 80x24 */
    PlanScreen #plan-evidence { height: auto; max-height: 6; padding: 0 1;
                                border-left: thick $secondary; }
    PlanScreen #plan-rule { height: auto; color: $text-muted; }
    """

    def __init__(self, assessment_id: int,
                 opener: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.opener = opener
        self.steps: list[Step] = []
        self.shown_width = 0  # the name width the steps were listed for
        self.targets = self._targets()  # read here: an error is told by the opening action

    def _targets(self) -> list[tuple[str, str]]:
        """The predikat above the current one (the top one when already there)."""
        ws = self.ws
        card = ws.scorecard(self.assessment_id)
        names = [band.name for band in ws.catalog.edition.predicates]
        above = names[names.index(card.predikat) + 1:] or names[-1:]
        return [(f"{name} (≥ {self._band_min(name)})", name) for name in above]

    def compose(self) -> ComposeResult:
        targets = self.targets
        yield Header()
        with Vertical(id="plan-body"):
            with Horizontal(id="plan-controls"):
                yield Label("Target")
                yield Select(targets, value=targets[0][1], allow_blank=False, id="target",
                             compact=True)
                yield Label("Batas")
                yield Select(CAPS, value=0, allow_blank=False, id="cap", compact=True)
            yield Static(id="plan-summary")
            yield DataTable(id="plan-steps", cursor_type="row", zebra_stripes=True)
            yield Static(id="plan-evidence")
            yield Static(id="plan-rule")
        yield KeyBar()

    @guarded_open
    def on_mount(self) -> None:
        ws = self.ws
        assessment = ws.get_assessment(self.assessment_id)
        self.sub_title = f"Rencana peningkatan — {assessment.label}"
        table = self.query_one(DataTable)
        table.add_columns("No.", "Kode", "Indikator", "Tingkat", "Tambah IPS", "IPS")
        self.recompute()
        table.focus()

    def _band_min(self, name: str) -> str:
        band = next(b for b in self.ws.catalog.edition.predicates if b.name == name)
        return format_id(band.min)

    @on(Select.Changed)
    @guarded
    def _changed(self) -> None:
        if self.is_mounted:
            self.recompute()

    def recompute(self) -> None:
        name = self.query_one("#target", Select).value
        cap = self.query_one("#cap", Select).value
        if not isinstance(name, str):
            return
        plan = self.ws.plan(self.assessment_id, name,
                            max_level_step=cap if isinstance(cap, int) and cap else None)
        self.steps = list(plan.steps)
        self.query_one("#plan-summary", Static).update(
            f"IPS sekarang [b]{plan.start_display}[/b] ({plan.start_predikat}). "
            f"{escape(plan.message)}"
            + ("\n[dim]Enter membuka indikator langkah terpilih · Tab ke pilihan target[/dim]"
               if plan.steps else ""))
        table: DataTable[str | Text] = self.query_one(DataTable)
        table.clear()
        width = self.shown_width = name_width(self.app.size.width)
        for n, step in enumerate(self.steps, 1):
            short = step.name.removeprefix("Tingkat Kematangan ")
            table.add_row(str(n), step.code,
                          Text(short if len(short) <= width else short[:width - 1] + "…"),
                          f"{step.from_level} → {step.to_level}", f"+{format_id(step.gain, 4)}",
                          format_index(step.running_ips, step.rounding), key=f"{n}:{step.code}")
        rule = self.query_one("#plan-rule", Static)
        rule.update(escape(plan.tie_rule) if self.steps else "")
        rule.display = self.app.size.height >= 30  # below, the steps need the rows (see ?)
        self._show_evidence(0)

    @guarded
    def on_resize(self) -> None:
        self.query_one("#plan-rule", Static).display = self.app.size.height >= 30
        if self.shown_width and self.shown_width != name_width(self.app.size.width):
            row = self.query_one(DataTable).cursor_row
            self.recompute()
            self.query_one(DataTable).move_cursor(row=row)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_evidence(event.cursor_row)

    def _show_evidence(self, row: int) -> None:
        box = self.query_one("#plan-evidence", Static)
        if not self.steps or row >= len(self.steps):
            box.update("")
            return
        step = self.steps[row]
        box.update(f"[b]{escape(step.code)} {escape(step.name)}[/b]\n"
                   f"[b]Tingkat {step.to_level}:[/b] {escape(step.criterion)}\n"
                   f"[b]Bukti yang diharapkan:[/b] {escape(step.evidence)}")

    def action_jump(self) -> None:
        table = self.query_one(DataTable)
        if not self.steps or not table.has_focus:
            return
        code = self.steps[table.cursor_row].code
        if self.opener is not None:
            self.opener(code)
        else:
            self.dismiss(code)

    @guarded
    def on_screen_resume(self) -> None:
        """Back from an indicator opened over the plan: its levels may have changed."""
        if self.is_mounted and self.shown_width:
            row = self.query_one(DataTable).cursor_row
            self.recompute()
            self.query_one(DataTable).move_cursor(row=row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_jump()

    def action_back(self) -> None:
        self.dismiss(None)
