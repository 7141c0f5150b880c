"""`epss report`: the award dossier or the two-page summary as PDF.

Importing this costs nothing until the command runs (the dossier builder and WeasyPrint load
inside it).
"""

from __future__ import annotations

from pathlib import Path

import click

from epss.cli.base import Command, exit_fast
from epss.cli.common import open_workspace, output_path, show_progress, year_kind


@click.command("report", cls=Command)
@click.option("--template", "-t", default="dossier", show_default=True,
              type=click.Choice(["dossier", "summary"]),
              help="dossier: berkas lengkap untuk diserahkan; summary: kartu skor dua halaman.")
@year_kind
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="BERKAS|FOLDER",
              help="Berkas PDF atau folder (bawaan: reports/epss-<kode>-<tahun>-<jenis>.pdf "
                   "di workspace, ~/epss-laporan/<folder>/ bila workspace baca saja; "
                   "ringkasan: ...-ringkasan.pdf).")
@click.option("--include-confidential", is_flag=True,
              help="Cetak judul dan tautan bukti yang ditandai rahasia.")
@click.option("--no-plan", is_flag=True,
              help="Tanpa bab Rencana aksi (salinan untuk juri).")
@click.pass_context
def report(ctx: click.Context, template: str, year: int | None, kind: str,
           output: Path | None, include_confidential: bool, no_plan: bool) -> None:
    """Cetak penilaian sebagai PDF/A untuk diserahkan ke juri atau penilai BPS."""
    from reports.worker import PdfWorker

    with PdfWorker.start() as worker:  # imports WeasyPrint while this process reads
        from epss.services.dossier import coverage_warning, default_output, render_report

        ws = open_workspace(ctx)
        a = ws.assessment(year, kind)
        target = output_path(output, default_output(ws, a, template), ".pdf")
        warning = coverage_warning(ws, a.id)
        progress = ((lambda stage: click.echo(f"  {stage}…", err=True)) if show_progress()
                    else None)
        path = render_report(ws, a.id, template=template,
                             include_confidential=include_confidential,
                             include_plan=not no_plan, output=target, progress=progress,
                             worker=worker)
    size = path.stat().st_size
    click.echo(f"PDF {template} {a.label} ditulis ke {path} ({size // 1024} KiB).")
    if warning:  # after the PDF, so that a failure stays one line
        click.echo(f"peringatan: {warning}", err=True)
    exit_fast()  # the PDF is written: skip freeing the layout at interpreter exit

