"""`epss profil`: the agency's texts for the dossier and the presentation (unit, award,
Kata Pengantar, Profil, highlights, the Lembar Pengesahan's signer, contact, logo)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from epss.cli.base import Group, fail
from epss.cli.common import dumps, open_workspace


@click.group("profil", cls=Group)
def profile_group() -> None:
    """Profil instansi untuk berkas penghargaan: unit, penghargaan, kata pengantar, pengesahan."""


@profile_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON untuk skrip.")
@click.pass_context
def profile_show(ctx: click.Context, as_json: bool) -> None:
    """Tampilkan profil yang tersimpan."""
    from epss.services.profile import load_profile

    ws = open_workspace(ctx)
    profile = load_profile(ws)
    if as_json:
        click.echo(dumps(profile.to_json()))
        return
    rows = [("Unit pengusul", profile.unit), ("Penghargaan", profile.award),
            ("Penanda tangan", profile.signer.name), ("NIP", profile.signer.nip),
            ("Jabatan", profile.signer.title), ("Narahubung", profile.contact),
            ("Logo", f"sha256 {profile.logo_sha256[:12]}…" if profile.logo_sha256 else "")]
    for label, value in rows:
        click.echo(f"{label + ':':<16}{value or '(belum diisi)'}")
    click.echo("Inovasi/unggulan:" + ("" if profile.highlights else " (belum diisi)"))
    for item in profile.highlights:
        click.echo(f"  - {item}")
    for label, text in (("Kata pengantar", profile.foreword), ("Profil singkat", profile.about)):
        click.echo(f"{label}:" + ("" if text else " (belum diisi)"))
        for line in text.splitlines():
            click.echo(f"  {line}")


def _read_text(source: str, what: str) -> str:
    """The text of FILE, or of stdin for "-" (UTF-8)."""
    if source == "-":
        data = sys.stdin.buffer.read()
        shown = "masukan standar"
    else:
        path = Path(source)
        shown = str(path)
        if not path.is_file():
            fail(f"{what}: berkas {shown} tidak ada")
        try:
            if path.stat().st_size > 1024 * 1024:
                fail(f"{what}: berkas {shown} terlalu besar (paling besar 1 MiB)")
            data = path.read_bytes()
        except OSError as exc:
            from epss.core.errors import os_error_text

            fail(f"{what}: berkas {shown} tidak bisa dibaca: {os_error_text(exc)}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{what}: {shown} bukan teks UTF-8")


@profile_group.command("set")
@click.option("--unit", help="Unit pengusul, mis. \"Dinas Komunikasi dan Informatika "
                             "(Walidata)\".")
@click.option("--award", help="Nama penghargaan, mis. \"Satu Data Award Jawa Timur 2024\".")
@click.option("--contact", help="Narahubung: nama, telepon atau surel.")
@click.option("--signer-name", help="Nama penanda tangan lembar pengesahan.")
@click.option("--signer-nip", help="NIP penanda tangan (18 angka, spasi boleh).")
@click.option("--signer-title", help="Jabatan penanda tangan, mis. \"Kepala Dinas Kominfo\".")
@click.option("--foreword-file", metavar="BERKAS|-",
              help="Kata pengantar dari berkas teks UTF-8 (- untuk masukan standar).")
@click.option("--about-file", metavar="BERKAS|-",
              help="Profil singkat dari berkas teks UTF-8 (- untuk masukan standar).")
@click.option("--highlight", multiple=True, metavar="TEKS",
              help="Satu inovasi/unggulan; ulangi untuk beberapa (menggantikan daftar lama).")
@click.option("--clear-highlights", is_flag=True, help="Kosongkan daftar inovasi/unggulan.")
@click.pass_context
def profile_set(ctx: click.Context, unit: str | None, award: str | None, contact: str | None,
                signer_name: str | None, signer_nip: str | None, signer_title: str | None,
                foreword_file: str | None, about_file: str | None,
                highlight: tuple[str, ...], clear_highlights: bool) -> None:
    """Ubah isian profil; yang tidak disebut tetap. Teks kosong ("") mengosongkan."""
    from epss.services.profile import load_profile, save_profile

    if highlight and clear_highlights:
        fail("--highlight dan --clear-highlights tidak bisa dipakai bersamaan")
    if foreword_file == "-" and about_file == "-":
        fail("hanya satu dari --foreword-file dan --about-file yang bisa membaca masukan standar")
    foreword = _read_text(foreword_file, "kata pengantar") if foreword_file else None
    about = _read_text(about_file, "profil singkat") if about_file else None
    ws = open_workspace(ctx)
    before = load_profile(ws)
    signer = replace(before.signer, **{k: v for k, v in (
        ("name", signer_name), ("nip", signer_nip), ("title", signer_title)) if v is not None})
    changes = {k: v for k, v in (("unit", unit), ("award", award), ("contact", contact),
                                 ("foreword", foreword), ("about", about)) if v is not None}
    highlights = () if clear_highlights else (highlight or before.highlights)
    after = replace(before, signer=signer, highlights=tuple(highlights), **changes)
    if after == before:
        fail("tidak ada yang diubah: sebutkan paling sedikit satu isian (lihat --help)")
    stored = save_profile(ws, after)
    click.echo("Profil disimpan." if stored != before else "Profil sudah seperti itu.")


@profile_group.command("logo")
@click.argument("file", metavar="BERKAS", required=False,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--clear", is_flag=True, help="Hapus logo dari profil (sampul memakai tempat "
                                              "kosong).")
@click.pass_context
def profile_logo(ctx: click.Context, file: Path | None, clear: bool) -> None:
    """Simpan logo/lambang instansi (PNG atau JPEG, paling besar 2 MiB) untuk sampul."""
    from epss.services.profile import clear_logo, set_logo

    if (file is None) == (not clear):
        fail("sebutkan BERKAS logo, atau --clear untuk menghapusnya (tidak keduanya)")
    ws = open_workspace(ctx)
    if clear:
        clear_logo(ws)
        click.echo("Logo dihapus dari profil.")
        return
    assert file is not None
    profile = set_logo(ws, file)
    assert profile.logo_sha256 is not None
    click.echo(f"Logo disimpan (sha256 {profile.logo_sha256[:12]}…).")
