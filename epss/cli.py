"""The command line: argument parsing and printing only; every action is a workspace call.

Heavy modules (pydantic models, sqlite, textual) are imported inside the commands so that
``epss score --json`` in a script starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

EXIT_USAGE = 2

# epss uses no pydantic plugins; skipping their entry-point scan saves ~25 ms of every start.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"epss: error: {message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    """Turns the domain errors of any command into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if _is_user_error(exc):
                fail(str(exc))
            raise


_USER_ERRORS = (("epss.workspace", "WorkspaceError"), ("epss.scoring", "AnswersError"),
                ("epss.catalog", "CatalogError"), ("epss.planner", "PlanError"),
                ("reports.renderer", "ReportError"))


def _is_user_error(exc: Exception) -> bool:
    """Checked against loaded modules only: importing them just to test would slow every
    command (an exception of a module never imported cannot be raised)."""
    return any(isinstance(exc, getattr(sys.modules[module], name))
               for module, name in _USER_ERRORS if module in sys.modules)


def _open(ctx: click.Context):
    from epss.workspace import Workspace, default_dir

    ws = Workspace.open(default_dir(ctx.obj.get("workspace")))
    ctx.call_on_close(ws.close)
    return ws


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@click.group(cls=_Group, invoke_without_command=True)
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path),
              help="Folder workspace (default: $EPSS_WORKSPACE, folder ini, atau folder data).")
@click.version_option(package_name="epss")
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
        fail("the terminal UI needs an interactive terminal; see `epss --help` for commands")
    from epss.tui.app import run

    run(ws)


# -- shared options ------------------------------------------------------------------------

_year_kind = [
    click.option("--year", type=int, help="Tahun penilaian (default: terbaru)."),
    click.option("--kind", default="mandiri", show_default=True,
                 type=click.Choice(["mandiri", "badan", "target"])),
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
        fail(f"{output}: the output file must end in {suffix}")
    if not output.parent.exists():
        fail(f"{output.parent}: folder does not exist")
    return output


# -- demo / init ----------------------------------------------------------------------------

@main.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--no-tui", is_flag=True, help="Only create the workspace and print its score.")
@click.option("--committee", is_flag=True,
              help="A committee workspace instead: an award with 14 fictional entrants.")
@click.pass_context
def demo(ctx: click.Context, directory: Path | None, no_tui: bool, committee: bool) -> None:
    """Make a demo workspace (the fictional Kota Contoh, 2023 and 2024) and open it."""
    from epss.workspace import DB_NAME, Workspace

    default = "epss-demo-komite" if committee else "epss-demo"
    target = directory or ctx.obj.get("workspace") or Path(default)
    if (target / DB_NAME).exists():
        ws = Workspace.open(target)
        click.echo(f"Membuka workspace demo yang sudah ada: {target}")
    else:
        if target.exists() and any(target.iterdir()):
            fail(f"{target} exists and is not empty; choose another folder")
        if committee:
            from epss.committee_demo import build_committee_demo

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
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--agency", "name", required=True, help="Nama instansi, mis. 'Kota Blitar'.")
@click.option("--kind", required=True,
              type=click.Choice(["provinsi", "kabupaten", "kota", "kementerian", "lembaga"]))
@click.option("--code", required=True, help="Kode wilayah BPS (35, 3572) atau kode K/L (3 angka).")
@click.pass_context
def init(ctx: click.Context, directory: Path | None, name: str, kind: str, code: str) -> None:
    """Create a workspace for an agency."""
    from epss.workspace import Workspace, default_dir

    root = directory or default_dir(ctx.obj.get("workspace"))
    with Workspace.create(root, name=name, kind=kind, code=code) as ws:
        click.echo(f"Workspace dibuat di {root} untuk {ws.agency.name}.")


# -- catalog --------------------------------------------------------------------------------

@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def catalog(as_json: bool) -> None:
    """Show the EPSS catalog: domains, aspects, indicators and weights."""
    from epss.catalog import load_catalog
    from epss.scoring import format_id

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
    """Manage assessments (one agency, one year, one kind)."""


@assessment.command("new")
@click.option("--year", required=True, type=int)
@click.option("--kind", default="mandiri", show_default=True,
              type=click.Choice(["mandiri", "badan", "target"]))
@click.option("--from-year", type=int, help="Start from that year's answers and evidence.")
@click.option("--title", default="", help="Optional title.")
@click.pass_context
def assessment_new(ctx: click.Context, year: int, kind: str, from_year: int | None,
                   title: str) -> None:
    """Create an assessment, empty or carried over from an earlier year."""
    ws = _open(ctx)
    a = ws.new_assessment(year, kind, from_year=from_year, title=title)
    carried = f", disalin dari {a.source_year}" if a.source_year else ""
    click.echo(f"Penilaian {a.kind} {a.year} dibuat (#{a.id}{carried}).")


@assessment.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def assessment_list(ctx: click.Context, as_json: bool) -> None:
    """List the workspace's assessments with their scores."""
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
    from epss.scoring import format_id, predikat_for

    reported = ws.reported_indices(assessment_id)
    if reported.ips is None:
        return {}
    return {"ips": float(reported.ips), "ips_display": format_id(reported.ips),
            "predikat": predikat_for(reported.ips, ws.catalog.edition), "provisional": False,
            "source": "reported"}


@main.command()
@click.argument("code")
@click.option("--level", type=str, help="Tingkat kematangan 1-5, or 'none' to clear it.")
@click.option("--explanation", help="Penjelasan (replaces the current one).")
@year_kind
@click.pass_context
def answer(ctx: click.Context, code: str, level: str | None, explanation: str | None,
           year: int | None, kind: str) -> None:
    """Set one indicator's level and/or explanation."""
    from epss.scoring import validate_level

    if level is None and explanation is None:
        fail("give --level and/or --explanation")
    changes: dict[str, Any] = {}
    if level is not None:
        if level.strip().lower() == "none":
            changes["clear_level"] = True
        else:
            try:
                number = int(level)
            except ValueError:
                fail(f"level must be a whole number 1-5 or 'none', got {level!r}")
            changes["level"] = validate_level(number)
    if explanation is not None:
        changes["explanation"] = explanation
    ws = _open(ctx)
    a = ws.assessment(year, kind)
    ans = ws.set_answer(a.id, code, **changes)
    card = ws.scorecard(a.id)
    lvl = ans.level if ans.level is not None else "-"
    click.echo(f"{code}: tingkat {lvl}. IPS {a.kind} {a.year}: {card.ips_display} "
               f"{card.predikat}{' (sementara)' if card.provisional else ''}")


# -- scoring --------------------------------------------------------------------------------

@main.command("score")
@click.option("--answers", "answers_file", type=click.Path(path_type=Path),
              help='Score a JSON file {"10101": 3, ...} without a workspace.')
@year_kind
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def score_cmd(ctx: click.Context, answers_file: Path | None, year: int | None, kind: str,
              as_json: bool) -> None:
    """Score an assessment: aspect, domain and IPS indices and the predikat."""
    from epss.catalog import load_catalog
    from epss.scoring import score, validate_answers

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
    from epss.scoring import format_id, predikat_for

    click.echo(title)
    click.echo("Hasil BPS dicatat dari suratnya (tanpa tingkat per indikator):")
    if reported.ips is not None:
        click.echo(f"IPS {format_id(reported.ips)} — "
                   f"{predikat_for(reported.ips, _catalog().edition)}")
    for code, value in sorted(reported.domains.items()):
        click.echo(f"  domain {code}: {format_id(value)}")


def _catalog():
    from epss.catalog import load_catalog

    return load_catalog()


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"{path}: file not found")
    except IsADirectoryError:
        fail(f"{path}: is a directory, not a file")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: cannot read: {exc}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")


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
    from epss.scoring import format_id, round_index

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
    """Bukti dukung: files and links attached to indicators, kept in a verified vault."""


@evidence.command("add")
@click.option("--indicator", "code", required=True, help="Kode indikator, mis. 10101.")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=True, exists=False))
@click.option("--title", default="", help="Judul (default: nama berkas).")
@click.option("--note", default="", help="Catatan.")
@click.option("--confidential", is_flag=True, help="Rahasia: disembunyikan di laporan.")
@year_kind
@click.pass_context
def evidence_add(ctx: click.Context, code: str, files: tuple[Path, ...], title: str, note: str,
                 confidential: bool, year: int | None, kind: str) -> None:
    """Store FILES in the vault and attach them to an indicator (all or none)."""
    ws = _open(ctx)
    a = ws.assessment(year, kind)
    ws.answer(a.id, code)  # validates the code before any file is read
    problems = ws.check_evidence_files(list(files))
    if problems:
        for p in problems[:-1]:
            click.echo(f"epss: error: {p}", err=True)
        fail(problems[-1] + (" (nothing was added)" if len(files) > 1 else ""))
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
@click.option("--indicator", "code", required=True)
@click.argument("url")
@click.option("--title", default="")
@click.option("--note", default="")
@click.option("--confidential", is_flag=True)
@year_kind
@click.pass_context
def evidence_link(ctx: click.Context, code: str, url: str, title: str, note: str,
                  confidential: bool, year: int | None, kind: str) -> None:
    """Attach a link (http/https), e.g. a Google Drive folder."""
    ws = _open(ctx)
    a = ws.assessment(year, kind)
    att = ws.link_evidence(a.id, code, url, title=title, note=note, confidential=confidential)
    click.echo(f"#{att.id} {code} {att.title} — {att.url}")


@evidence.command("list")
@click.option("--indicator", "code")
@click.option("--json", "as_json", is_flag=True)
@year_kind
@click.pass_context
def evidence_list(ctx: click.Context, code: str | None, as_json: bool, year: int | None,
                  kind: str) -> None:
    """List the evidence of an assessment."""
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
@click.argument("attachment_id", type=int)
@click.pass_context
def evidence_remove(ctx: click.Context, attachment_id: int) -> None:
    """Detach one piece of evidence (the file stays in the vault until `prune`)."""
    att = _open(ctx).remove_evidence(attachment_id)
    click.echo(f"Bukti #{att.id} ({att.title}) dilepas dari indikator {att.indicator}.")


@evidence.command("confidential")
@click.argument("attachment_id", type=int)
@click.option("--off", is_flag=True, help="Tidak rahasia lagi.")
@click.pass_context
def evidence_confidential(ctx: click.Context, attachment_id: int, off: bool) -> None:
    """Mark evidence confidential (hidden in reports and bundles unless asked)."""
    att = _open(ctx).set_evidence_confidential(attachment_id, not off)
    click.echo(f"Bukti #{att.id}: {'rahasia' if att.confidential else 'tidak rahasia'}.")


@evidence.command("verify")
@click.pass_context
def evidence_verify(ctx: click.Context) -> None:
    """Re-hash every file in the vault; exit 1 naming every missing or corrupt one."""
    ws = _open(ctx)
    problems = ws.verify_evidence()
    for p in problems:
        click.echo(f"MASALAH: {p}", err=True)
    if problems:
        sys.exit(1)
    click.echo(f"Semua berkas bukti utuh ({sum(1 for _ in ws.vault.blobs())} berkas).")


@evidence.command("export")
@click.argument("directory", type=click.Path(path_type=Path))
@year_kind
@click.pass_context
def evidence_export(ctx: click.Context, directory: Path, year: int | None, kind: str) -> None:
    """Copy the files out with readable names, one folder per indicator."""
    ws = _open(ctx)
    written = ws.export_evidence(ws.assessment(year, kind).id, directory)
    click.echo(f"{len(written)} berkas ditulis ke {directory}.")


@evidence.command("prune")
@click.option("--yes", is_flag=True, help="Really delete (otherwise only list).")
@click.pass_context
def evidence_prune(ctx: click.Context, yes: bool) -> None:
    """List (or with --yes delete) vault files that no attachment uses."""
    ws = _open(ctx)
    orphans = ws.prune_evidence() if yes else ws.unreferenced_evidence()
    verb = "dihapus" if yes else "tidak dipakai (hapus dengan --yes)"
    click.echo(f"{len(orphans)} berkas {verb}.")
    for sha in orphans:
        click.echo(f"  {sha}")


@main.command()
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.pass_context
def setting(ctx: click.Context, key: str | None, value: str | None) -> None:
    """Show or change a workspace setting (e.g. evidence_max_mib 50)."""
    from epss.workspace import SETTINGS

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
    """Check the database, the audit log and the evidence vault."""
    ws = _open(ctx)
    problems = ws.doctor()
    if problems:
        for p in problems:
            click.echo(f"MASALAH: {p}", err=True)
        sys.exit(1)
    click.echo("Workspace sehat: database, log audit, dan bukti dukung utuh.")


# Commands kept in their own modules register themselves on `main` when imported.
from epss import cli_award, cli_exchange, cli_history, cli_report  # noqa: E402, F401

if __name__ == "__main__":  # pragma: no cover
    main()
