"""`epss round` and `epss perbaikan`: the assessor's rounds of a BPS assessment (penilaian
badan), the IPS per round, the drop list against the mandiri levels and the repair package."""

from __future__ import annotations

from pathlib import Path

import click

from epss.cli.base import Command, Group, fail
from epss.cli.common import dumps, open_workspace

ROUND_HELP = "Babak penilaian: dokumen, interviu, pleno, harmonisasi atau final."
YEAR_HELP = "Tahun penilaian badan (bawaan: yang terbaru)."


@click.group("round", cls=Group)
def round_group() -> None:
    """Babak penilaian TPB (penilaian badan): tingkat dan catatan TPB per babak, tenggat."""


@round_group.command("set")
@click.argument("code", metavar="KODE")
@click.option("--round", "round_key", required=True, metavar="BABAK", help=ROUND_HELP)
@click.option("--level", required=True, type=int, metavar="TINGKAT",
              help="Tingkat dari TPB pada babak ini (1-5).")
@click.option("--note", metavar="TEKS", help="Catatan TPB untuk indikator ini.")
@click.option("--year", type=int, metavar="TAHUN", help=YEAR_HELP)
@click.pass_context
def round_set(ctx: click.Context, code: str, round_key: str, level: int, note: str | None,
              year: int | None) -> None:
    """Catat tingkat (dan catatan) TPB untuk satu indikator pada satu babak. Jawaban penilaian
    badan mengikuti babak terakhir yang tercatat."""
    from epss.services.rounds import ROUNDS

    ws = open_workspace(ctx)
    a = ws.assessment(year, "badan")
    row = ws.rounds.set_level(a.id, round_key, code, level, note)
    key = round_key.strip().lower()
    click.echo(f"{a.label}, {ROUNDS[key]}: {code} tingkat {row['level']}"
               + (f" — {row['note']}" if row["note"] else ""))


@round_group.command("list")
@click.option("--year", type=int, metavar="TAHUN", help=YEAR_HELP)
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def round_list(ctx: click.Context, year: int | None, as_json: bool) -> None:
    """IPS tiap babak penilaian TPB (tingkat setelah babak itu: indikator yang tidak dinilai
    ulang memakai tingkat babak sebelumnya), jumlah indikator yang dinilai, dan tenggatnya."""
    from epss.core.scoring import format_index

    ws = open_workspace(ctx)
    a = ws.assessment(year, "badan")
    rows = ws.rounds.summaries(a.id)
    if as_json:
        click.echo(dumps([{"round": r.round, "label": r.label, "recorded": r.recorded,
                           "standing": r.standing,
                           "ips": format_index(r.scorecard.ips, r.scorecard.rounding),
                           "predikat": r.scorecard.predikat, "deadline": r.deadline}
                          for r in rows]))
        return
    if not rows:
        click.echo(f"Belum ada babak penilaian TPB pada {a.label}. Catat dengan "
                   "`epss round set --round dokumen KODE --level N`.")
        return
    total = len(ws.catalog.indicators)
    for r in rows:
        ips = format_index(r.scorecard.ips, r.scorecard.rounding)
        deadline = f", tenggat {r.deadline}" if r.deadline else ""
        click.echo(f"{r.label:<18} IPS {ips} ({r.scorecard.predikat}), {r.recorded} dinilai "
                   f"di babak ini, {r.standing}/{total} bertingkat{deadline}")


@round_group.command("deadline")
@click.argument("deadline", metavar="TANGGAL")
@click.option("--round", "round_key", required=True, metavar="BABAK", help=ROUND_HELP)
@click.option("--year", type=int, metavar="TAHUN", help=YEAR_HELP)
@click.pass_context
def round_deadline(ctx: click.Context, deadline: str, round_key: str, year: int | None) -> None:
    """Tetapkan tenggat perbaikan satu babak (TTTT-BB-HH, mis. 2026-07-31)."""
    from epss.services.rounds import ROUNDS

    ws = open_workspace(ctx)
    a = ws.assessment(year, "badan")
    day = ws.rounds.set_deadline(a.id, round_key, deadline)
    click.echo(f"{a.label}, {ROUNDS[round_key.strip().lower()]}: tenggat perbaikan {day}")


@click.command("perbaikan", cls=Command)
@click.option("--round", "round_key", metavar="BABAK",
              help=ROUND_HELP + " Bawaan: babak terakhir yang tercatat.")
@click.option("--year", type=int, metavar="TAHUN", help=YEAR_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="FOLDER",
              help="Tulis paket perbaikan (satu folder per indikator dan indeks-perbaikan.xlsx) "
                   "ke folder baru atau kosong.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def perbaikan(ctx: click.Context, round_key: str | None, year: int | None,
              output: Path | None, as_json: bool) -> None:
    """Daftar perbaikan: indikator yang tingkat TPB-nya di bawah tingkat mandiri, dengan
    kebutuhan, catatan TPB, temuan dan OPD tiap indikator."""
    from epss.services.rounds import ROUNDS

    ws = open_workspace(ctx)
    a = ws.assessment(year, "badan")
    repair = ws.rounds.drops(a.id, round_key)
    written: list[Path] = []
    if output is not None:
        if not repair.items:
            fail(f"tidak ada indikator yang turun pada babak {ROUNDS[repair.round]}; paket "
                 "perbaikan tidak dibuat")
        written = ws.rounds.package(repair, output)
    if as_json:
        click.echo(dumps({**repair.as_dict(),
                          "written": [str(p) for p in written]}))
        return
    deadline = f", tenggat {repair.deadline}" if repair.deadline else ""
    click.echo(f"{a.label}, babak {ROUNDS[repair.round]}: {len(repair.items)} indikator turun "
               f"dari tingkat mandiri{deadline}")
    for item in repair.items:
        click.echo(f"\n{item.number:02d}. {item.code} {item.name}: tingkat mandiri "
                   f"{item.mandiri_level} → TPB {item.tpb_level}")
        if item.note:
            click.echo(f"    Catatan TPB: {item.note}")
        click.echo(f"    Kriteria tingkat {item.mandiri_level}: {item.criterion}")
        click.echo(f"    Bukti yang diharapkan: {item.expected_evidence}")
        click.echo(f"    OPD: {item.opd_text}")
        for finding in item.findings:
            click.echo(f"    Temuan: {finding}")
        click.echo(f"    Paket TPB: {len(item.files)} berkas, {len(item.links)} tautan")
    if output is not None:
        click.echo(f"\nPaket perbaikan ditulis ke {output} ({len(written)} berkas).")
