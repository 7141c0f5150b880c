"""`epss daftar-data`: the agency's data list per OPD, the portal listing, matches and the recap.

Argument parsing and printing only; every action is a ``DaftarData`` call
(epss/services/daftar_data/).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from epss.cli.base import Group, fail
from epss.cli.common import KINDS, dumps, open_workspace, output_path

if TYPE_CHECKING:
    from epss.services.daftar_data import DaftarData, ImportResult

date_option = click.option(
    "--date", "on", metavar="YYYY-MM-DD",
    help="Tanggal acuan untuk status mutakhir/terlambat (bawaan: hari ini).")
json_option = click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")


@click.group("daftar-data", cls=Group)
def daftar_data_group() -> None:
    """Daftar data: pemenuhan data tiap OPD di portal, zona hijau/kuning/merah, rekap."""


def _desk(ctx: click.Context) -> DaftarData:
    from epss.services.daftar_data import DaftarData

    return DaftarData(open_workspace(ctx))


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--date {text!r}: tulis tanggal sebagai YYYY-MM-DD, mis. 2025-03-10")


def _listed(ids: list[str], limit: int = 10) -> str:
    more = f" dan {len(ids) - limit} lagi" if len(ids) > limit else ""
    return ", ".join(ids[:limit]) + more


def _print_import(result: ImportResult, what: str, as_json: bool) -> None:
    if as_json:
        click.echo(dumps({"total": result.total, "added": result.added,
                          "changed": result.changed, "removed": result.removed,
                          "matched": result.matched, "uncertain": result.uncertain}))
        return
    click.echo(f"{result.total} {what} diimpor: {len(result.added)} baru, "
               f"{len(result.changed)} berubah, {len(result.removed)} dihapus.")
    for label, ids in (("Baru", result.added), ("Berubah", result.changed),
                       ("Dihapus", result.removed)):
        if ids:
            click.echo(f"  {label}: {_listed(ids)}")
    click.echo(f"Cocok dengan portal: {result.matched} item; {result.uncertain} perlu "
               "dikonfirmasi (`epss daftar-data match`).")


@daftar_data_group.command("import")
@click.argument("file", type=click.Path(path_type=Path), metavar="BERKAS")
@click.option("--portal", is_flag=True,
              help="Berkas adalah daftar dataset portal (CSV/XLSX, atau JSON CKAN "
                   "package_search/package_list), bukan daftar data.")
@click.option("--map", "mapping", multiple=True, metavar="KOLOM=JUDUL",
              help='Petakan judul kolom berkas, mis. --map "Nama Data=Judul" (boleh berulang).')
@click.option("--sheet", metavar="NAMA", help="Lembar XLSX yang dibaca (bawaan: yang pertama).")
@json_option
@click.pass_context
def dd_import(ctx: click.Context, file: Path, portal: bool, mapping: tuple[str, ...],
              sheet: str | None, as_json: bool) -> None:
    """Impor daftar data (Format Daftar Data Daerah, atau CSV/XLSX lain dengan --map) atau
    daftar dataset portal (--portal); semua baris atau tidak sama sekali."""
    desk = _desk(ctx)
    if portal:
        _print_import(desk.import_portal(file, mapping=mapping, sheet=sheet), "dataset portal",
                      as_json)
    else:
        _print_import(desk.import_items(file, mapping=mapping, sheet=sheet), "item daftar data",
                      as_json)


@daftar_data_group.command("match")
@json_option
@click.pass_context
def dd_match(ctx: click.Context, as_json: bool) -> None:
    """Hasil pencocokan item dengan dataset portal; kecocokan judul yang ragu untuk
    dikonfirmasi."""
    desk = _desk(ctx)
    matches = desk.matches()
    uncertain = desk.uncertain()
    counts: dict[str, int] = {}
    for m in matches.values():
        if m.state in ("auto", "confirmed"):
            counts[m.method] = counts.get(m.method, 0) + 1
    if as_json:
        click.echo(dumps({"by_method": counts,
                          "uncertain": [{"item": i.id, "nama_data": i.nama_data,
                                         "dataset": d.id, "title": d.title, "score": m.score}
                                        for i, d, m in uncertain]}))
        return
    from epss.core.daftar_data import METHOD_LABELS

    items = len(desk.items())
    click.echo(f"{sum(counts.values())} dari {items} item cocok dengan dataset portal: " + (
        ", ".join(f"{n} lewat {METHOD_LABELS[k]}" for k, n in sorted(counts.items()))
        or "belum ada"))
    if not uncertain:
        click.echo("Tidak ada kecocokan yang perlu dikonfirmasi.")
        return
    click.echo(f"{len(uncertain)} kecocokan judul perlu dikonfirmasi "
               "(`epss daftar-data confirm ID` atau `--reject`):")
    for i, d, m in uncertain:
        click.echo(f"  {i.id}  {i.nama_data}\n      ≈ {d.id}: {d.title}  (skor {m.score})")


@daftar_data_group.command("confirm")
@click.argument("item_id", metavar="ID")
@click.option("--dataset", metavar="ID_DATASET",
              help="Cocokkan dengan dataset ini (bawaan: usulan pencocokan).")
@click.option("--reject", is_flag=True, help="Tolak kecocokan item ini (tidak dihitung terpenuhi).")
@click.pass_context
def dd_confirm(ctx: click.Context, item_id: str, dataset: str | None, reject: bool) -> None:
    """Konfirmasi (atau tolak dengan --reject) kecocokan satu item dengan dataset portal."""
    if reject and dataset:
        fail("pakai --dataset atau --reject, tidak keduanya")
    desk = _desk(ctx)
    if reject:
        m = desk.reject(item_id)
        click.echo(f"Kecocokan {m.item_id} ≈ {m.dataset_id} ditolak.")
    else:
        m = desk.confirm(item_id, dataset)
        click.echo(f"{m.item_id} dikonfirmasi cocok dengan dataset {m.dataset_id}.")


@daftar_data_group.command("status")
@date_option
@click.option("--opd", metavar="NAMA", help="Rincian item satu OPD (nama atau sebagian).")
@click.option("--by", type=click.Choice(["opd", "sektor"]), default="opd", show_default=True,
              help="Kelompokkan per OPD atau per sektor.")
@json_option
@click.pass_context
def dd_status(ctx: click.Context, on: str | None, opd: str | None, by: str,
              as_json: bool) -> None:
    """Pemenuhan per OPD atau sektor dengan zona (hijau ≥ 90 %, kuning 50–89 %, merah < 50 %)
    dan item terlambat."""
    from epss.core.daftar_data import STATUS_LABELS, percent_text
    from epss.services.daftar_data import summary

    desk = _desk(ctx)
    recap = desk.recap(_date(on))
    if not recap.rows:
        fail("belum ada daftar data; impor dengan `epss daftar-data import BERKAS`")
    chosen = recap.find_opd(opd) if opd else None
    if as_json:
        data = summary(recap)
        if chosen is not None:
            data["items"] = [{"id": r.item.id, "nama_data": r.item.nama_data,
                              "status": r.status, "dataset": r.dataset.id if r.dataset else None,
                              "due": r.due.isoformat() if r.due else None,
                              "metadata": r.metadata} for r in chosen.statuses]
        click.echo(dumps(data))
        return
    t = recap.total
    click.echo(f"Tanggal acuan {recap.today.isoformat()}: {t.fulfilled}/{t.items} item di portal "
               f"= {percent_text(t.percent)} % (zona {t.zone}); {t.overdue} terlambat; "
               f"{recap.datasets} dataset portal.")
    if recap.uncertain:
        click.echo(f"{recap.uncertain} kecocokan judul belum dikonfirmasi (belum dihitung).")
    rows = recap.sectors if by == "sektor" else recap.opd
    if by == "sektor" and not rows:
        click.echo("Daftar data ini tidak punya kolom Sektor.")
    title = "Sektor" if by == "sektor" else "OPD"
    click.echo(f"{title:<36} {'item':>5} {'portal':>6} {'telat':>5} {'%':>6}  zona")
    for g in rows:
        click.echo(f"{g.name[:36]:<36} {g.items:>5} {g.fulfilled:>6} {g.overdue:>5} "
                   f"{percent_text(g.percent):>6}  {g.zone.upper()}")
    if chosen is not None:
        click.echo(f"\n{chosen.name}:")
        for r in chosen.statuses:
            due = f" (jatuh tempo {r.due.isoformat()})" if r.due else ""
            click.echo(f"  {r.item.id:<12} {STATUS_LABELS[r.status]:<14} "
                       f"{r.item.nama_data}{due}")


@daftar_data_group.command("report")
@click.option("--format", "fmt", type=click.Choice(["pdf", "xlsx"]), default="pdf",
              show_default=True, help="PDF untuk dikirim, atau XLSX dengan satu lembar per OPD.")
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="BERKAS",
              help="Berkas atau folder keluaran (bawaan: WORKSPACE/reports/, atau "
                   "~/epss-laporan/<folder>/ bila workspace baca saja).")
@click.option("--opd", metavar="NAMA", help="Rekap satu OPD saja (nama atau sebagian).")
@date_option
@click.option("--attach", is_flag=True,
              help="Lampirkan rekap PDF sebagai bukti dukung pada indikator (bawaan 20401, 40302).")
@click.option("--indicator", "indicators", multiple=True, metavar="KODE",
              help="Indikator untuk --attach (boleh berulang).")
@click.option("--year", type=int, metavar="TAHUN",
              help="Tahun penilaian untuk --attach (bawaan: yang terbaru).")
@click.option("--kind", default="mandiri", show_default=True, type=click.Choice(KINDS),
              help="Jenis penilaian untuk --attach.")
@click.pass_context
def dd_report(ctx: click.Context, fmt: str, output: Path | None, opd: str | None,
              on: str | None, attach: bool, indicators: tuple[str, ...], year: int | None,
              kind: str) -> None:
    """Rekap pemenuhan per OPD sebagai PDF atau XLSX; --attach melampirkannya sebagai bukti."""
    from epss.services.daftar_data import ATTACH_TO

    if attach and fmt != "pdf":
        fail("--attach hanya untuk rekap PDF")
    if indicators and not attach:
        fail("--indicator hanya bersama --attach")
    desk = _desk(ctx)
    ws = desk.ws
    today = _date(on)
    assessment = ws.assessment(year, kind) if attach else None  # refused before writing
    if assessment is not None:
        desk.check_attach(assessment.id, indicators or ATTACH_TO)
    if not desk.items():
        fail("belum ada daftar data; impor dengan `epss daftar-data import BERKAS`")
    stem = "rekap-daftar-data" + (f"-{_safe(opd)}" if opd else "")
    target = output_path(output, ws.reports_folder / f"{stem}.{fmt}", f".{fmt}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        desk.write_pdf(target, today=today, opd=opd)
    else:
        desk.write_xlsx(target, today=today, opd=opd)
    click.echo(f"Rekap ditulis ke {target}")
    if assessment is not None:
        codes = indicators or ATTACH_TO
        desk.attach(assessment.id, target, codes)
        click.echo(f"Dilampirkan sebagai bukti dukung pada {', '.join(codes)} "
                   f"({assessment.label}).")


def _safe(name: str) -> str:
    import re

    return re.sub(r"[^0-9a-z]+", "-", name.casefold()).strip("-")[:40] or "opd"
