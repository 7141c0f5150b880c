"""`epss assign`, `epss progress` and `epss proposals`: OPD coordination — who answers which
indicator by when, how far each OPD has come, and what an OPD's request sheet proposed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from epss.cli.base import Command, Group, fail
from epss.cli.common import dumps, open_workspace, year_kind
from epss.core.validate import is_row_id

if TYPE_CHECKING:
    from epss.services.workspace import Workspace


@click.command("assign", cls=Command)
@click.argument("code", metavar="KODE")
@click.option("--opd", metavar="NAMA", help="OPD yang menjawab indikator ini.")
@click.option("--pic", default="", metavar="NAMA", help="Penanggung jawab (orang) di OPD itu.")
@click.option("--due", metavar="TTTT-BB-HH", help="Tenggat, mis. 2026-06-30.")
@click.option("--kegiatan", "kegiatan_id", type=int, metavar="ID",
              help="Hanya bagian satu kegiatan terpilih (ID dari `epss kegiatan list`).")
@click.option("--clear", is_flag=True,
              help="Hapus penugasan (dengan --kegiatan: hanya bagian kegiatan itu).")
@year_kind
@click.pass_context
def assign(ctx: click.Context, code: str, opd: str | None, pic: str, due: str | None,
           kegiatan_id: int | None, clear: bool, year: int | None, kind: str) -> None:
    """Tugaskan satu indikator (atau bagian satu kegiatan terpilih darinya) ke OPD, dengan PIC
    dan tenggat; penugasan yang sama diganti. Dicatat."""
    if clear and (opd is not None or pic or due is not None):
        fail("--clear tidak bisa digabung dengan --opd, --pic atau --due")
    if not clear and opd is None:
        fail("sebutkan --opd NAMA (atau --clear untuk menghapus penugasan)")
    if kegiatan_id is not None and not is_row_id(kegiatan_id):
        fail(f"kegiatan #{kegiatan_id} tidak ada")
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    if clear:
        removed = ws.coordination.clear(a.id, code, kegiatan_id)
        click.echo(f"Penugasan {code} dihapus: "
                   + "; ".join(_share(ws, r.kegiatan_id) + f" ({r.opd})" for r in removed))
        return
    assert opd is not None
    done = ws.coordination.assign(a.id, code, opd=opd, pic=pic, due=due,
                                  kegiatan_id=kegiatan_id)
    extra = "".join([f", PIC {done.pic}" if done.pic else "",
                     f", tenggat {done.due.isoformat()}" if done.due else ""])
    click.echo(f"{code} ({_share(ws, done.kegiatan_id)}) ditugaskan ke {done.opd}{extra} — "
               f"{a.label}")


def _share(ws: Workspace, kegiatan_id: int | None) -> str:
    return "seluruh indikator" if kegiatan_id is None else ws.sampling.kegiatan_label(kegiatan_id)


@click.command("progress", cls=Command)
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.option("--today", metavar="TTTT-BB-HH",
              help="Tanggal acuan untuk keterlambatan (bawaan: hari ini).")
@year_kind
@click.pass_context
def progress(ctx: click.Context, as_json: bool, today: str | None, year: int | None,
             kind: str) -> None:
    """Kemajuan tiap OPD: indikator ditugaskan, terjawab, berbukti, temuan, terlambat, dan
    zona (hijau ≥ 90 %, kuning 50–89 %, merah < 50 % dari yang terjawab dan berbukti)."""
    from epss.services.coordination import parse_date

    day = parse_date(today, "tanggal acuan") if today is not None else None
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    rows = ws.coordination.progress(a.id, day)
    if as_json:
        click.echo(dumps([{
            "opd": r.opd, "assigned": r.assigned, "answered": r.answered,
            "evidenced": r.evidenced, "done": r.done, "findings": r.findings,
            "overdue": r.overdue, "percent": float(r.percent), "percent_display": r.percent_text,
            "zone": r.zone,
            "items": [{"indicator": i.assignment.indicator, "kegiatan": i.assignment.kegiatan_id,
                       "pic": i.assignment.pic,
                       "due": i.assignment.due.isoformat() if i.assignment.due else None,
                       "answered": i.answered, "evidenced": i.evidenced,
                       "overdue": i.overdue, "findings": i.findings} for i in r.items],
        } for r in rows]))
        return
    if not rows:
        click.echo(f"Belum ada indikator yang ditugaskan pada {a.label}. Tugaskan dengan "
                   "`epss assign KODE --opd NAMA`.")
        return
    click.echo(f"Kemajuan OPD — {a.label}")
    for r in rows:
        click.echo(f"{r.opd}: {r.zone.upper()} {r.percent_text} % — {r.assigned} ditugaskan, "
                   f"{r.answered} terjawab, {r.evidenced} berbukti, {r.findings} temuan, "
                   f"{r.overdue} terlambat")
        for i in r.items:
            if i.overdue:
                due = i.assignment.due.isoformat() if i.assignment.due else ""
                who = f", PIC {i.assignment.pic}" if i.assignment.pic else ""
                click.echo(f"  terlambat: {i.assignment.indicator} "
                           f"({_share(ws, i.assignment.kegiatan_id)}), tenggat {due}{who}")


@click.group("proposals", cls=Group, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@year_kind
@click.pass_context
def proposals_group(ctx: click.Context, as_json: bool, year: int | None, kind: str) -> None:
    """Usulan tingkat dan penjelasan dari lembar permintaan OPD yang diimpor; tanpa
    subperintah: daftarnya, berdampingan dengan yang tersimpan."""
    if ctx.invoked_subcommand is not None:
        return
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    found = ws.coordination.proposals(a.id)
    if as_json:
        click.echo(dumps([{"indicator": p.indicator, "level": p.level,
                           "explanation": p.explanation, "source": p.source,
                           "created_at": p.created_at, "saved_level": p.saved_level,
                           "saved_explanation": p.saved_explanation} for p in found]))
        return
    if not found:
        click.echo(f"Tidak ada usulan pada {a.label}.")
        return
    for p in found:
        click.echo(f"{p.indicator} (dari {p.source}):")
        if p.level_changed:
            click.echo(f"  tingkat: {p.saved_level or '-'} -> {p.level or '-'}")
        if p.explanation_changed:
            click.echo(f"  - penjelasan tersimpan: {p.saved_explanation or '(kosong)'}")
            click.echo(f"  + penjelasan usulan:    {p.explanation or '(kosong)'}")
    click.echo(f"{len(found)} usulan. Terima dengan `epss proposals accept KODE`, tolak dengan "
               "`epss proposals reject KODE`.")


@proposals_group.command("accept")
@click.argument("code", metavar="KODE")
@year_kind
@click.pass_context
def proposals_accept(ctx: click.Context, code: str, year: int | None, kind: str) -> None:
    """Terima usulan satu indikator: tingkat dan penjelasannya disimpan (dicatat)."""
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    answer = ws.coordination.accept(a.id, code)
    click.echo(f"Usulan {code} diterima: tingkat {answer.level or '-'} — {a.label}")


@proposals_group.command("reject")
@click.argument("code", metavar="KODE")
@year_kind
@click.pass_context
def proposals_reject(ctx: click.Context, code: str, year: int | None, kind: str) -> None:
    """Tolak usulan satu indikator; jawaban tersimpan tetap (dicatat)."""
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    ws.coordination.reject(a.id, code)
    click.echo(f"Usulan {code} ditolak; jawaban tersimpan tetap — {a.label}")
