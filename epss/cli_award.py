"""`epss award`: the committee's commands — an award, its entrants, their scores, the ranking.

Argument parsing and printing only; every action is a ``ws.committee`` call (epss/committee.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from epss.cli import _dumps, _open, _show_progress, fail, main, output_path

award_option = click.option(
    "--award", "-a", "award_key", metavar="KEY",
    help="Which award (e.g. sata-jatim-2024); default: the latest one.")


@main.group("award")
def award_group() -> None:
    """Satu Data Award committee: rubric, entrants' bundles, jury scores, ranking, report.

    Work in a committee workspace (`epss init DIR --agency "Diskominfo Provinsi ..." ...`).
    """


def _desk(ctx: click.Context, key: str | None):
    ws = _open(ctx)
    committee = ws.committee
    return ws, committee, committee.award(key)


def _entrant_json(e) -> dict:
    return {"key": e.key, "name": e.name, "kind": e.agency.kind, "code": e.agency.code,
            "assessment": {"year": e.assessment.year, "kind": e.assessment.kind},
            "ips": float(e.ips) if e.ips is not None else None, "ips_source": e.ips_source,
            "predikat": e.predikat, "ips_note": e.ips_note,
            "bundle": e.bundle_name, "bundle_sha256": e.bundle_hash}


# -- the award and its rubric ----------------------------------------------------------------

@award_group.command("new")
@click.option("--rubric", "-r", required=True, metavar="ID|FILE.toml",
              help="A packaged rubric (sata-jatim, kota-malang-opd) or your own rubric file.")
@click.option("--year", required=True, type=int, help="The award's year.")
@click.pass_context
def award_new(ctx: click.Context, rubric: str, year: int) -> None:
    """Start an award: the rubric is copied into the workspace as it is now."""
    ws = _open(ctx)
    award = ws.committee.new_award(rubric, year)
    click.echo(f"Lomba {award.label} dibuat ({award.key}), "
               f"{len(award.rubric.stages)} tahap.")
    if award.rubric.assumed:
        click.echo("Perhatian: sebagian bobot rubrik ini diasumsikan (tidak dipublikasikan); "
                   "periksa dengan `epss award rubric` dan ganti dengan --replace bila perlu.")


@award_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def award_list(ctx: click.Context, as_json: bool) -> None:
    """The awards in this workspace, with their entrant counts."""
    ws = _open(ctx)
    committee = ws.committee
    items = [(a, len(committee.entrants(a))) for a in committee.awards()]
    if as_json:
        click.echo(_dumps([{"key": a.key, "rubric": a.rubric_id, "year": a.year,
                            "title": a.rubric.title, "entrants": n,
                            "rubric_sha256": a.rubric_sha256} for a, n in items]))
        return
    if not items:
        click.echo("Belum ada lomba. Buat dengan `epss award new --rubric sata-jatim --year ...`.")
    for a, n in items:
        click.echo(f"{a.key:<28} {a.label}  {n} peserta")


@award_group.command("rubric")
@award_option
@click.option("--export", "export_to", type=click.Path(path_type=Path), metavar="FILE.toml",
              help="Write the award's rubric to a file, to edit it.")
@click.option("--replace", "replace_from", type=click.Path(path_type=Path), metavar="FILE.toml",
              help="Use an edited rubric file for this award (logged).")
@click.pass_context
def award_rubric(ctx: click.Context, award_key: str | None, export_to: Path | None,
                 replace_from: Path | None) -> None:
    """Show the award's rubric: stages, criteria, weights and which weights are assumed."""
    ws, committee, award = _desk(ctx, award_key)
    if export_to and replace_from:
        fail("use --export or --replace, not both")
    if export_to:
        from epss.fileio import write_atomic

        target = output_path(export_to, ws.root / f"{award.rubric_id}.toml", ".toml")
        write_atomic(target, award.rubric_text.encode("utf-8"))
        click.echo(f"Rubrik {award.rubric_id} ditulis ke {target}; ubah lalu pakai "
                   f"`epss award rubric --replace {target}`.")
        return
    if replace_from:
        before = award.rubric_sha256
        award = committee.replace_rubric(award, replace_from)
        if award.rubric_sha256 == before:
            click.echo("Rubrik sama dengan yang dipakai; tidak ada yang berubah.")
            return
        click.echo(f"Rubrik lomba {award.key} diganti dengan {replace_from.name}.")
    rubric = award.rubric
    click.echo(f"{rubric.title} ({award.key}); SHA-256 rubrik {award.rubric_sha256[:16]}…")
    for n, stage in enumerate(rubric.stages, 1):
        cut = f", {stage.advance} teratas lanjut" if stage.advance else ""
        click.echo(f"\n{n}. {stage.name} (bobot tahap {stage.weight}{cut})")
        for crit in stage.criteria:
            mark = " (asumsi)" if crit.weight_confidence == "assumed" else ""
            click.echo(f"   {crit.id:<16} {crit.weight:>5}%{mark:<9} {crit.source:<9} "
                       f"{crit.name}")
    if rubric.assumed:
        click.echo("\n(asumsi) = bobot tidak dipublikasikan; ubah dengan --export lalu --replace.")


# -- entrants ----------------------------------------------------------------------------------

@award_group.command("enter")
@click.argument("bundles", nargs=-1, required=True, type=click.Path(path_type=Path))
@award_option
@click.option("--replace", is_flag=True,
              help="Accept a bundle whose assessment differs from the one entered before.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
def award_enter(ctx: click.Context, bundles: tuple[Path, ...], award_key: str | None,
                replace: bool, as_json: bool) -> None:
    """Enter entrants from their bundles (each checked completely: a tampered one is refused).

    Each bundle is taken or refused on its own; the exit code is non-zero when any was refused.
    """
    from epss.workspace import WorkspaceError

    _, committee, award = _desk(ctx, award_key)
    results, refused = [], []
    show = _show_progress() and len(bundles) > 1
    for number, path in enumerate(bundles, 1):
        try:
            entered = committee.enter(award, path, replace=replace)
        except WorkspaceError as exc:
            refused.append((path, str(exc)))
            if not as_json:
                click.echo(f"DITOLAK {path.name}: {exc}", err=True)
            continue
        results.append((path, entered))
        if as_json:
            continue
        e = entered.entrant
        verb = {"entered": "terdaftar", "updated": "diperbarui",
                "unchanged": "sudah terdaftar, sama"}[entered.status]
        ips = f"IPS {e.ips:.2f}".replace(".", ",") if e.ips is not None else e.ips_note
        click.echo(f"{verb}: {e.name} ({e.key}), {e.assessment.label}, {ips}; "
                   f"SHA-256 {e.bundle_hash[:16]}…")
        if show:
            click.echo(f"  {number}/{len(bundles)}", err=True)
    if as_json:
        click.echo(_dumps({"entered": [{"bundle": str(p), "status": r.status,
                                        **_entrant_json(r.entrant)} for p, r in results],
                           "refused": [{"bundle": str(p), "error": m} for p, m in refused]}))
    elif len(bundles) > 1:
        click.echo(f"{len(results)} bundel diterima, {len(refused)} ditolak.")
    if refused:
        sys.exit(2)


@award_group.command("withdraw")
@click.argument("entrant")
@award_option
@click.pass_context
def award_withdraw(ctx: click.Context, entrant: str, award_key: str | None) -> None:
    """Take an entrant (and its committee values) out of the award; the log keeps them."""
    _, committee, award = _desk(ctx, award_key)
    e = committee.withdraw(award, entrant)
    click.echo(f"{e.name} ({e.key}) ditarik dari lomba {award.key}.")


@award_group.command("entrants")
@award_option
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def award_entrants(ctx: click.Context, award_key: str | None, as_json: bool) -> None:
    """The entrants with their assessment, IPS and bundle hash."""
    _, committee, award = _desk(ctx, award_key)
    entrants = committee.entrants(award)
    if as_json:
        click.echo(_dumps([_entrant_json(e) for e in entrants]))
        return
    if not entrants:
        click.echo(f"Belum ada peserta di {award.key} (daftarkan dengan `epss award enter`).")
    for e in entrants:
        ips = f"{e.ips:.2f}".replace(".", ",") if e.ips is not None else "-"
        click.echo(f"{e.key:<16} {e.name[:40]:<40} {e.assessment.label:<16} IPS {ips:<5} "
                   f"{e.bundle_hash[:12]}")
        if e.ips_note:
            click.echo(f"{'':16} {e.ips_note}")


# -- values the committee enters ---------------------------------------------------------------

@award_group.command("input")
@click.argument("entrant")
@click.argument("criterion")
@click.argument("value", required=False)
@click.option("--clear", is_flag=True, help="Remove the value instead.")
@award_option
@click.pass_context
def award_input(ctx: click.Context, entrant: str, criterion: str, value: str | None,
                clear: bool, award_key: str | None) -> None:
    """Set a committee-entered value 0-100 (e.g. the share of the data list on the portal)."""
    if clear == (value is not None):
        fail("give a VALUE 0-100, or --clear")
    _, committee, award = _desk(ctx, award_key)
    e = committee.entrant(award, entrant)
    set_to = committee.set_input(award, e.key, criterion, None if clear else value)
    _echo_set(e.name, criterion, set_to)


@award_group.command("jury")
@click.argument("entrant", required=False)
@click.argument("criterion", required=False)
@click.argument("score", required=False)
@click.option("--juror", "-j", help="The juror's name (for --sheet: overrides cell B1).")
@click.option("--sheet", type=click.Path(path_type=Path), metavar="FILE.xlsx",
              help="Import a filled-in jury sheet (all of it, or nothing).")
@click.option("--clear", is_flag=True, help="Remove this juror's score instead.")
@award_option
@click.pass_context
def award_jury(ctx: click.Context, entrant: str | None, criterion: str | None,
               score: str | None, juror: str | None, sheet: Path | None, clear: bool,
               award_key: str | None) -> None:
    """Record a juror's score 0-100: `--juror NAME ENTRANT CRITERION SCORE`, or `--sheet F`."""
    if sheet is not None:
        if entrant or criterion or score or clear:
            fail("--sheet takes no ENTRANT, CRITERION, SCORE or --clear")
        _, committee, award = _desk(ctx, award_key)
        name, count = committee.import_jury_sheet(award, sheet, juror)
        click.echo(f"{count} nilai juri {name} diimpor dari {sheet.name}.")
        return
    if not juror:
        fail("--juror NAME is required (or use --sheet FILE.xlsx)")
    if not entrant or not criterion or clear == (score is not None):
        fail("usage: epss award jury --juror NAME ENTRANT CRITERION SCORE (or --clear)")
    _, committee, award = _desk(ctx, award_key)
    e = committee.entrant(award, entrant)
    set_to = committee.set_jury(award, juror, e.key, criterion, None if clear else score)
    _echo_set(e.name, criterion, set_to, juror)


def _echo_set(name: str, criterion: str, value, juror: str | None = None) -> None:
    from epss.award import display

    who = f" (juri {juror})" if juror else ""
    if value is None:
        click.echo(f"Nilai {criterion} untuk {name}{who} dihapus.")
    else:
        click.echo(f"Nilai {criterion} untuk {name}{who}: {display(value)}.")


@award_group.command("jury-sheet")
@award_option
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="xlsx file or folder (default: WORKSPACE/exports/nilai-juri-<award>.xlsx).")
@click.option("--juror", "-j", default="", help="Put the juror's name in the sheet.")
@click.pass_context
def award_jury_sheet(ctx: click.Context, award_key: str | None, output: Path | None,
                     juror: str) -> None:
    """Write the sheet a juror fills in (the entrants the jury scores, one column per
    criterion); import it back with `epss award jury --sheet`."""
    ws, committee, award = _desk(ctx, award_key)
    suffix = f"-{juror.strip().replace(' ', '-').lower()}" if juror.strip() else ""
    default = ws.root / "exports" / f"nilai-juri-{award.key}{suffix}.xlsx"
    target = output_path(output, default, ".xlsx")
    target.parent.mkdir(parents=True, exist_ok=True)
    path, count = committee.export_jury_sheet(award, target, juror)
    click.echo(f"Lembar nilai juri ({count} peserta) ditulis ke {path}.")


# -- the ranking and the report ----------------------------------------------------------------

@award_group.command("rank")
@award_option
@click.option("--stage", type=int, help="Show the ranking up to this stage (default: all).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def award_rank(ctx: click.Context, award_key: str | None, stage: int | None,
               as_json: bool) -> None:
    """The ranking per stage: score, who advanced, who is incomplete and why."""
    from epss.award import display, ranking_to_dict

    _, committee, award = _desk(ctx, award_key)
    ranking = committee.ranking(award, upto=stage)
    if as_json:
        data = ranking_to_dict(ranking)
        click.echo(_dumps({"award": award.key, "year": award.year, **data}))
        return
    shown = ranking.stages[-1:] if stage else ranking.stages
    for result in shown:
        number = ranking.stages.index(result) + 1
        cut = f"; {result.advance} teratas lanjut" if result.advance else ""
        click.echo(f"\n{result.stage.name} (tahap {number}{cut})")
        if not result.rows:
            click.echo("  (tidak ada peserta di tahap ini)")
        for row in result.rows:
            if row.rank is None:
                click.echo(f"   -  {row.entrant.name[:40]:<40} belum lengkap: "
                           f"{', '.join(row.missing)}")
                continue
            last = result is ranking.stages[-1] and number == len(award.rubric.stages)
            mark = ("menang" if last else "lanjut") if row.advanced and result.advance else ""
            click.echo(f"  {row.rank:>2}. {row.entrant.name[:40]:<40} "
                       f"{display(row.score):>6} (tahap ini {display(row.stage_score)}) {mark}")
    click.echo(f"\n{ranking.tie_rule}")
    if award.rubric.assumed:
        click.echo("Sebagian bobot rubrik diasumsikan (lihat `epss award rubric`).")


@award_group.command("report")
@award_option
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="PDF file or folder (default: WORKSPACE/reports/komite-<award>.pdf).")
@click.pass_context
def award_report(ctx: click.Context, award_key: str | None, output: Path | None) -> None:
    """Render the committee report: leaderboards, who advanced, every entrant's breakdown."""
    from epss.committee_report import default_output, render_committee_report

    ws, _, award = _desk(ctx, award_key)
    target = output_path(output, default_output(ws, award), ".pdf")
    path = render_committee_report(ws, award, target)
    click.echo(f"Laporan komite {award.label} ditulis ke {path} "
               f"({path.stat().st_size // 1024} KiB).")
