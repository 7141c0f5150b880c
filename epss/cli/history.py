"""`epss compare`, `epss plan` and `epss assessment reported`: looking back and planning ahead.

Printing only: the comparisons come from epss/core/history.py and the plans from
epss/core/planner.py through the workspace, and the JSON is their ``to_dict()`` so scripts see
the same numbers.
`reported` is a subcommand of `epss assessment`; the package (epss/cli/__init__.py) adds it there.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from epss.cli.base import Command, fail
from epss.cli.common import KINDS, dumps, open_workspace, year_kind

if TYPE_CHECKING:
    from epss.services.workspace import Workspace


@click.command("compare", cls=Command)
@click.option("--years", nargs=2, type=int, metavar="TAHUN1 TAHUN2",
              help="Dua tahun yang dibandingkan, mis. --years 2023 2024.")
@click.option("--kind", default="mandiri", show_default=True,
              type=click.Choice(KINDS),
              help="Jenis penilaian yang dibandingkan antartahun.")
@click.option("--self-vs-badan", is_flag=True, help="Penilaian mandiri dibanding hasil BPS.")
@click.option("--year", type=int, metavar="TAHUN",
              help="Dengan --self-vs-badan: tahunnya (bawaan: yang terbaru).")
@click.option("--all", "show_all", is_flag=True,
              help="Tampilkan juga indikator yang tidak berubah.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def compare(ctx: click.Context, years: tuple[int, int] | None, kind: str, self_vs_badan: bool,
            year: int | None, show_all: bool, as_json: bool) -> None:
    """Perbandingan antartahun per indikator, aspek, dan domain, atau selisih dengan hasil BPS."""
    if bool(years) == self_vs_badan:
        fail("berikan salah satu: --years TAHUN1 TAHUN2 atau --self-vs-badan [--year TAHUN]")
    if year is not None and not self_vs_badan:
        fail("--year dipakai bersama --self-vs-badan; untuk dua tahun pakai "
             "--years TAHUN1 TAHUN2")
    ws = open_workspace(ctx)
    if years:
        result = ws.compare_years(years[0], years[1], kind).to_dict()
        result["kegiatan"] = ws.sampling.samples_by_year(sorted(years), kind)
        if as_json:
            click.echo(dumps(result))
        else:
            _print_years(result, show_all)
            _print_context(ws, result["kegiatan"], result["new"]["ips_display"])
    else:
        result = ws.compare_self_vs_badan(year).to_dict()
        if as_json:
            click.echo(dumps(result))
        else:
            _print_gap(result, show_all)


def _print_context(ws: Workspace, samples: dict[str, list[str]],
                   shown_ips: str | None = None) -> None:
    from epss.services import benchmarks

    if any(samples.values()):
        click.echo("\nKegiatan terpilih (sampel berganti tiap tahun):")
        for year, labels in samples.items():
            click.echo(f"  {year}: {'; '.join(labels) if labels else 'tidak dicatat'}")
    line = benchmarks.describe(benchmarks.load(ws), shown_ips)
    if line:
        click.echo(line)


def _print_years(c: dict[str, Any], show_all: bool) -> None:
    old, new = c["old"], c["new"]
    click.echo(f"{old['label']} → {new['label']}")
    click.echo(f"IPS {old['ips_display'] or '-'} ({old['predikat'] or '-'}) → "
               f"{new['ips_display'] or '-'} ({new['predikat'] or '-'}): "
               f"{c['ips_delta_display'] or 'tidak diketahui'}")
    n = c["counts"]
    click.echo(f"Indikator: {n['raised']} naik, {n['lowered']} turun, {n['unchanged']} tetap"
               + (f", {n['unknown']} tidak diketahui" if n["unknown"] else ""))
    click.echo("\nDomain                                 lama   baru  ubah   ke IPS")
    for d in c["domains"]:
        click.echo(f"  {d['code']} {d['name']:<34} {d['old_display'] or '-':>5}  "
                   f"{d['new_display'] or '-':>5} {d['delta_display'] or '-':>5}  "
                   f"{d['contribution_display'] or '-':>6}")
    rows = [i for i in c["indicators"] if show_all or i["delta"]]
    if rows:
        click.echo("\nIndikator                                             lama baru  ke IPS")
        for i in rows:
            click.echo(f"  {i['code']} {i['name'][:46]:<46} {_lv(i['old_level']):>4} "
                       f"{_lv(i['new_level']):>4}  {i['effect_display'] or '-':>6}")
    for note in c["notes"]:
        click.echo(f"catatan: {note}")


def _print_gap(g: dict[str, Any], show_all: bool) -> None:
    m, b = g["mandiri"], g["badan"]
    click.echo(f"{m['label']} dibanding {b['label']}")
    click.echo(f"IPS mandiri {m['ips_display'] or '-'} ({m['predikat'] or '-'}), "
               f"BPS {b['ips_display'] or '-'} ({b['predikat'] or '-'}): selisih "
               f"{g['ips_gap_display'] or 'tidak diketahui'}")
    n = g["counts"]
    if g["indicator_gaps_known"]:
        click.echo(f"Indikator: {n['over']} diklaim lebih tinggi, {n['under']} lebih rendah, "
                   f"{n['equal']} sama; rata-rata selisih mutlak {g['mean_abs_gap_display']}")
    else:
        click.echo("Hasil BPS tanpa tingkat per indikator: selisih per indikator tidak diketahui.")
    click.echo("\nDomain                               mandiri   BPS  selisih")
    for d in g["domains"]:
        click.echo(f"  {d['code']} {d['name']:<34} {d['mandiri_display'] or '-':>5} "
                   f"{d['badan_display'] or '-':>5}  {d['gap_display'] or '-':>6}")
    rows = [i for i in g["indicators"] if show_all or i["gap"]]
    if rows:
        click.echo("\nIndikator                                          mandiri BPS  ke IPS")
        for i in rows:
            click.echo(f"  {i['code']} {i['name'][:46]:<46} {_lv(i['mandiri_level']):>4} "
                       f"{_lv(i['badan_level']):>4}  {i['effect_display'] or '-':>6}")
    for note in g["notes"]:
        click.echo(f"catatan: {note}")


def _lv(level: int | None) -> str:
    return "-" if level is None else str(level)


@click.command("plan", cls=Command)
@click.option("--target", required=True, metavar="PREDIKAT|IPS",
              help="cukup, baik, sangat-baik, memuaskan, atau IPS seperti 2.60.")
@year_kind
@click.option("--max-level-step", type=int, metavar="N",
              help="Naikkan tiap indikator paling banyak N tingkat.")
@click.option("--lock", default="", metavar="KODE,...",
              help="Indikator yang tidak boleh berubah, mis. 50101,50201.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def plan(ctx: click.Context, target: str, year: int | None, kind: str,
         max_level_step: int | None, lock: str, as_json: bool) -> None:
    """Kenaikan satu tingkat sesedikit mungkin yang membawa IPS (dibulatkan) ke target.

    Kode keluar 1 bila target tidak dapat dicapai dengan kunci dan batas yang diberikan.
    """
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    result = ws.plan(a.id, target, max_level_step=max_level_step, locks=lock)
    if as_json:
        click.echo(dumps(result.to_dict()))
    else:
        _print_plan(result.to_dict(), a.label)
    if not result.feasible:
        sys.exit(1)


def _print_plan(p: dict[str, Any], label: str) -> None:
    click.echo(f"{label}: IPS {p['start_ips_display']} ({p['start_predikat']})")
    click.echo(p["message"])
    for n, step in enumerate(p["steps"], 1):
        click.echo(f"{n:>3}. {step['code']} {step['name'][:56]}")
        click.echo(f"     tingkat {step['from_level']} → {step['to_level']}, IPS "
                   f"+{step['gain_display']} → {step['running_ips_display']}")
        click.echo(f"     bukti yang diharapkan: {step['evidence']}")
    if p["steps"]:
        click.echo(f"\nAturan pilihan: {p['tie_rule']}")


@click.command("reported", cls=Command)
@click.option("--year", type=int, metavar="TAHUN",
              help="Tahun hasil BPS (bawaan: yang terbaru).")
@click.option("--ips", metavar="IPS",
              help="IPS seperti tertulis di surat BPS, mis. 2.52 atau 2,52.")
@click.option("--domain", "domains", multiple=True, metavar="KODE=NILAI",
              help="Indeks domain dari surat, mis. --domain 1=2.80 (boleh diulang).")
@click.option("--aspect", "aspects", multiple=True, metavar="KODE=NILAI",
              help="Indeks aspek dari surat, mis. --aspect 101=2,50 (boleh diulang).")
@click.option("--clear", is_flag=True, help="Hapus nilai dari surat BPS.")
@click.pass_context
def assessment_reported(ctx: click.Context, year: int | None, ips: str | None,
                        domains: tuple[str, ...], clear: bool,
                        aspects: tuple[str, ...] = ()) -> None:
    """Catat surat hasil BPS yang hanya memuat IPS dan/atau indeks domain.

    Tingkat indikator tidak pernah dikarang dari nilai ini; perbandingan memakainya bila
    tingkat indikator tidak ada.
    """
    parsed: dict[str, str] = {}
    for item in domains:
        code, sep, value = item.partition("=")
        if not sep or not code.strip() or not value.strip():
            fail(f"--domain harus berbentuk KODE=NILAI seperti 1=2.80, bukan {item!r}")
        parsed[code.strip()] = value.strip()
    parsed_aspects: dict[str, str] = {}
    for item in aspects:
        code, sep, value = item.partition("=")
        if not sep or not code.strip() or not value.strip():
            fail(f"--aspect harus berbentuk KODE=NILAI seperti 101=2,50, bukan {item!r}")
        parsed_aspects[code.strip()] = value.strip()
    ws = open_workspace(ctx)
    a = ws.assessment(year, "badan")
    if clear:
        if ips is not None or parsed or parsed_aspects:
            fail("--clear tidak bisa digabung dengan --ips, --domain atau --aspect")
        result = ws.clear_reported_indices(a.id)
    elif ips is None and not parsed and not parsed_aspects:
        result = ws.reported_indices(a.id)
    else:
        result = ws.set_reported_indices(a.id, ips=ips, domains=parsed or None,
                                         aspects=parsed_aspects or None)
    from epss.core.scoring import format_id

    shown = result.as_text()
    if not shown:
        click.echo(f"{a.label}: belum ada nilai dari surat BPS.")
        return
    parts = [f"IPS {format_id(result.ips)}"] if result.ips is not None else []
    parts += [f"domain {code} {format_id(value)}" for code, value in sorted(result.domains.items())]
    parts += [f"aspek {code} {format_id(value)}" for code, value in sorted(result.aspects.items())]
    click.echo(f"{a.label} menurut surat BPS: " + ", ".join(parts))
