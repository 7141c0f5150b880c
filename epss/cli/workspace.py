"""`epss demo`, `init`, `catalog`, `setting` and `doctor`: the workspace itself and the catalog
it scores against."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from epss.cli.base import Command, fail
from epss.cli.common import dumps, open_workspace, print_scorecard, run_tui

if TYPE_CHECKING:
    from epss.core.catalog import Catalog
    from epss.services.workspace import Workspace


@click.command(cls=Command)
@click.argument("directory", required=False, type=click.Path(path_type=Path),
                metavar="[FOLDER]")
@click.option("--no-tui", is_flag=True, help="Hanya buat workspace dan cetak skornya.")
@click.option("--committee", is_flag=True,
              help="Workspace komite: satu lomba dengan 14 peserta fiktif.")
@click.pass_context
def demo(ctx: click.Context, directory: Path | None, no_tui: bool, committee: bool) -> None:
    """Buat workspace demo (Kota Contoh fiktif, 2023 dan 2024) lalu buka."""
    from epss.services.workspace import DB_NAME, Workspace

    default = "epss-demo-komite" if committee else "epss-demo"
    target: Path = directory or ctx.obj.get("workspace") or Path(default)
    ws: Workspace
    if (target / DB_NAME).exists():
        ws = Workspace.open(target)
        click.echo(f"Membuka workspace demo yang sudah ada: {target}")
    else:
        if target.exists() and any(target.iterdir()):
            fail(f"{target} sudah ada dan tidak kosong; pilih folder lain")
        if committee:
            from epss.demo.committee import build_committee_demo

            ws = build_committee_demo(target)
        else:
            from epss.demo import build_demo

            ws = build_demo(target)
        click.echo(f"Workspace demo dibuat: {target}")
    ctx.call_on_close(ws.close)
    if no_tui and ws.committee.awards() and not ws.assessments():
        award = ws.committee.award()
        click.echo(f"{award.label}: {len(ws.committee.entrants(award))} peserta; "
                   f"lihat `epss -w {target} award rank`.")
    elif no_tui:
        print_scorecard(ws.scorecard(ws.assessment().id), ws.assessment().label)
    else:
        run_tui(ws)


@click.command(cls=Command)
@click.argument("directory", required=False, type=click.Path(path_type=Path),
                metavar="[FOLDER]")
@click.option("--agency", "name", required=True, help="Nama instansi, mis. 'Kota Blitar'.")
@click.option("--kind", required=True,
              type=click.Choice(["provinsi", "kabupaten", "kota", "kementerian", "lembaga"]),
              help="Jenis instansi.")
@click.option("--code", required=True, help="Kode wilayah BPS (35, 3572) atau kode K/L (3 angka).")
@click.pass_context
def init(ctx: click.Context, directory: Path | None, name: str, kind: str, code: str) -> None:
    """Buat workspace untuk satu instansi."""
    from epss.services.workspace import Workspace, default_dir

    root = directory or default_dir(ctx.obj.get("workspace"))
    with Workspace.create(root, name=name, kind=kind, code=code) as ws:
        click.echo(f"Workspace dibuat di {root} untuk {ws.agency.name}.")


@click.command(cls=Command)
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
def catalog(as_json: bool) -> None:
    """Tampilkan katalog EPSS: domain, aspek, indikator, dan bobotnya."""
    from epss.core.catalog import load_catalog
    from epss.core.scoring import format_id

    cat = load_catalog()
    if as_json:
        click.echo(dumps(catalog_json(cat)))
        return
    click.echo(f"Edisi {cat.edition.id}: {cat.edition.title}")
    click.echo("Bobot: % dalam induk; [bobot efektif % IPS]; * = bobot disimpulkan, belum resmi")
    for dom in cat.domains:
        star = "*" if dom.weight_confidence != "confirmed" else ""
        click.echo(f"\n{dom.code} {dom.name} — {dom.weight}%{star}")
        for asp in dom.aspects:
            star = "*" if asp.weight_confidence != "confirmed" else ""
            click.echo(f"  {asp.code} {asp.name} — {asp.weight}%{star}")
            for ind in asp.indicators:
                star = "*" if ind.weight_confidence != "confirmed" else ""
                eff = format_id(cat.effective_weight(ind.code), 4)
                click.echo(f"    {ind.code} {ind.name} — {ind.weight}%{star} [{eff}]")


def catalog_json(cat: Catalog) -> dict[str, Any]:
    def num(value: Any) -> float | int:
        return int(value) if value == int(value) else float(value)

    return {
        "edition": cat.edition.id,
        "domains": [
            {
                "code": dom.code, "name": dom.name, "weight": num(dom.weight),
                "weight_confidence": dom.weight_confidence,
                "aspects": [
                    {
                        "code": asp.code, "name": asp.name, "weight": num(asp.weight),
                        "weight_confidence": asp.weight_confidence,
                        "indicators": [
                            {
                                "code": ind.code, "name": ind.name, "weight": num(ind.weight),
                                "weight_confidence": ind.weight_confidence,
                                "effective_weight": float(cat.effective_weight(ind.code)),
                                "general": ind.general,
                                "description": ind.description,
                                "levels": {str(k): v for k, v in ind.levels.items()},
                                "evidence": {str(k): v for k, v in ind.evidence.items()},
                            }
                            for ind in asp.indicators
                        ],
                    }
                    for asp in dom.aspects
                ],
            }
            for dom in cat.domains
        ],
    }


# a negative VALUE ("-1") is a value for the rule to refuse, not an unknown option
@click.command(cls=Command, context_settings={"ignore_unknown_options": True})
@click.argument("key", required=False, metavar="[KUNCI]")
@click.argument("value", required=False, metavar="[NILAI]")
@click.pass_context
def setting(ctx: click.Context, key: str | None, value: str | None) -> None:
    """Tampilkan atau ubah pengaturan workspace (mis. evidence_max_mib 50)."""
    from epss.services.workspace import SETTINGS

    ws = open_workspace(ctx)
    if key is None:
        for name, (_, about) in SETTINGS.items():
            click.echo(f"{name} = {ws.setting(name)}   # {about}")
        return
    if value is None:
        click.echo(ws.setting(key))
        return
    click.echo(f"{key} = {ws.set_setting(key, value)}")


@click.command(cls=Command)
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Periksa database, log audit, dan brankas bukti dukung (keluar 1 bila ada masalah)."""
    from epss.services.workspace import Workspace, default_dir

    problems = Workspace.diagnose(default_dir(ctx.obj.get("workspace")))
    if problems:
        for p in problems:
            click.echo(f"MASALAH: {p}", err=True)
        sys.exit(1)
    click.echo("Workspace sehat: database, log audit, dan bukti dukung utuh.")
