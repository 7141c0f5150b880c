"""`epss export` and `epss import`: bundles for the committee, the worksheet for the TPI team.

Kept apart from epss/cli.py so the main module stays about the workspace; nothing here is
imported until one of these commands runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from epss.cli import _dumps, _open, _show_progress, fail, main, output_path, year_kind

PROGRESS_FROM = 8 * 1024 * 1024  # smaller bundles finish before a bar would be read


@main.group("export")
def export_group() -> None:
    """Write an assessment out: a bundle (zip) or the evaluation worksheet (xlsx)."""


@main.group("import")
def import_group() -> None:
    """Read a bundle, a filled-in worksheet, or the official worksheet's criteria wording."""


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    if total < PROGRESS_FROM or not _show_progress():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


def _mib(n: int) -> str:
    from evidence import human_size

    return human_size(n)


# -- bundles ----------------------------------------------------------------------------------

@export_group.command("bundle")
@year_kind
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Zip file or folder (default: WORKSPACE/exports/epss-<code>-<year>-<kind>.zip).")
@click.option("--include-confidential", is_flag=True,
              help="Carry evidence marked confidential too (default: listed as redacted).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def export_bundle(ctx: click.Context, year: int | None, kind: str, output: Path | None,
                  include_confidential: bool, as_json: bool) -> None:
    """Write the assessment and its evidence as one tamper-evident zip for the committee.

    The manifest's SHA-256 is printed; the dossier printed from the same data shows the same
    hash on its last page.
    """
    ws = _open(ctx)
    a = ws.assessment(year, kind)
    agency = ws.agency
    default = ws.root / "exports" / f"epss-{agency.code}-{a.year}-{a.kind}.zip"
    target = output_path(output, default, ".zip")
    manifest = ws.manifest(a.id, include_confidential=include_confidential)
    total = sum(f["size"] for f in manifest["files"].values())
    with _progress(total, "Menulis bundel") as progress:
        result = ws.export_bundle(a.id, target, include_confidential=include_confidential,
                                  progress=progress)
    if as_json:
        click.echo(_dumps({"path": str(result.path), "manifest_sha256": result.manifest_hash,
                           "files": result.files, "bytes": result.bytes,
                           "redacted": result.redacted, "size": result.size}))
        return
    click.echo(f"Bundel {a.label} ditulis ke {result.path} ({_mib(result.size)}): "
               f"{result.files} berkas bukti, {_mib(result.bytes)}.")
    if result.redacted:
        click.echo(f"{result.redacted} bukti rahasia tidak disertakan "
                   "(pakai --include-confidential untuk menyertakannya).")
    click.echo(f"SHA-256 manifest: {result.manifest_hash}")


@import_group.command("bundle")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True,
              help="Replace an existing assessment of the same agency, year and kind.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def import_bundle(ctx: click.Context, file: Path, replace: bool, as_json: bool) -> None:
    """Check a bundle completely, then import it in one transaction (or refuse it whole)."""
    ws = _open(ctx)
    size = file.stat().st_size if file.is_file() else 0
    with _progress(size, "Memeriksa bundel") as progress:
        result = ws.import_bundle(file, replace=replace, progress=progress)
    if as_json:
        click.echo(_dumps({"status": result.status, "manifest_sha256": result.manifest_hash,
                           "agency": result.agency.name, "year": result.assessment.year,
                           "kind": result.assessment.kind, "answers": result.answers,
                           "attachments": result.attachments, "files": result.files,
                           "bytes": result.bytes, "redacted": result.redacted}))
        return
    label = f"{result.assessment.label} {result.agency.name}"
    if not result.changed:
        click.echo(f"{label} sudah sama dengan bundel ini; tidak ada yang berubah.")
    else:
        verb = "menggantikan isi sebelumnya" if result.status == "replaced" else "diimpor"
        click.echo(f"{label} {verb}: {result.answers} jawaban, {result.attachments} bukti "
                   f"({result.files} berkas, {_mib(result.bytes)}).")
    if result.redacted:
        click.echo(f"{result.redacted} bukti rahasia tidak disertakan pengirim.")
    click.echo(f"SHA-256 manifest: {result.manifest_hash}")


# -- the evaluation worksheet (xlsx) ---------------------------------------------------------

@export_group.command("xlsx")
@year_kind
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Xlsx file or folder "
                   "(default: WORKSPACE/exports/lke-<code>-<year>-<kind>.xlsx).")
@click.option("--include-confidential", is_flag=True,
              help="List evidence marked confidential too.")
@click.pass_context
def export_xlsx(ctx: click.Context, year: int | None, kind: str, output: Path | None,
                include_confidential: bool) -> None:
    """Write the evaluation worksheet (LKE) with the chosen levels, explanations and evidence,
    plus a sheet with the scores; opens in Excel and LibreOffice."""
    ws = _open(ctx)
    a = ws.assessment(year, kind)
    default = ws.root / "exports" / f"lke-{ws.agency.code}-{a.year}-{a.kind}.xlsx"
    target = output_path(output, default, ".xlsx")
    path = ws.export_xlsx(a.id, target, include_confidential=include_confidential)
    click.echo(f"Lembar kerja {a.label} ditulis ke {path}.")


@import_group.command("xlsx")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="Tahun penilaian yang diisi.")
@click.option("--kind", default="mandiri", show_default=True,
              type=click.Choice(["mandiri", "badan", "target"]))
@click.option("--skip-bad-rows", is_flag=True,
              help="Import the good rows and list the bad ones (default: import nothing).")
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.pass_context
def import_xlsx(ctx: click.Context, file: Path, year: int, kind: str, skip_bad_rows: bool,
                dry_run: bool) -> None:
    """Read levels, explanations and links back from a filled-in worksheet.

    Every bad row is reported with its sheet and row; nothing is imported when any row is bad,
    unless --skip-bad-rows. Links are added (never removed); evidence files cannot travel in a
    spreadsheet and are only listed.
    """
    ws = _open(ctx)
    result = ws.import_xlsx(file, year, kind, skip_bad_rows=skip_bad_rows, dry_run=dry_run)
    for problem in result.skipped:
        click.echo(f"dilewati: {problem}", err=True)
    head = "Uji coba (tidak ada yang diubah)" if dry_run else "Diimpor"
    made = " (penilaian baru dibuat)" if result.created else ""
    click.echo(f"{head}: {result.label}{made}: {result.rows} baris dibaca, "
               f"{len(result.changed)} jawaban berubah, {result.links_added} tautan baru.")
    if result.changed:
        click.echo("Berubah: " + ", ".join(result.changed))
    if result.file_titles:
        click.echo(f"{result.file_titles} berkas bukti disebut di lembar kerja; berkas tidak bisa "
                   "dibawa lembar kerja, lampirkan dengan `epss evidence add` atau bundel.")


@import_group.command("lke-criteria")
@click.argument("file", type=click.Path(path_type=Path), required=False)
@click.option("--clear", is_flag=True, help="Go back to epss's own wording.")
@click.pass_context
def import_criteria(ctx: click.Context, file: Path | None, clear: bool) -> None:
    """Show the official worksheet's indicator names and level criteria instead of ours.

    Only wording changes: codes and weights stay those of the catalog. Codes missing or extra
    in the file and names that differ from the catalog are reported.
    """
    ws = _open(ctx)
    if clear == (file is not None):
        fail("give either FILE or --clear")
    if clear:
        count = ws.clear_criteria()
        click.echo(f"Teks katalog epss dipakai lagi ({count} indikator sebelumnya memakai teks "
                   "LKE)." if count else "Teks katalog epss sudah dipakai; tidak ada yang berubah.")
        return
    report = ws.import_criteria(file)
    click.echo(f"Teks {len(report.wording)} indikator dari {file.name} (lembar "
               f"{report.sheet!r}) sekarang ditampilkan di antarmuka, lembar kerja dan laporan.")
    if report.missing:
        click.echo(f"Tidak ada di berkas (tetap memakai teks epss): {', '.join(report.missing)}")
    if report.extra:
        click.echo(f"Tidak dikenal katalog (diabaikan): {', '.join(report.extra)}")
    for code, ours, theirs in report.renamed:
        click.echo(f"Nama berbeda {code}: katalog {ours!r}; berkas {theirs!r}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
