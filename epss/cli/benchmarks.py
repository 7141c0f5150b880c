"""`epss acuan`: named reference lines for the IPS trend (a BPS target, an RB target, the
agency's RPJMD target), each with its source."""

from __future__ import annotations

import click

from epss.cli.base import Group
from epss.cli.common import dumps, open_workspace


@click.group("acuan", cls=Group, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def acuan_group(ctx: click.Context, as_json: bool) -> None:
    """Acuan IPS (target) yang ditampilkan di samping tren; tanpa subperintah: daftarnya."""
    if ctx.invoked_subcommand is not None:
        return
    from epss.services import benchmarks

    items = benchmarks.load(open_workspace(ctx))
    if as_json:
        click.echo(dumps([{"name": b.name, "value": str(b.value), "source": b.source}
                          for b in items]))
        return
    if not items:
        click.echo("Belum ada acuan. Tambahkan mis. `epss acuan add \"Target BPS kab/kota\" "
                   "2,60 --source \"BPS 2024\"`.")
    for b in items:
        source = f" — {b.source}" if b.source else ""
        click.echo(f"{str(b.value).replace('.', ',')}  {b.name}{source}")


@acuan_group.command("add")
@click.argument("name", metavar="NAMA")
@click.argument("value", metavar="IPS")
@click.option("--source", default="", metavar="TEKS", help="Sumbernya (dokumen, tautan).")
@click.pass_context
def acuan_add(ctx: click.Context, name: str, value: str, source: str) -> None:
    """Tambah (atau ganti, nama sama) acuan IPS, mis. `RPJMD 2026` 2,75."""
    from epss.services import benchmarks

    b = benchmarks.add(open_workspace(ctx), name, value, source)
    click.echo(f"Acuan {b.name}: {str(b.value).replace('.', ',')}.")


@acuan_group.command("remove")
@click.argument("name", metavar="NAMA")
@click.pass_context
def acuan_remove(ctx: click.Context, name: str) -> None:
    """Hapus satu acuan (dicatat)."""
    from epss.services import benchmarks

    b = benchmarks.remove(open_workspace(ctx), name)
    click.echo(f"Acuan {b.name} dihapus.")
