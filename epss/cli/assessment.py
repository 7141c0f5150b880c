"""`epss assessment`, `answer` and `score`: the assessments of a workspace, their answers and
their scores.

`epss assessment reported` lives with the comparisons it feeds (epss/cli/history.py); the
package (epss/cli/__init__.py) adds it to this group.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from epss.cli.base import Command, Group, fail
from epss.cli.common import (
    KIND_HELP,
    KINDS,
    dumps,
    open_workspace,
    print_scorecard,
    year_kind,
)

if TYPE_CHECKING:
    from epss.core.history import ShownIps
    from epss.core.model import ReportedIndices
    from epss.core.scoring import Scorecard
    from epss.services.workspace import OverviewRow


@click.group("assessment", cls=Group)
def assessment_group() -> None:
    """Kelola penilaian (satu instansi, satu tahun, satu jenis)."""


@assessment_group.command("new")
@click.option("--year", required=True, type=int, metavar="TAHUN", help="Tahun penilaian.")
@click.option("--kind", default="mandiri", show_default=True, type=click.Choice(KINDS),
              help=KIND_HELP)
@click.option("--from-year", type=int, metavar="TAHUN",
              help="Mulai dari jawaban dan bukti tahun itu.")
@click.option("--title", default="", help="Judul (boleh kosong).")
@click.option("--keep-kegiatan", is_flag=True,
              help="Dengan --from-year: bawa juga kegiatan terpilih dan tanda kegiatan pada "
                   "bukti (hanya bila BPS memilih sampel yang sama).")
@click.pass_context
def assessment_new(ctx: click.Context, year: int, kind: str, from_year: int | None,
                   title: str, keep_kegiatan: bool) -> None:
    """Buat penilaian, kosong atau disalin dari tahun sebelumnya."""
    ws = open_workspace(ctx)
    a = ws.new_assessment(year, kind, from_year=from_year, title=title,
                          keep_kegiatan=keep_kegiatan)
    carried = f", disalin dari {a.source_year}" if a.source_year else ""
    if keep_kegiatan:
        carried += f", {len(ws.sampling.kegiatan(a.id))} kegiatan terpilih dibawa"
    click.echo(f"Penilaian {a.kind} {a.year} dibuat (#{a.id}{carried}).")


@assessment_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def assessment_list(ctx: click.Context, as_json: bool) -> None:
    """Daftar penilaian di workspace beserta skornya."""
    rows = open_workspace(ctx).overview()
    if as_json:
        click.echo(dumps([_overview_json(row) for row in rows]))
        return
    if not rows:
        click.echo("Belum ada penilaian.")
    for row in rows:
        a, card = row.assessment, row.card
        click.echo(f"#{a.id:<3} {a.year} {a.kind:<8} {a.status:<9} {_shown_ips(row.ips)}  "
                   f"terisi {card.answered}/{card.total}")


def _overview_json(row: OverviewRow) -> dict[str, Any]:
    a, card = row.assessment, row.card
    return {"id": a.id, "year": a.year, "kind": a.kind, "status": a.status, "title": a.title,
            **_shown_json(row.ips), "answered": card.answered, "total": card.total}


def _shown_json(shown: ShownIps) -> dict[str, Any]:
    """The IPS an assessment is shown with, for scripts: ``None`` throughout when it has none
    (no level and no BPS letter), never an invented 1,00."""
    known = shown.value is not None
    return {"ips": float(shown.value) if shown.value is not None else None,
            "ips_display": shown.display if known else None, "predikat": shown.predikat,
            "provisional": shown.provisional, "source": shown.source}


def _shown_ips(shown: ShownIps) -> str:
    if shown.value is None:
        return "IPS – (belum ada tingkat maupun surat BPS)"
    mark = (" (dari surat BPS)" if shown.source == "reported"
            else " (sementara)" if shown.provisional else "")
    return f"IPS {shown.display} {shown.predikat}{mark}"


@assessment_group.command("final")
@year_kind
@click.pass_context
def assessment_final(ctx: click.Context, year: int | None, kind: str) -> None:
    """Kunci penilaian (status final): jawaban dan buktinya tidak bisa diubah lagi."""
    _set_status(ctx, year, kind, "final")


@assessment_group.command("draft")
@year_kind
@click.pass_context
def assessment_draft(ctx: click.Context, year: int | None, kind: str) -> None:
    """Buka lagi penilaian yang final (status draft) supaya bisa diubah."""
    _set_status(ctx, year, kind, "draft")


_STATUS_NOTE = {
    "final": "jawaban dan buktinya tidak bisa diubah (buka lagi dengan `epss assessment draft`)",
    "draft": "jawaban dan buktinya bisa diubah lagi",
}


def _set_status(ctx: click.Context, year: int | None, kind: str, status: str) -> None:
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    if a.status == status:
        click.echo(f"{a.label} sudah berstatus {status}; tidak ada yang berubah.")
        return
    a = ws.set_status(a.id, status)
    click.echo(f"{a.label} sekarang berstatus {status}: {_STATUS_NOTE[status]}.")


@assessment_group.command("delete")
@click.option("--year", required=True, type=int, metavar="TAHUN",
              help="Tahun penilaian yang dihapus.")
@click.option("--kind", default="mandiri", show_default=True, type=click.Choice(KINDS),
              help=KIND_HELP)
@click.option("--yes", is_flag=True,
              help="Hapus tanpa bertanya (wajib bila masukan bukan terminal).")
@click.pass_context
def assessment_delete(ctx: click.Context, year: int, kind: str, yes: bool) -> None:
    """Hapus satu penilaian beserta jawabannya.

    Isinya tetap tercatat di log audit, dan berkas bukti tetap di brankas.
    """
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    what = f"{a.label} ({len(ws.answers(a.id))} jawaban, {len(ws.evidence(a.id))} bukti)"
    if not yes:
        if not stdin_is_terminal():
            fail(f"{what} tidak dihapus: tambahkan --yes untuk menghapus tanpa bertanya")
        if not _confirm(f"Hapus {what}?"):
            click.echo("Tidak jadi; tidak ada yang dihapus.")
            return
    ws.delete_assessment(a.id)
    click.echo(f"{what} dihapus. Isinya tercatat di log audit; berkas bukti tetap di brankas "
               "(`epss evidence prune` mendaftar yang tidak dipakai lagi).")


def stdin_is_terminal() -> bool:
    """Whether a question can be asked (the tests replace this to answer one)."""
    return sys.stdin.isatty()


def _confirm(question: str) -> bool:
    """Ask on the terminal; only "y" or "ya" says yes (Enter, anything else: no)."""
    try:
        reply = click.prompt(f"{question} [y/T]", default="", show_default=False,
                             prompt_suffix=" ", err=True)
    except click.Abort:  # Ctrl-C or Ctrl-D: end the prompt's line before "Dibatalkan."
        click.echo(err=True)
        raise
    return str(reply).strip().lower() in {"y", "ya"}


# -- answers ----------------------------------------------------------------------------------

@click.command("answer", cls=Command)
@click.argument("code", metavar="KODE")
@click.option("--level", type=str, metavar="1-5|none",
              help="Tingkat kematangan 1-5, atau 'none' untuk mengosongkannya.")
@click.option("--explanation", help="Penjelasan (menggantikan yang sekarang).")
@year_kind
@click.pass_context
def answer(ctx: click.Context, code: str, level: str | None, explanation: str | None,
           year: int | None, kind: str) -> None:
    """Isi tingkat dan/atau penjelasan satu indikator.

    KODE adalah kode indikator, mis. 10101 (lihat `epss catalog`).
    """
    if level is None and explanation is None:
        fail("berikan --level dan/atau --explanation")
    changes: dict[str, Any] = {}
    if level is not None:
        if level.strip().lower() == "none":
            changes["clear_level"] = True
        else:
            changes["level"] = _level(level)
    if explanation is not None:
        changes["explanation"] = explanation
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    ans = ws.set_answer(a.id, code, **changes)
    card = ws.scorecard(a.id)
    lvl = ans.level if ans.level is not None else "-"
    click.echo(f"{code}: tingkat {lvl}. IPS {a.kind} {a.year}: {card.ips_display} "
               f"{card.predikat}{' (sementara)' if card.provisional else ''}")


def _level(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 5:
        fail(f"--level harus bilangan bulat 1-5 atau 'none', bukan {text[:40]!r}")
    return number


# -- scoring --------------------------------------------------------------------------------

@click.command("score", cls=Command)
@click.option("--answers", "answers_file", type=click.Path(path_type=Path),
              metavar="BERKAS.json",
              help='Hitung skor berkas JSON {"10101": 3, ...} tanpa workspace.')
@year_kind
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def score(ctx: click.Context, answers_file: Path | None, year: int | None, kind: str,
          as_json: bool) -> None:
    """Hitung skor penilaian: indeks aspek, domain, dan IPS serta predikatnya."""
    from epss.core.catalog import load_catalog
    from epss.core.scoring import score as score_answers
    from epss.core.scoring import validate_answers

    if answers_file is not None:
        raw = _read_json(answers_file)
        cat = load_catalog()
        card = score_answers(cat, validate_answers(raw, cat))
        title = str(answers_file)
    else:
        ws = open_workspace(ctx)
        a = ws.assessment(year, kind)
        card = ws.scorecard(a.id)
        title = f"{ws.agency.name} — {a.label}"
        reported = ws.reported_indices(a.id)
        if not reported.empty:  # a BPS letter: the shown IPS may be the letter's
            shown = ws.shown_ips(a.id)
            if as_json:
                data = {**scorecard_json(card), "source": "scored", "reported": {
                    k: float(v) for k, v in reported.as_text().items()}}
                if shown.source != "scored":  # the letter's IPS, or none: as `list` shows it
                    data.update(_shown_json(shown))
                click.echo(dumps(data))
                return
            if shown.source != "scored":
                _print_reported(card, shown, reported, title)
                return
    if as_json:
        click.echo(dumps(scorecard_json(card)))
    else:
        print_scorecard(card, title)


def _print_reported(card: Scorecard, shown: ShownIps, reported: ReportedIndices,
                    title: str) -> None:
    from epss.core.scoring import format_id

    click.echo(title)
    if card.answered:
        click.echo(f"Hasil BPS dicatat dari suratnya; tingkat indikator baru terisi "
                   f"{card.answered}/{card.total}:")
    else:
        click.echo("Hasil BPS dicatat dari suratnya (tanpa tingkat per indikator):")
    if shown.value is not None:
        click.echo(f"IPS {shown.display} — {shown.predikat}")
    for code, value in sorted(reported.domains.items()):
        click.echo(f"  domain {code}: {format_id(value)}")
    for code, value in sorted(reported.aspects.items()):
        click.echo(f"  aspek {code}: {format_id(value)}")


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"{path}: berkas tidak ada")
    except IsADirectoryError:
        fail(f"{path}: ini folder, bukan berkas")
    except UnicodeDecodeError:
        fail(f"{path}: tidak bisa dibaca: bukan teks UTF-8")
    except OSError as exc:
        from epss.core.errors import os_error_text

        fail(f"{path}: tidak bisa dibaca: {os_error_text(exc)}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{path}: JSON tidak sah di baris {exc.lineno} kolom {exc.colno}")
    except RecursionError:
        fail(f"{path}: JSON bersarang terlalu dalam")


def scorecard_json(card: Scorecard) -> dict[str, Any]:
    return {
        "edition": card.edition,
        "ips": float(card.ips),
        "ips_display": card.ips_display,
        "ips_ceiling": float(card.ips_ceiling),
        "predikat": card.predikat,
        "provisional": card.provisional,
        "answered": card.answered,
        "total": card.total,
        "domains": [
            {"code": d.code, "name": d.name, "weight": float(d.weight), "index": float(d.index)}
            for d in card.domains
        ],
        "aspects": [
            {"code": a.code, "name": a.name, "weight": float(a.weight), "index": float(a.index)}
            for a in card.aspects
        ],
        "indicators": [
            {"code": i.code, "level": i.level, "effective_weight": float(i.effective_weight)}
            for i in card.indicators
        ],
    }
