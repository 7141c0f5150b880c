"""`epss deck`: the Tahap III presentation, as an editable PowerPoint or the same slides as a
16:9 PDF.

Importing this costs nothing until the command runs (python-pptx and WeasyPrint load inside
it).
"""

from __future__ import annotations

from pathlib import Path

import click

from epss.cli.base import Command, exit_fast
from epss.cli.common import fail, open_workspace, show_progress, year_kind


@click.command("deck", cls=Command)
@year_kind
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="BERKAS|FOLDER",
              help="Berkas .pptx (PowerPoint yang bisa diedit) atau .pdf (slide yang sama, "
                   "16:9), atau folder (bawaan: reports/presentasi-<kode>-<tahun>.pptx di "
                   "workspace, ~/epss-laporan/<folder>/ bila workspace baca saja).")
@click.pass_context
def deck(ctx: click.Context, year: int | None, kind: str, output: Path | None) -> None:
    """Buat presentasi Tahap III (wawancara penghargaan) dari penilaian dan profil instansi."""
    from epss.services.deck import SUFFIXES, default_output, render_deck

    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    target = default_output(ws, a.id)
    if output is not None and output.is_dir():
        target = output / target.name
    elif output is not None:
        if output.suffix.lower() not in SUFFIXES:
            fail(f"{output}: nama berkas keluaran harus berakhiran .pptx atau .pdf")
        if not output.parent.exists():
            fail(f"{output.parent}: folder tidak ada")
        target = output
    progress = (lambda stage: click.echo(f"  {stage}…", err=True)) if show_progress() else None
    path = render_deck(ws, a.id, target, progress=progress)
    size = path.stat().st_size
    what = "PowerPoint" if path.suffix.lower() == ".pptx" else "PDF"
    click.echo(f"Presentasi {what} {a.label} ditulis ke {path} ({size // 1024} KiB).")
    exit_fast()  # written: skip freeing the layout at interpreter exit
