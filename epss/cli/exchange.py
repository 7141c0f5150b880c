"""`epss export` and `epss import`: bundles for the committee, the worksheet for the TPI team.

The bundle and worksheet code (openpyxl among it) is imported only when one of these commands
runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from epss.cli.base import Group, fail
from epss.cli.common import (
    KIND_HELP,
    KINDS,
    dumps,
    open_workspace,
    output_path,
    show_progress,
    year_kind,
)

if TYPE_CHECKING:
    from epss.services.exchange.worksheet_import import WorksheetImport

PROGRESS_FROM = 8 * 1024 * 1024  # smaller bundles finish before a bar would be read


@click.group("export", cls=Group)
def export_group() -> None:
    """Tulis penilaian keluar: bundel (zip) atau lembar kerja evaluasi (xlsx)."""


@click.group("import", cls=Group)
def import_group() -> None:
    """Baca bundel, lembar kerja yang sudah diisi, atau teks kriteria lembar kerja resmi."""


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    if total < PROGRESS_FROM or not show_progress():
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
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="BERKAS|FOLDER",
              help="Berkas zip atau folder "
                   "(bawaan: exports/epss-<kode>-<tahun>-<jenis>.zip di workspace).")
@click.option("--include-confidential", is_flag=True,
              help="Sertakan juga bukti rahasia (bawaan: hanya dicatat sebagai disembunyikan).")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def export_bundle(ctx: click.Context, year: int | None, kind: str, output: Path | None,
                  include_confidential: bool, as_json: bool) -> None:
    """Tulis penilaian dan buktinya sebagai satu zip untuk komite; perubahan isinya ketahuan.

    SHA-256 manifest dicetak; dosir yang dicetak dari data yang sama memuat hash yang sama di
    halaman terakhirnya.
    """
    ws = open_workspace(ctx)
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
        click.echo(dumps({"path": str(result.path), "manifest_sha256": result.manifest_hash,
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
@click.argument("file", type=click.Path(path_type=Path), metavar="BERKAS.zip")
@click.option("--replace", is_flag=True,
              help="Ganti penilaian yang sudah ada dari instansi, tahun, dan jenis yang sama.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def import_bundle(ctx: click.Context, file: Path, replace: bool, as_json: bool) -> None:
    """Periksa bundel sepenuhnya, lalu impor dalam satu transaksi (atau tolak seluruhnya)."""
    ws = open_workspace(ctx)
    size = file.stat().st_size if file.is_file() else 0
    with _progress(size, "Memeriksa bundel") as progress:
        result = ws.import_bundle(file, replace=replace, progress=progress)
    if as_json:
        click.echo(dumps({"status": result.status, "manifest_sha256": result.manifest_hash,
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
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="BERKAS|FOLDER",
              help="Berkas xlsx atau folder "
                   "(bawaan: exports/lke-<kode>-<tahun>-<jenis>.xlsx di workspace).")
@click.option("--include-confidential", is_flag=True,
              help="Cantumkan juga bukti rahasia.")
@click.option("--opd", metavar="NAMA",
              help="Lembar permintaan untuk satu OPD: hanya indikator yang ditugaskan kepadanya "
                   "dan bukti yang harus dikirimnya (lihat `epss assign`).")
@click.pass_context
def export_xlsx(ctx: click.Context, year: int | None, kind: str, output: Path | None,
                include_confidential: bool, opd: str | None) -> None:
    """Tulis lembar kerja evaluasi (LKE) dengan tingkat terpilih, penjelasan, dan bukti, serta
    lembar skor; bisa dibuka di Excel dan LibreOffice. Dengan --opd: lembar permintaan satu OPD,
    yang bila diimpor kembali digabungkan (tingkat dan penjelasan menjadi usulan)."""
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    if opd is not None:
        if include_confidential:
            fail("--include-confidential tidak berlaku untuk lembar permintaan OPD")
        default = ws.root / "exports" / ws.coordination.request_file_name(a.id, opd)
        target = output_path(output, default, ".xlsx")
        path = ws.coordination.export_request(a.id, opd, target)
        name = ws.coordination.opd_name(a.id, opd)
        click.echo(f"Lembar permintaan {name} — {a.label} ditulis ke {path}.")
        return
    default = ws.root / "exports" / f"lke-{ws.agency.code}-{a.year}-{a.kind}.xlsx"
    target = output_path(output, default, ".xlsx")
    path = ws.export_xlsx(a.id, target, include_confidential=include_confidential)
    click.echo(f"Lembar kerja {a.label} ditulis ke {path}.")


@import_group.command("xlsx")
@click.argument("file", type=click.Path(path_type=Path), metavar="BERKAS.xlsx")
@click.option("--year", type=int, required=True, help="Tahun penilaian yang diisi.")
@click.option("--kind", default="mandiri", show_default=True, type=click.Choice(KINDS),
              help=KIND_HELP)
@click.option("--skip-bad-rows", is_flag=True,
              help="Impor baris yang baik dan daftar baris yang salah (bawaan: tidak ada yang "
                   "diimpor).")
@click.option("--clear-blank", is_flag=True,
              help="Sel tingkat atau penjelasan yang kosong (atau rumus tanpa nilai) "
                   "mengosongkan yang tersimpan (bawaan: tingkat kosong dan rumus tanpa nilai "
                   "adalah baris salah; penjelasan kosong tidak mengubah yang tersimpan).")
@click.option("--create", is_flag=True,
              help="Buat penilaian tahun dan jenis ini bila belum ada (bawaan: ditolak).")
@click.option("--dry-run", is_flag=True,
              help="Tampilkan apa yang akan berubah; tidak mengubah apa pun.")
@click.pass_context
def import_xlsx(ctx: click.Context, file: Path, year: int, kind: str, skip_bad_rows: bool,
                clear_blank: bool, create: bool, dry_run: bool) -> None:
    """Baca kembali tingkat, penjelasan, dan tautan dari lembar kerja yang sudah diisi.

    Setiap baris salah dilaporkan dengan lembar, baris, dan kolomnya; bila ada yang salah tidak
    ada yang diimpor, kecuali dengan --skip-bad-rows. Sel tingkat kosong padahal tingkatnya
    tersimpan adalah baris salah, kecuali dengan --clear-blank; sel penjelasan kosong padahal
    penjelasannya tersimpan tidak mengubahnya (dengan peringatan), kecuali dengan --clear-blank;
    rumus tanpa nilai tersimpan di sel tingkat atau penjelasan adalah baris salah, kecuali
    dengan --clear-blank. Tahun tanpa penilaian ditolak, kecuali dengan --create. Indikator
    yang tidak ada di lembar kerja tidak diubah dan didaftar. Tautan ditambahkan (tidak pernah
    dihapus); berkas bukti tidak bisa dibawa lembar kerja dan hanya didaftar.
    """
    ws = open_workspace(ctx)
    result = ws.import_xlsx(file, year, kind, skip_bad_rows=skip_bad_rows, dry_run=dry_run,
                            clear_blank=clear_blank, create=create)
    for problem in result.skipped:
        click.echo(f"dilewati: {problem}", err=True)
    if result.opd:
        _request_imported(result, dry_run)
        return
    head = "Uji coba (tidak ada yang diubah)" if dry_run else "Diimpor"
    made = ""
    if result.created:
        made = " (penilaian baru akan dibuat)" if dry_run else " (penilaian baru dibuat)"
    click.echo(f"{head}: {result.label}{made}: {result.rows} baris dibaca, "
               f"{len(result.changed)} jawaban berubah, {result.links_added} tautan baru.")
    if result.changed:
        click.echo("Berubah: " + ", ".join(result.changed))
    verb = "akan dikosongkan" if dry_run else "dikosongkan"
    if result.cleared:
        click.echo(f"Tingkat {verb} (--clear-blank): " + ", ".join(
            f"{code} (sebelumnya {level})" for code, level in result.cleared))
    if result.cleared_explanations:
        click.echo(f"Penjelasan {verb} (--clear-blank): " + ", ".join(
            code for code, _ in result.cleared_explanations))
    for warning in result.warnings:
        click.echo(f"Peringatan: {warning}")
    if result.warnings:
        click.echo("  Pakai --clear-blank bila penjelasan itu memang hendak dikosongkan.")
    if result.missing:
        click.echo(f"Peringatan: {len(result.missing)} indikator tidak ada di lembar kerja; "
                   "jawabannya tidak diubah:")
        for code, name in result.missing:
            click.echo(f"  {code} {name}")
    if result.file_titles:
        click.echo(f"{result.file_titles} berkas bukti disebut di lembar kerja; berkas tidak bisa "
                   "dibawa lembar kerja, lampirkan dengan `epss evidence add` atau bundel.")


def _request_imported(result: WorksheetImport, dry_run: bool) -> None:
    """What an OPD's request sheet brought: proposals, links, files (never applied answers)."""
    head = "Uji coba (tidak ada yang diubah)" if dry_run else "Digabungkan"
    click.echo(f"{head}: lembar permintaan {result.opd} — {result.label}: {result.rows} baris "
               f"dibaca, {len(result.proposed)} usulan, {result.links_added} tautan baru.")
    if result.proposed:
        click.echo("Usulan (tingkat/penjelasan berbeda dari yang tersimpan): "
                   + ", ".join(result.proposed))
        click.echo("Periksa dengan `epss proposals`, lalu `epss proposals accept KODE` atau "
                   "`reject KODE`.")
    for warning in result.warnings:
        click.echo(f"Peringatan: {warning}")
    if result.files:
        click.echo("Berkas yang disebut OPD (lampirkan dengan `epss evidence add`):")
        for code, title in result.files:
            click.echo(f"  {code} {title}")


@import_group.command("lke-criteria")
@click.argument("file", type=click.Path(path_type=Path), required=False,
                metavar="[BERKAS.xlsx]")
@click.option("--clear", is_flag=True, help="Kembali memakai teks epss sendiri.")
@click.pass_context
def import_criteria(ctx: click.Context, file: Path | None, clear: bool) -> None:
    """Pakai nama indikator dan kriteria tingkat dari lembar kerja resmi, bukan teks epss.

    Hanya teksnya yang berubah: kode dan bobot tetap dari katalog. Kode yang tidak ada atau
    berlebih di berkas, dan nama yang berbeda dari katalog, dilaporkan.
    """
    if clear == (file is not None):
        fail("berikan BERKAS.xlsx atau --clear, salah satu")
    ws = open_workspace(ctx)
    if file is None:  # --clear
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

