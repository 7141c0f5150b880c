"""The command line: argument parsing and printing only; every action is a workspace call.

Heavy modules (pydantic models, sqlite, textual) are imported inside the commands so that
``epss score --json`` in a script starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from epss.cli.base import VERSION_TEXT, WORKSPACE_HELP, Group, fail

# epss uses no pydantic plugins; skipping their entry-point scan saves ~25 ms of every start.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


class _Group(Group):
    """Turns the domain errors of any command into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: usage errors, --help, Ctrl-C (printed by Group.main)
        except Exception as exc:
            if _is_user_error(exc):
                fail(str(exc))
            if isinstance(exc, OSError):  # a disk or permission problem we did not foresee
                from epss.core.errors import os_error_text

                where = f" ({exc.filename})" if exc.filename else ""
                fail(f"{os_error_text(exc)}{where}; tidak ada yang diubah")
            if isinstance(exc, RecursionError):
                fail("masukan bersarang terlalu dalam untuk dibaca")
            if os.environ.get("EPSS_DEBUG"):
                raise
            fail(_unexpected(exc))


def _unexpected(exc: BaseException) -> str:
    """A defect of ours: the user gets one line and where the details went, never a traceback
    (set EPSS_DEBUG=1 to see it on the terminal instead)."""
    import traceback
    from datetime import datetime

    from platformdirs import user_log_dir

    saved = ""
    try:
        folder = Path(user_log_dir("epss", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"galat-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.txt"
        log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        saved = f"; rincian di {log}"
    except OSError:
        pass
    return (f"kesalahan tak terduga di epss ({type(exc).__name__}){saved}; mohon laporkan ke "
            "pengembang beserta berkas itu")


_USER_ERRORS = (("epss.core.errors", "WorkspaceError"), ("epss.core.scoring", "AnswersError"),
                ("epss.core.catalog", "CatalogError"), ("epss.core.planner", "PlanError"),
                ("reports.renderer", "ReportError"), ("epss.core.award", "RubricError"),
                ("epss.core.award", "AwardError"),
                ("epss.services.exchange.worksheet", "WorksheetError"),
                ("epss.services.exchange.schema", "SchemaError"), ("evidence.vault", "VaultError"),
                ("epss.fileio", "OutputError"))


def _is_user_error(exc: Exception) -> bool:
    """Checked against loaded modules only: importing them just to test would slow every
    command (an exception of a module never imported cannot be raised)."""
    return any(isinstance(exc, getattr(sys.modules[module], name))
               for module, name in _USER_ERRORS if module in sys.modules)


def _open(ctx: click.Context):
    from epss.services.workspace import Workspace, default_dir

    ws = Workspace.open(default_dir(ctx.obj.get("workspace")))
    ctx.call_on_close(ws.close)
    return ws


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@click.group("epss", cls=_Group, invoke_without_command=True)
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path),
              metavar="FOLDER", help=WORKSPACE_HELP)
@click.version_option(package_name="epss", message="%(prog)s versi %(version)s",
                      help=VERSION_TEXT)
@click.pass_context
def main(ctx: click.Context, workspace: Path | None) -> None:
    """epss: penilaian mandiri EPSS dan berkas Satu Data Award.

    Tanpa perintah, membuka antarmuka terminal pada workspace.
    """
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace
    if ctx.invoked_subcommand is None:
        _run_tui(_open(ctx))


def _run_tui(ws) -> None:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        fail("antarmuka terminal perlu terminal interaktif; lihat perintah lain di "
             "`epss --help`")
    from epss.tui.app import run

    run(ws)


# -- shared options ------------------------------------------------------------------------

_year_kind = [
    click.option("--year", type=int, metavar="TAHUN",
                 help="Tahun penilaian (bawaan: yang terbaru)."),
    click.option("--kind", default="mandiri", show_default=True,
                 type=click.Choice(["mandiri", "badan", "target"]),
                 help="Jenis penilaian: mandiri, badan (hasil BPS), atau target."),
]


def year_kind(fn):
    for option in reversed(_year_kind):
        fn = option(fn)
    return fn



def output_path(output: Path | None, default: Path, suffix: str) -> Path:
    """Where a written file goes (``-o`` file or folder, else ``default``); refuse what would
    surprise a user before anything is computed or written."""
    if output is None:
        return default
    if output.is_dir():
        return output / default.name
    if output.suffix.lower() != suffix:
        fail(f"{output}: nama berkas keluaran harus berakhiran {suffix}")
    if not output.parent.exists():
        fail(f"{output.parent}: folder tidak ada")
    return output


# -- demo / init ----------------------------------------------------------------------------

@main.command()
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
    target = directory or ctx.obj.get("workspace") or Path(default)
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
        _print_scorecard(ws.scorecard(ws.assessment().id), ws.assessment().label)
    else:
        _run_tui(ws)


@main.command()
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


# -- catalog --------------------------------------------------------------------------------

@main.command()
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
def catalog(as_json: bool) -> None:
    """Tampilkan katalog EPSS: domain, aspek, indikator, dan bobotnya."""
    from epss.core.catalog import load_catalog
    from epss.core.scoring import format_id

    cat = load_catalog()
    if as_json:
        click.echo(_dumps(catalog_json(cat)))
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


def catalog_json(cat) -> dict[str, Any]:
    def num(value) -> float | int:
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


# -- assessments and answers ----------------------------------------------------------------

@main.group()
def assessment() -> None:
    """Kelola penilaian (satu instansi, satu tahun, satu jenis)."""


@assessment.command("new")
@click.option("--year", required=True, type=int, metavar="TAHUN", help="Tahun penilaian.")
@click.option("--kind", default="mandiri", show_default=True,
              type=click.Choice(["mandiri", "badan", "target"]),
              help="Jenis penilaian: mandiri, badan (hasil BPS), atau target.")
@click.option("--from-year", type=int, metavar="TAHUN",
              help="Mulai dari jawaban dan bukti tahun itu.")
@click.option("--title", default="", help="Judul (boleh kosong).")
@click.pass_context
def assessment_new(ctx: click.Context, year: int, kind: str, from_year: int | None,
                   title: str) -> None:
    """Buat penilaian, kosong atau disalin dari tahun sebelumnya."""
    ws = _open(ctx)
    a = ws.new_assessment(year, kind, from_year=from_year, title=title)
    carried = f", disalin dari {a.source_year}" if a.source_year else ""
    click.echo(f"Penilaian {a.kind} {a.year} dibuat (#{a.id}{carried}).")


@assessment.command("list")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def assessment_list(ctx: click.Context, as_json: bool) -> None:
    """Daftar penilaian di workspace beserta skornya."""
    ws = _open(ctx)
    rows = []
    for a in ws.assessments():
        card = ws.scorecard(a.id)
        row = {
            "id": a.id, "year": a.year, "kind": a.kind, "status": a.status, "title": a.title,
            "ips": float(card.ips), "ips_display": card.ips_display, "predikat": card.predikat,
            "provisional": card.provisional, "answered": card.answered, "total": card.total,
            "source": "scored",
        }
        if a.kind == "badan" and card.answered == 0:
            row.update(_reported_row(ws, a.id))
        rows.append(row)
    if as_json:
        click.echo(_dumps(rows))
        return
    if not rows:
        click.echo("Belum ada penilaian.")
    for r in rows:
        mark = " (sementara)" if r["provisional"] else ""
        if r["source"] == "reported":
            mark = " (dari surat BPS)"
        click.echo(f"#{r['id']:<3} {r['year']} {r['kind']:<8} {r['status']:<9} "
                   f"IPS {r['ips_display']} {r['predikat']}{mark}  "
                   f"terisi {r['answered']}/{r['total']}")


def _reported_row(ws, assessment_id: int) -> dict[str, Any]:
    """A BPS result entered only as the letter's IPS: list it with that IPS, not as 1,00."""
    from epss.core.scoring import format_id, predikat_for

    reported = ws.reported_indices(assessment_id)
    if reported.ips is None:
        return {}
    return {"ips": float(reported.ips), "ips_display": format_id(reported.ips),
            "predikat": predikat_for(reported.ips, ws.catalog.edition), "provisional": False,
            "source": "reported"}


@assessment.command("final")
@year_kind
@click.pass_context
def assessment_final(ctx: click.Context, year: int | None, kind: str) -> None:
    """Kunci penilaian (status final): jawaban dan buktinya tidak bisa diubah lagi."""
    _set_status(ctx, year, kind, "final")


@assessment.command("draft")
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
    ws = _open(ctx)
    a = ws.assessment(year, kind)
    if a.status == status:
        click.echo(f"{a.label} sudah berstatus {status}; tidak ada yang berubah.")
        return
    a = ws.set_status(a.id, status)
    click.echo(f"{a.label} sekarang berstatus {status}: {_STATUS_NOTE[status]}.")


@assessment.command("delete")
@click.option("--year", required=True, type=int, metavar="TAHUN",
              help="Tahun penilaian yang dihapus.")
@click.option("--kind", default="mandiri", show_default=True,
              type=click.Choice(["mandiri", "badan", "target"]),
              help="Jenis penilaian: mandiri, badan (hasil BPS), atau target.")
@click.option("--yes", is_flag=True,
              help="Hapus tanpa bertanya (wajib bila masukan bukan terminal).")
@click.pass_context
def assessment_delete(ctx: click.Context, year: int, kind: str, yes: bool) -> None:
    """Hapus satu penilaian beserta jawabannya.

    Isinya tetap tercatat di log audit, dan berkas bukti tetap di brankas.
    """
    ws = _open(ctx)
    a = ws.assessment(year, kind)
    what = f"{a.label} ({len(ws.answers(a.id))} jawaban, {len(ws.evidence(a.id))} bukti)"
    if not yes:
        if not _stdin_is_terminal():
            fail(f"{what} tidak dihapus: tambahkan --yes untuk menghapus tanpa bertanya")
        if not _confirm(f"Hapus {what}?"):
            click.echo("Tidak jadi; tidak ada yang dihapus.")
            return
    ws.delete_assessment(a.id)
    click.echo(f"{what} dihapus. Isinya tercatat di log audit; berkas bukti tetap di brankas "
               "(`epss evidence prune` mendaftar yang tidak dipakai lagi).")


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _confirm(question: str) -> bool:
    """Ask on the terminal; only "y" or "ya" says yes (Enter, anything else: no)."""
    try:
        reply = click.prompt(f"{question} [y/T]", default="", show_default=False,
                             prompt_suffix=" ", err=True)
    except click.Abort:  # Ctrl-C or Ctrl-D: end the prompt's line before "Dibatalkan."
        click.echo(err=True)
        raise
    return reply.strip().lower() in {"y", "ya"}


@main.command()
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
    ws = _open(ctx)
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

@main.command("score")
@click.option("--answers", "answers_file", type=click.Path(path_type=Path),
              metavar="BERKAS.json",
              help='Hitung skor berkas JSON {"10101": 3, ...} tanpa workspace.')
@year_kind
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def score_cmd(ctx: click.Context, answers_file: Path | None, year: int | None, kind: str,
              as_json: bool) -> None:
    """Hitung skor penilaian: indeks aspek, domain, dan IPS serta predikatnya."""
    from epss.core.catalog import load_catalog
    from epss.core.scoring import score, validate_answers

    if answers_file is not None:
        raw = _read_json(answers_file)
        cat = load_catalog()
        card = score(cat, validate_answers(raw, cat))
        title = str(answers_file)
    else:
        ws = _open(ctx)
        a = ws.assessment(year, kind)
        card = ws.scorecard(a.id)
        title = f"{ws.agency.name} — {a.label}"
        reported = ws.reported_indices(a.id) if a.kind == "badan" else None
        if reported is not None and not reported.empty:
            if as_json:
                data = {**scorecard_json(card), "source": "scored", "reported": {
                    k: float(v) for k, v in reported.as_text().items()}}
                if card.answered == 0:  # the letter's IPS is the result, as `list` shows it
                    data.update(_reported_row(ws, a.id))
                click.echo(_dumps(data))
                return
            if card.answered == 0:
                _print_reported(reported, title)
                return
    if as_json:
        click.echo(_dumps(scorecard_json(card)))
    else:
        _print_scorecard(card, title)


def _print_reported(reported, title: str) -> None:
    from epss.core.scoring import format_id, predikat_for

    click.echo(title)
    click.echo("Hasil BPS dicatat dari suratnya (tanpa tingkat per indikator):")
    if reported.ips is not None:
        click.echo(f"IPS {format_id(reported.ips)} — "
                   f"{predikat_for(reported.ips, _catalog().edition)}")
    for code, value in sorted(reported.domains.items()):
        click.echo(f"  domain {code}: {format_id(value)}")


def _catalog():
    from epss.core.catalog import load_catalog

    return load_catalog()


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


def scorecard_json(card) -> dict[str, Any]:
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


def _print_scorecard(card, title: str) -> None:
    from epss.core.scoring import format_id, round_index

    click.echo(title)
    mark = " (sementara)" if card.provisional else ""
    click.echo(f"IPS {card.ips_display} — {card.predikat}{mark}")
    click.echo(f"Indikator terisi: {card.answered}/{card.total}")
    if card.provisional:
        ceiling = format_id(round_index(card.ips_ceiling, card.rounding))
        click.echo(f"  yang belum terisi dihitung tingkat 1; batas atas bila semua tingkat 5: "
                   f"{ceiling}")
    for d in card.domains:
        value = format_id(round_index(d.index, card.rounding))
        bar = "█" * round(float(d.index) * 4) + "·" * (20 - round(float(d.index) * 4))
        click.echo(f"  {d.code} {d.name:<30} {value}  {bar}")


# -- evidence -------------------------------------------------------------------------------

def _show_progress() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


@main.group()
def evidence() -> None:
    """Bukti dukung: berkas dan tautan pada indikator, disimpan di brankas yang diperiksa."""


@evidence.command("add")
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
    ws = _open(ctx)
    a = ws.assessment(year, kind)
    ws.answer(a.id, code)  # validates the code before any file is read
    problems = ws.check_evidence_files(list(files), assessment_id=a.id, code=code)
    if problems:
        for p in problems[:-1]:
            click.echo(f"epss: error: {p}", err=True)
        fail(problems[-1] + (" (tidak ada yang ditambahkan)" if len(files) > 1 else ""))
    total = sum(f.stat().st_size for f in files)
    bar = click.progressbar(length=total, label="Menyimpan bukti", file=sys.stderr) \
        if _show_progress() else None
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


@evidence.command("link")
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
    ws = _open(ctx)
    a = ws.assessment(year, kind)
    att = ws.link_evidence(a.id, code, url, title=title, note=note, confidential=confidential)
    click.echo(f"#{att.id} {code} {att.title} — {att.url}")


@evidence.command("list")
@click.option("--indicator", "code", metavar="KODE", help="Hanya bukti indikator ini.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@year_kind
@click.pass_context
def evidence_list(ctx: click.Context, code: str | None, as_json: bool, year: int | None,
                  kind: str) -> None:
    """Daftar bukti dukung satu penilaian."""
    ws = _open(ctx)
    a = ws.assessment(year, kind)
    items = ws.evidence(a.id, code)
    if as_json:
        click.echo(_dumps([i.model_dump() for i in items]))
        return
    if not items:
        click.echo("Belum ada bukti dukung.")
    for i in items:
        where = i.url or f"{_size(i.size)}, sha256 {i.blob_sha[:12]}…"
        secret = " [rahasia]" if i.confidential else ""
        click.echo(f"#{i.id:<4} {i.indicator} {i.title}{secret} — {where}")


@evidence.command("remove")
@click.argument("attachment_id", type=int, metavar="ID")
@click.pass_context
def evidence_remove(ctx: click.Context, attachment_id: int) -> None:
    """Lepaskan satu bukti dari indikatornya (berkasnya tetap di brankas sampai `prune`)."""
    att = _open(ctx).remove_evidence(_attachment_id(attachment_id))
    click.echo(f"Bukti #{att.id} ({att.title}) dilepas dari indikator {att.indicator}.")


@evidence.command("confidential")
@click.argument("attachment_id", type=int, metavar="ID")
@click.option("--off", is_flag=True, help="Tidak rahasia lagi.")
@click.pass_context
def evidence_confidential(ctx: click.Context, attachment_id: int, off: bool) -> None:
    """Tandai bukti rahasia (tidak ditampilkan di laporan dan bundel kecuali diminta)."""
    att = _open(ctx).set_evidence_confidential(_attachment_id(attachment_id), not off)
    click.echo(f"Bukti #{att.id}: {'rahasia' if att.confidential else 'tidak rahasia'}.")


def _attachment_id(number: int) -> int:
    """SQLite cannot even look up a number past its largest row id; no such evidence exists."""
    if not 0 < number <= 2**63 - 1:
        fail(f"bukti dukung #{number} tidak ada")
    return number


@evidence.command("verify")
@click.pass_context
def evidence_verify(ctx: click.Context) -> None:
    """Periksa ulang hash setiap berkas di brankas; keluar 1 dengan nama yang hilang/rusak."""
    ws = _open(ctx)
    problems = ws.verify_evidence()
    for p in problems:
        click.echo(f"MASALAH: {p}", err=True)
    if problems:
        sys.exit(1)
    click.echo(f"Semua berkas bukti utuh ({sum(1 for _ in ws.vault.blobs())} berkas).")


@evidence.command("export")
@click.argument("directory", type=click.Path(path_type=Path), metavar="FOLDER")
@year_kind
@click.pass_context
def evidence_export(ctx: click.Context, directory: Path, year: int | None, kind: str) -> None:
    """Salin berkas keluar dengan nama yang mudah dibaca, satu folder per indikator."""
    ws = _open(ctx)
    written = ws.export_evidence(ws.assessment(year, kind).id, directory)
    click.echo(f"{len(written)} berkas ditulis ke {directory}.")


@evidence.command("prune")
@click.option("--yes", is_flag=True, help="Benar-benar hapus (tanpa ini hanya didaftar).")
@click.pass_context
def evidence_prune(ctx: click.Context, yes: bool) -> None:
    """Daftar (atau dengan --yes hapus) berkas brankas yang tidak dipakai bukti mana pun."""
    ws = _open(ctx)
    orphans = ws.prune_evidence() if yes else ws.unreferenced_evidence()
    verb = "dihapus" if yes else "tidak dipakai (hapus dengan --yes)"
    click.echo(f"{len(orphans)} berkas {verb}.")
    for sha in orphans:
        click.echo(f"  {sha}")


# a negative VALUE ("-1") is a value for the rule to refuse, not an unknown option
@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("key", required=False, metavar="[KUNCI]")
@click.argument("value", required=False, metavar="[NILAI]")
@click.pass_context
def setting(ctx: click.Context, key: str | None, value: str | None) -> None:
    """Tampilkan atau ubah pengaturan workspace (mis. evidence_max_mib 50)."""
    from epss.services.workspace import SETTINGS

    ws = _open(ctx)
    if key is None:
        for name, (_, about) in SETTINGS.items():
            click.echo(f"{name} = {ws.setting(name)}   # {about}")
        return
    if value is None:
        click.echo(ws.setting(key))
        return
    click.echo(f"{key} = {ws.set_setting(key, value)}")


# -- integrity ------------------------------------------------------------------------------

@main.command()
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


# Commands kept in their own modules register themselves on `main` when imported.
from epss.cli import award, exchange, history, report  # noqa: E402, F401

if __name__ == "__main__":  # pragma: no cover
    main()
