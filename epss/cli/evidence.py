"""`epss evidence`: files and links attached to indicators, kept in the checked vault."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from epss.cli.base import Group, fail
from epss.cli.common import dumps, open_workspace, show_progress, year_kind
from epss.core.validate import is_row_id


@click.group("evidence", cls=Group)
def evidence_group() -> None:
    """Bukti dukung: berkas dan tautan pada indikator, disimpan di brankas yang diperiksa."""


@evidence_group.command("add")
@click.option("--indicator", "code", required=True, metavar="KODE",
              help="Kode indikator, mis. 10101.")
@click.argument("files", nargs=-1, required=True, metavar="BERKAS...",
                type=click.Path(path_type=Path, dir_okay=True, exists=False))
@click.option("--title", default="", help="Judul (bawaan: nama berkas).")
@click.option("--note", default="", help="Catatan.")
@click.option("--confidential", is_flag=True, help="Rahasia: disembunyikan di laporan.")
@year_kind
@click.pass_context
def evidence_add(ctx: click.Context, code: str, files: tuple[Path, ...], title: str, note: str,
                 confidential: bool, year: int | None, kind: str) -> None:
    """Simpan BERKAS di brankas dan lampirkan ke indikator (semua atau tidak sama sekali)."""
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    ws.answer(a.id, code)  # validates the code before any file is read
    problems = ws.check_evidence_files(list(files), assessment_id=a.id, code=code)
    if problems:
        for p in problems[:-1]:
            click.echo(f"epss: error: {p}", err=True)
        fail(problems[-1] + (" (tidak ada yang ditambahkan)" if len(files) > 1 else ""))
    total = sum(f.stat().st_size for f in files)
    bar = click.progressbar(length=total, label="Menyimpan bukti", file=sys.stderr) \
        if show_progress() else None
    try:
        for f in files:
            label = title if len(files) == 1 or not title else f"{title} — {f.name}"
            att, blob = ws.add_evidence(a.id, code, f, title=label, note=note,
                                        confidential=confidential,
                                        progress=bar.update if bar else None)
            same = " (isi sama sudah ada di brankas)" if blob.existed else ""
            click.echo(f"#{att.id} {code} {att.title} — {blob.label}, "
                       f"{_size(blob.size)}, sha256 {blob.sha256[:12]}…{same}")
            for warning in blob.warnings:
                click.echo(f"peringatan: {warning}", err=True)
    finally:
        if bar:
            bar.render_finish()


def _size(n: int | None) -> str:
    from evidence import human_size

    return human_size(n) if n is not None else "-"


@evidence_group.command("link")
@click.option("--indicator", "code", required=True, metavar="KODE",
              help="Kode indikator, mis. 10101.")
@click.argument("url", metavar="URL")
@click.option("--title", default="", help="Judul (bawaan: nama situs dan jalurnya).")
@click.option("--note", default="", help="Catatan.")
@click.option("--confidential", is_flag=True, help="Rahasia: disembunyikan di laporan.")
@year_kind
@click.pass_context
def evidence_link(ctx: click.Context, code: str, url: str, title: str, note: str,
                  confidential: bool, year: int | None, kind: str) -> None:
    """Lampirkan tautan (http/https), mis. folder Google Drive."""
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    att = ws.link_evidence(a.id, code, url, title=title, note=note, confidential=confidential)
    click.echo(f"#{att.id} {code} {att.title} — {att.url}")


@evidence_group.command("list")
@click.option("--indicator", "code", metavar="KODE", help="Hanya bukti indikator ini.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@year_kind
@click.pass_context
def evidence_list(ctx: click.Context, code: str | None, as_json: bool, year: int | None,
                  kind: str) -> None:
    """Daftar bukti dukung satu penilaian."""
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    items = ws.evidence(a.id, code)
    if as_json:
        click.echo(dumps([i.model_dump() for i in items]))
        return
    if not items:
        click.echo("Belum ada bukti dukung.")
    for i in items:
        where = i.url or f"{_size(i.size)}, sha256 {(i.blob_sha or '-')[:12]}…"
        secret = " [rahasia]" if i.confidential else ""
        click.echo(f"#{i.id:<4} {i.indicator} {i.title}{secret} — {where}")
        if i.doc_kind or i.doc_year or i.kegiatan_id or i.signed or not i.for_tpb:
            click.echo(f"      {ws.sampling.describe_marks(i)}")


@evidence_group.command("remove")
@click.argument("attachment_id", type=int, metavar="ID")
@click.pass_context
def evidence_remove(ctx: click.Context, attachment_id: int) -> None:
    """Lepaskan satu bukti dari indikatornya (berkasnya tetap di brankas sampai `prune`)."""
    att = open_workspace(ctx).remove_evidence(_attachment_id(attachment_id))
    click.echo(f"Bukti #{att.id} ({att.title}) dilepas dari indikator {att.indicator}.")


@evidence_group.command("confidential")
@click.argument("attachment_id", type=int, metavar="ID")
@click.option("--off", is_flag=True, help="Tidak rahasia lagi.")
@click.pass_context
def evidence_confidential(ctx: click.Context, attachment_id: int, off: bool) -> None:
    """Tandai bukti rahasia (tidak ditampilkan di laporan dan bundel kecuali diminta)."""
    att = open_workspace(ctx).set_evidence_confidential(_attachment_id(attachment_id), not off)
    click.echo(f"Bukti #{att.id}: {'rahasia' if att.confidential else 'tidak rahasia'}.")


def _attachment_id(number: int) -> int:
    """SQLite cannot even look up a number past its largest row id; no such evidence exists."""
    if not is_row_id(number):
        fail(f"bukti dukung #{number} tidak ada")
    return number


@evidence_group.command("verify")
@click.pass_context
def evidence_verify(ctx: click.Context) -> None:
    """Periksa ulang hash setiap berkas di brankas; keluar 1 dengan nama yang hilang/rusak."""
    ws = open_workspace(ctx)
    problems = ws.verify_evidence()
    for p in problems:
        click.echo(f"MASALAH: {p}", err=True)
    if problems:
        sys.exit(1)
    click.echo(f"Semua berkas bukti utuh ({sum(1 for _ in ws.vault.blobs())} berkas).")


@evidence_group.command("export")
@click.argument("directory", type=click.Path(path_type=Path), metavar="FOLDER")
@year_kind
@click.pass_context
def evidence_export(ctx: click.Context, directory: Path, year: int | None, kind: str) -> None:
    """Salin berkas keluar dengan nama yang mudah dibaca, satu folder per indikator."""
    ws = open_workspace(ctx)
    written = ws.export_evidence(ws.assessment(year, kind).id, directory)
    click.echo(f"{len(written)} berkas ditulis ke {directory}.")


@evidence_group.command("prune")
@click.option("--yes", is_flag=True, help="Benar-benar hapus (tanpa ini hanya didaftar).")
@click.pass_context
def evidence_prune(ctx: click.Context, yes: bool) -> None:
    """Daftar (atau dengan --yes hapus) berkas brankas yang tidak dipakai bukti mana pun."""
    ws = open_workspace(ctx)
    orphans = ws.prune_evidence() if yes else ws.unreferenced_evidence()
    verb = "dihapus" if yes else "tidak dipakai (hapus dengan --yes)"
    click.echo(f"{len(orphans)} berkas {verb}.")
    for sha in orphans:
        click.echo(f"  {sha}")
