"""`epss award`: the committee's commands — an award, its entrants, their scores, the ranking.

Argument parsing and printing only; every action is a ``ws.committee`` call
(epss/services/committee.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from epss.cli.base import Group, fail
from epss.cli.common import dumps, open_workspace, output_path, show_progress

if TYPE_CHECKING:
    from fractions import Fraction

    from epss.core.award import Ranking
    from epss.services.committee import AwardInfo, Committee, EntrantInfo
    from epss.services.workspace import Workspace

award_option = click.option(
    "--award", "-a", "award_key", metavar="KUNCI",
    help="Lomba yang dimaksud (mis. sata-jatim-2024); bawaan: yang terbaru.")


@click.group("award", cls=Group)
def award_group() -> None:
    """Komite Satu Data Award: rubrik, bundel peserta, nilai juri, peringkat, laporan.

    Jalankan di workspace komite (`epss init FOLDER --agency "Diskominfo Provinsi ..." ...`).
    """


def _desk(ctx: click.Context, key: str | None) -> tuple[Workspace, Committee, AwardInfo]:
    ws = open_workspace(ctx)
    committee: Committee = ws.committee
    return ws, committee, committee.award(key)


def _entrant_json(e: EntrantInfo) -> dict[str, Any]:
    return {"key": e.key, "name": e.name, "kind": e.agency.kind, "code": e.agency.code,
            "assessment": {"year": e.assessment.year, "kind": e.assessment.kind},
            "ips": float(e.ips) if e.ips is not None else None, "ips_source": e.ips_source,
            "predikat": e.predikat, "ips_note": e.ips_note,
            "bundle": e.bundle_name, "bundle_sha256": e.bundle_hash, "category": e.category}


# -- the award and its rubric ----------------------------------------------------------------

@award_group.command("new")
@click.option("--rubric", "-r", required=True, metavar="ID|BERKAS.toml",
              help="Rubrik bawaan (sata-jatim, kota-malang-opd) atau berkas rubrik sendiri.")
@click.option("--year", required=True, type=int, metavar="TAHUN", help="Tahun lomba.")
@click.pass_context
def award_new(ctx: click.Context, rubric: str, year: int) -> None:
    """Mulai lomba: rubriknya disalin ke workspace sebagaimana adanya sekarang."""
    ws = open_workspace(ctx)
    award = ws.committee.new_award(rubric, year)
    click.echo(f"Lomba {award.label} dibuat ({award.key}), "
               f"{len(award.rubric.stages)} tahap.")
    if award.rubric.assumed:
        click.echo("Perhatian: sebagian bobot rubrik ini diasumsikan (tidak dipublikasikan); "
                   "periksa dengan `epss award rubric` dan ganti dengan --replace bila perlu.")


@award_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def award_list(ctx: click.Context, as_json: bool) -> None:
    """Daftar lomba di workspace ini beserta jumlah pesertanya."""
    ws = open_workspace(ctx)
    committee = ws.committee
    items = [(a, len(committee.entrants(a))) for a in committee.awards()]
    if as_json:
        click.echo(dumps([{"key": a.key, "rubric": a.rubric_id, "year": a.year,
                           "title": a.rubric.title, "entrants": n,
                           "rubric_sha256": a.rubric_sha256} for a, n in items]))
        return
    if not items:
        click.echo("Belum ada lomba. Buat dengan `epss award new --rubric sata-jatim --year ...`.")
    for a, n in items:
        click.echo(f"{a.key:<28} {a.label}  {n} peserta")


@award_group.command("rubric")
@award_option
@click.option("--export", "export_to", type=click.Path(path_type=Path),
              metavar="BERKAS.toml", help="Tulis rubrik lomba ke berkas untuk diubah.")
@click.option("--replace", "replace_from", type=click.Path(path_type=Path),
              metavar="BERKAS.toml",
              help="Pakai berkas rubrik yang sudah diubah untuk lomba ini (dicatat di log).")
@click.pass_context
def award_rubric(ctx: click.Context, award_key: str | None, export_to: Path | None,
                 replace_from: Path | None) -> None:
    """Tampilkan rubrik lomba: tahap, kriteria, bobot, dan bobot mana yang diasumsikan."""
    ws, committee, award = _desk(ctx, award_key)
    if export_to and replace_from:
        fail("pakai --export atau --replace, tidak keduanya")
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
    from epss.services.committee_report import stage_title

    for n, stage in enumerate(rubric.stages, 1):
        onward = "menjadi pemenang" if n == len(rubric.stages) else "lanjut"
        cut = f", {stage.advance} teratas {onward}" if stage.advance else ""
        click.echo(f"\n{stage_title(n, stage.name)} (bobot tahap {stage.weight}{cut})")
        for crit in stage.criteria:
            mark = " (asumsi)" if crit.weight_confidence == "assumed" else ""
            click.echo(f"   {crit.id:<16} {crit.weight:>5}%{mark:<9} {crit.source:<9} "
                       f"{crit.name}")
            for domain in crit.domains:
                click.echo(f"   {'':<16} domain {domain.id}: {domain.label}; bobot "
                           f"{domain.weight_text}")
    if any(c.domains for s in rubric.stages for c in s.criteria):
        click.echo("\nIndeks SDI dicatat sebagaimana diberikan; tidak dihitung dari domainnya.")
    if award.categories:
        click.echo("Kategori: " + ", ".join(f"{c.id} ({c.name})" for c in award.categories))
    if rubric.assumed:
        click.echo("\n(asumsi) = bobot tidak dipublikasikan; ubah dengan --export lalu --replace.")


# -- entrants ----------------------------------------------------------------------------------

@award_group.command("enter")
@click.argument("bundles", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="BUNDEL...")
@award_option
@click.option("--replace", is_flag=True,
              help="Terima bundel yang penilaiannya berbeda dari yang didaftarkan sebelumnya.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def award_enter(ctx: click.Context, bundles: tuple[Path, ...], award_key: str | None,
                replace: bool, as_json: bool) -> None:
    """Daftarkan peserta dari bundelnya (diperiksa penuh: bundel yang diubah ditolak).

    Tiap bundel diterima atau ditolak sendiri-sendiri; kode keluar bukan nol bila ada yang
    ditolak.
    """
    from epss.core.scoring import format_id
    from epss.services.workspace import WorkspaceError

    _, committee, award = _desk(ctx, award_key)
    results, refused = [], []
    show = show_progress() and len(bundles) > 1
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
        ips = f"IPS {format_id(e.ips)}" if e.ips is not None else e.ips_note
        click.echo(f"{verb}: {e.name} ({e.key}), {e.assessment.label}, {ips}; "
                   f"SHA-256 {e.bundle_hash[:16]}…")
        if show:
            click.echo(f"  {number}/{len(bundles)}", err=True)
    if as_json:
        click.echo(dumps({"entered": [{"bundle": str(p), "status": r.status,
                                       **_entrant_json(r.entrant)} for p, r in results],
                          "refused": [{"bundle": str(p), "error": m} for p, m in refused]}))
    elif len(bundles) > 1:
        click.echo(f"{len(results)} bundel diterima, {len(refused)} ditolak.")
    if refused:
        sys.exit(2)


@award_group.command("withdraw")
@click.argument("entrant", metavar="PESERTA")
@award_option
@click.pass_context
def award_withdraw(ctx: click.Context, entrant: str, award_key: str | None) -> None:
    """Tarik peserta (dan nilai komitenya) dari lomba; log tetap menyimpannya."""
    _, committee, award = _desk(ctx, award_key)
    e = committee.withdraw(award, entrant)
    click.echo(f"{e.name} ({e.key}) ditarik dari lomba {award.key}.")


@award_group.command("entrants")
@award_option
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def award_entrants(ctx: click.Context, award_key: str | None, as_json: bool) -> None:
    """Daftar peserta dengan penilaian, IPS, dan hash bundelnya."""
    from epss.core.scoring import format_id

    _, committee, award = _desk(ctx, award_key)
    entrants = committee.entrants(award)
    if as_json:
        click.echo(dumps([_entrant_json(e) for e in entrants]))
        return
    if not entrants:
        click.echo(f"Belum ada peserta di {award.key} (daftarkan dengan `epss award enter`).")
    for e in entrants:
        ips = format_id(e.ips) if e.ips is not None else "-"
        category = (f" [{e.category or 'tanpa kategori'}]" if award.categories else "")
        click.echo(f"{e.key:<16} {e.name[:40]:<40} {e.assessment.label:<16} IPS {ips:<5} "
                   f"{e.bundle_hash[:12]}{category}")
        if e.ips_note:
            click.echo(f"{'':16} {e.ips_note}")


# -- values the committee enters ---------------------------------------------------------------

# a negative VALUE ("-1") is a value for the rule to refuse, not an unknown option
@award_group.command("input", context_settings={"ignore_unknown_options": True})
@click.argument("entrant", metavar="PESERTA")
@click.argument("criterion", metavar="KRITERIA")
@click.argument("value", required=False, metavar="[NILAI]")
@click.option("--clear", is_flag=True, help="Hapus nilainya.")
@award_option
@click.pass_context
def award_input(ctx: click.Context, entrant: str, criterion: str, value: str | None,
                clear: bool, award_key: str | None) -> None:
    """Isi nilai komite 0-100 (mis. persentase daftar data yang ada di portal)."""
    if clear == (value is not None):
        fail("berikan NILAI 0-100, atau --clear")
    _, committee, award = _desk(ctx, award_key)
    e = committee.entrant(award, entrant)
    set_to = committee.set_input(award, e.key, criterion, None if clear else value)
    _echo_set(e.name, criterion, set_to)


# a negative VALUE ("-1") is a value for the rule to refuse, not an unknown option
@award_group.command("sdi", context_settings={"ignore_unknown_options": True})
@click.argument("entrant", metavar="PESERTA")
@click.argument("total", required=False, metavar="[INDEKS]")
@click.option("--domain", "-d", "domains", multiple=True, metavar="DOMAIN=NILAI",
              help="Nilai satu domain 0-100 (domain menurut id atau nomornya, mis. "
                   "domain-1=72,5 atau 1=72,5); ulangi untuk tiap domain.")
@click.option("--criterion", "-k", metavar="KRITERIA",
              help="Kriteria Indeks SDI (bawaan: satu-satunya di rubrik).")
@click.option("--clear", is_flag=True, help="Hapus Indeks SDI peserta beserta domainnya.")
@award_option
@click.pass_context
def award_sdi(ctx: click.Context, entrant: str, total: str | None, domains: tuple[str, ...],
              criterion: str | None, clear: bool, award_key: str | None) -> None:
    """Catat Indeks SDI (Bappenas) peserta: INDEKS 0-100 sebagaimana diberikan, dan nilai
    domainnya dengan --domain. Indeks tidak dihitung dari domain."""
    from epss.core.award import display

    if clear and (total is not None or domains):
        fail("--clear tidak dipakai bersama INDEKS atau --domain")
    if not clear and total is None:
        fail("berikan INDEKS 0-100 (nilai total Indeks SDI; tidak dihitung dari domain), "
             "atau --clear")
    parts: dict[str, str] = {}
    for item in domains:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            fail(f"--domain harus DOMAIN=NILAI (mis. domain-1=72,5), bukan {item!r}")
        if name.strip() in parts:
            fail(f"domain {name.strip()} disebut dua kali")
        parts[name.strip()] = value.strip()
    _, committee, award = _desk(ctx, award_key)
    crit = committee.sdi_criterion(award, criterion)
    e = committee.entrant(award, entrant)
    if clear:
        committee.set_input(award, e.key, crit.id, None)
        click.echo(f"Indeks SDI {crit.id} untuk {e.name} dihapus (beserta domainnya).")
        return
    sdi = committee.set_sdi(award, e.key, crit.id, total, parts)
    click.echo(f"Indeks SDI {crit.id} untuk {e.name}: {display(sdi.total)} (dicatat sebagaimana "
               "diberikan).")
    for domain in crit.domains:
        given = sdi.domains.get(domain.id)
        click.echo(f"  {domain.label}: {display(given) if given is not None else '-'}")


# -- categories --------------------------------------------------------------------------------

@award_group.group("category", cls=Group)
def award_category() -> None:
    """Kategori peserta dalam satu lomba (mis. kabupaten/kota, OPD provinsi, RSUD).

    Tiap peserta masuk satu kategori; peringkat, batas lolos tiap tahap dan laporan dihitung
    per kategori. Lomba tanpa kategori tetap satu peringkat.
    """


@award_category.command("add")
@click.argument("category", metavar="ID")
@click.argument("name", metavar="NAMA")
@award_option
@click.pass_context
def award_category_add(ctx: click.Context, category: str, name: str,
                       award_key: str | None) -> None:
    """Tambah kategori (ID pendek, mis. kab-kota) atau ganti namanya."""
    _, committee, award = _desk(ctx, award_key)
    before = {c.id for c in award.categories}
    award = committee.add_category(award, category, name)
    cat = award.category(category.strip())
    verb = "diperbarui" if cat.id in before else "ditambahkan"
    click.echo(f"Kategori {cat.id} ({cat.name}) {verb} di lomba {award.key}.")


@award_category.command("remove")
@click.argument("category", metavar="ID")
@award_option
@click.pass_context
def award_category_remove(ctx: click.Context, category: str, award_key: str | None) -> None:
    """Hapus kategori yang tidak berisi peserta."""
    _, committee, award = _desk(ctx, award_key)
    cat = award.category(category)
    award = committee.remove_category(award, cat.id)
    click.echo(f"Kategori {cat.id} dihapus dari lomba {award.key}.")


@award_category.command("list")
@award_option
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def award_category_list(ctx: click.Context, award_key: str | None, as_json: bool) -> None:
    """Kategori lomba dan peserta di tiap kategori."""
    _, committee, award = _desk(ctx, award_key)
    entrants = committee.entrants(award)
    if as_json:
        click.echo(dumps({"award": award.key, "categories": [
            {"id": c.id, "name": c.name,
             "entrants": [e.key for e in entrants if e.category == c.id]}
            for c in award.categories],
            "unassigned": [e.key for e in entrants if e.category is None]}))
        return
    if not award.categories:
        click.echo(f"Lomba {award.key} tanpa kategori: semua peserta satu peringkat. Tambah "
                   "dengan `epss award category add ID NAMA`.")
        return
    for c in award.categories:
        members = [e for e in entrants if e.category == c.id]
        click.echo(f"{c.id:<16} {c.name}  {len(members)} peserta")
    loose = [e for e in entrants if e.category is None]
    if loose:
        click.echo(f"Belum berkategori ({len(loose)}; tidak diberi peringkat): "
                   + ", ".join(e.name for e in loose))


@award_category.command("assign")
@click.argument("entrant", metavar="PESERTA")
@click.argument("category", required=False, metavar="[KATEGORI]")
@click.option("--clear", is_flag=True, help="Keluarkan peserta dari kategorinya.")
@award_option
@click.pass_context
def award_category_assign(ctx: click.Context, entrant: str, category: str | None, clear: bool,
                          award_key: str | None) -> None:
    """Masukkan peserta ke satu kategori lomba (dicatat di log)."""
    if clear == (category is not None):
        fail("berikan KATEGORI, atau --clear")
    _, committee, award = _desk(ctx, award_key)
    e = committee.set_category(award, entrant, None if clear else category)
    if e.category is None:
        click.echo(f"{e.name} ({e.key}) tanpa kategori (tidak diberi peringkat).")
    else:
        click.echo(f"{e.name} ({e.key}) masuk kategori {award.category(e.category).name}.")


# a negative VALUE ("-1") is a value for the rule to refuse, not an unknown option
@award_group.command("jury", context_settings={"ignore_unknown_options": True})
@click.argument("entrant", required=False, metavar="[PESERTA]")
@click.argument("criterion", required=False, metavar="[KRITERIA]")
@click.argument("score", required=False, metavar="[SKOR]")
@click.option("--juror", "-j", metavar="NAMA",
              help="Nama juri (untuk --sheet: menggantikan sel B1).")
@click.option("--sheet", type=click.Path(path_type=Path), metavar="BERKAS.xlsx",
              help="Impor lembar nilai juri yang sudah diisi (semua atau tidak sama sekali).")
@click.option("--clear", is_flag=True, help="Hapus nilai juri ini.")
@award_option
@click.pass_context
def award_jury(ctx: click.Context, entrant: str | None, criterion: str | None,
               score: str | None, juror: str | None, sheet: Path | None, clear: bool,
               award_key: str | None) -> None:
    """Catat nilai juri 0-100: `--juror NAMA PESERTA KRITERIA SKOR`, atau `--sheet BERKAS`."""
    if sheet is not None:
        if entrant or criterion or score or clear:
            fail("--sheet tidak dipakai bersama PESERTA, KRITERIA, SKOR, atau --clear")
        _, committee, award = _desk(ctx, award_key)
        name, count = committee.import_jury_sheet(award, sheet, juror)
        click.echo(f"{count} nilai juri {name} diimpor dari {sheet.name}.")
        return
    if not juror:
        fail("--juror NAMA wajib diisi (atau pakai --sheet BERKAS.xlsx)")
    if not entrant or not criterion or clear == (score is not None):
        fail("pemakaian: epss award jury --juror NAMA PESERTA KRITERIA SKOR (atau --clear)")
    _, committee, award = _desk(ctx, award_key)
    e = committee.entrant(award, entrant)
    set_to = committee.set_jury(award, juror, e.key, criterion, None if clear else score)
    _echo_set(e.name, criterion, set_to, juror)


def _echo_set(name: str, criterion: str, value: Fraction | None,
              juror: str | None = None) -> None:
    from epss.core.award import display

    who = f" (juri {juror})" if juror else ""
    if value is None:
        click.echo(f"Nilai {criterion} untuk {name}{who} dihapus.")
    else:
        click.echo(f"Nilai {criterion} untuk {name}{who}: {display(value)}.")


@award_group.command("jury-sheet")
@award_option
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="BERKAS|FOLDER",
              help="Berkas xlsx atau folder "
                   "(bawaan: exports/nilai-juri-<lomba>.xlsx di workspace).")
@click.option("--juror", "-j", default="", metavar="NAMA", help="Tulis nama juri di lembar.")
@click.pass_context
def award_jury_sheet(ctx: click.Context, award_key: str | None, output: Path | None,
                     juror: str) -> None:
    """Tulis lembar yang diisi juri (peserta yang dinilai juri, satu kolom per kriteria);
    impor kembali dengan `epss award jury --sheet`."""
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
@click.option("--stage", type=int, metavar="TAHAP",
              help="Tampilkan peringkat sampai tahap ini (bawaan: semua).")
@click.option("--category", "-c", metavar="KATEGORI",
              help="Hanya peringkat satu kategori (bawaan: semua kategori, satu per satu).")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def award_rank(ctx: click.Context, award_key: str | None, stage: int | None,
               category: str | None, as_json: bool) -> None:
    """Peringkat per tahap (per kategori bila lomba berkategori): skor, siapa yang lanjut,
    siapa yang belum lengkap dan mengapa."""
    from dataclasses import replace

    from epss.core.award import rankings_to_dict

    _, committee, award = _desk(ctx, award_key)
    chosen = award.category(category).id if category is not None else None
    rankings = committee.rankings(award, upto=stage)
    if chosen is not None:
        rankings = replace(rankings, unassigned=(), categories=tuple(
            c for c in rankings.categories if c.category and c.category.id == chosen))
    if as_json:
        click.echo(dumps({"award": award.key, "year": award.year,
                          **rankings_to_dict(rankings)}))
        return
    for item in rankings.categories:
        if item.category is not None:
            click.echo(f"\n=== Kategori {item.category.name} ({item.category.id}) ===")
        _echo_ranking(award, item.ranking, stage)
    if rankings.unassigned:
        click.echo("\nBelum berkategori (tidak diberi peringkat): "
                   + ", ".join(e.name for e in rankings.unassigned))
    click.echo(f"\n{rankings.categories[0].ranking.tie_rule}")
    if award.rubric.assumed:
        click.echo("Sebagian bobot rubrik diasumsikan (lihat `epss award rubric`).")


def _echo_ranking(award: AwardInfo, ranking: Ranking, stage: int | None) -> None:
    from epss.core.award import display
    from epss.services.committee_report import stage_title

    shown = ranking.stages[-1:] if stage else ranking.stages
    for result in shown:
        number = ranking.stages.index(result) + 1
        onward = "menjadi pemenang" if number == len(award.rubric.stages) else "lanjut"
        cut = f" ({result.advance} teratas {onward})" if result.advance else ""
        click.echo(f"\n{stage_title(number, result.stage.name)}{cut}")  # as the report says
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


@award_group.command("report")
@award_option
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="BERKAS|FOLDER",
              help="Berkas PDF atau folder (bawaan: reports/komite-<lomba>.pdf di workspace, "
                   "~/epss-laporan/<folder>/ bila workspace baca saja).")
@click.pass_context
def award_report(ctx: click.Context, award_key: str | None, output: Path | None) -> None:
    """Buat laporan komite (PDF): peringkat, siapa yang lanjut, rincian tiap peserta."""
    from reports.worker import PdfWorker

    with PdfWorker.start() as worker:  # imports WeasyPrint while this process reads
        from epss.services.committee_report import default_output, render_committee_report

        ws, _, award = _desk(ctx, award_key)
        target = output_path(output, default_output(ws, award), ".pdf")
        path = render_committee_report(ws, award, target, worker=worker)
    click.echo(f"Laporan komite {award.label} ditulis ke {path} "
               f"({path.stat().st_size // 1024} KiB).")
