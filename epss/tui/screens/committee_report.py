"""Cetak laporan komite: the committee PDF, rendered in a worker thread like the dossier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from epss.services.workspace import Workspace
from epss.tui.screens.report import PdfDialog, Progress


class CommitteeReportDialog(PdfDialog):
    """Dismisses with the written PDF's path, or None."""

    def __init__(self, award_key: str, label: str) -> None:
        super().__init__()
        self.award_key, self.label = award_key, label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]Cetak laporan komite[/b] — {escape(self.label)}")
            yield Static("Papan peringkat tiap tahap, yang lolos dan menang, rincian nilai tiap "
                         "peserta, sebaran nilai juri, dan hash bundel tiap peserta.")
            yield from self.progress_and_buttons()

    def render_pdf(self, root: Path, progress: Progress, *choices: Any) -> Path:
        # WeasyPrint: loaded when first printing
        from epss.services.committee_report import default_output, render_committee_report

        with Workspace.open(root) as ws:
            award = ws.committee.award(self.award_key)
            return render_committee_report(ws, award, default_output(ws, award),
                                           progress=progress)
