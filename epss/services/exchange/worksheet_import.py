"""The evaluation worksheet (LKE xlsx) against a workspace: export, and import of answers.

``lke.py`` reads and writes the file; this module decides what an import does to the
assessment. The sheet is authoritative for the rows it holds (after an import the levels and
explanations equal the sheet's, so a round trip is lossless), links are added and never removed
(a sheet cannot say "detach"), and files are only listed by title (a spreadsheet cannot carry
them). All of it happens in one transaction with one audit event, or not at all.

Nothing a user saved is lost by accident: an empty level cell (or a formula whose value the
file does not carry) where a level is saved is a bad row unless the caller asks for clearing
(``clear_blank``), and then every cleared level is listed; an empty explanation cell where an
explanation is saved keeps it, with a warning, unless the caller asks for clearing, and then
every cleared explanation is listed (an explanation formula without a value is a bad row, see
``_unreadable_cells``); rows absent from the sheet change nothing and are listed (a TPI team may
send an OPD only its rows); and an assessment is created only when asked (``create``), so a
mistyped year does not become a new, default assessment.

An OPD's request sheet (``write_request_sheet``, issue 18) is merged instead: links are added
(marked with the OPD's kegiatan when it holds exactly one share of the indicator), files are
listed, and levels and explanations that differ from the saved ones become proposals
(``epss proposals``) that the walidata accepts or rejects per indicator; an empty cell keeps
what is saved. Nothing saved is overwritten by the sheet itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epss.core.errors import WorkspaceError
from epss.core.validate import MAX_TITLE, check_url

if TYPE_CHECKING:
    from epss.core.model import Assessment
    from epss.services.exchange.worksheet import Problem
    from epss.services.workspace import Workspace


@dataclass(frozen=True)
class WorksheetImport:
    label: str  # of the assessment, e.g. "Penilaian mandiri 2024"
    created: bool  # the assessment did not exist and was made for this import
    rows: int  # good rows read
    changed: tuple[str, ...]  # codes whose level or explanation changed
    links_added: int
    file_titles: int  # evidence files named in the sheet (not importable from a sheet)
    skipped: tuple[Problem, ...]  # bad rows left out (only with skip_bad_rows)
    cleared: tuple[tuple[str, int], ...] = ()  # (code, level before): emptied (clear_blank)
    missing: tuple[tuple[str, str], ...] = ()  # (code, name): catalog rows the sheet lacks
    # (code, explanation before): emptied by a blank or formula cell (clear_blank)
    cleared_explanations: tuple[tuple[str, str], ...] = ()
    warnings: tuple[Problem, ...] = ()  # rows taken, but not all of the row as the sheet says
    opd: str = ""  # an OPD's request sheet: merged, its changes proposed
    proposed: tuple[str, ...] = ()  # codes with a proposal (request sheets only)
    files: tuple[tuple[str, str], ...] = ()  # (code, title) of files the sheet names


def export_worksheet(ws: Workspace, assessment_id: int, target: Path, *,
                     include_confidential: bool = False) -> Path:
    from epss.fileio import OutputError
    from epss.services.exchange.worksheet import WorksheetError, write_worksheet

    assessment = ws.get_assessment(assessment_id)
    agency = ws.store.get_agency(assessment.agency_id)
    assert agency is not None  # a foreign key guarantees it
    try:
        write_worksheet(target, ws.catalog, agency=agency, assessment=assessment,
                        answers=ws.answers(assessment.id),
                        attachments=ws.evidence(assessment.id),
                        scorecard=ws.scorecard(assessment.id),
                        include_confidential=include_confidential)
    except (WorksheetError, OutputError) as exc:
        raise WorkspaceError(str(exc)) from None
    return target


def import_worksheet(ws: Workspace, source: Path, year: int, kind: str = "mandiri", *,
                     skip_bad_rows: bool = False, dry_run: bool = False,
                     clear_blank: bool = False, create: bool = False) -> WorksheetImport:
    """Read the sheet, refuse it whole on any bad row (unless ``skip_bad_rows``), then apply.

    ``dry_run``: say what would change and write nothing. ``clear_blank``: an empty level cell
    clears a saved level instead of being a bad row, and an empty explanation cell a saved
    explanation instead of leaving it (with a warning). ``create``: make the assessment if the
    year and kind have none instead of refusing.
    """
    from epss.core.validate import YEAR_MAX, YEAR_MIN
    from epss.services.exchange.worksheet import WorksheetError, read_worksheet

    if not YEAR_MIN <= year <= YEAR_MAX:
        raise WorkspaceError(f"tahun harus antara {YEAR_MIN} dan {YEAR_MAX}, bukan {year}")
    try:
        read = read_worksheet(source, ws.catalog)
    except WorksheetError as exc:
        raise WorkspaceError(str(exc)) from None
    if read.request_opd and read.request_year not in (None, year):
        raise WorkspaceError(f"{source.name} adalah lembar permintaan OPD {read.request_opd} "
                             f"untuk tahun {read.request_year}, bukan {year}")
    if read.request_opd and clear_blank:
        raise WorkspaceError(f"{source.name} adalah lembar permintaan OPD {read.request_opd}: "
                             "isinya menjadi usulan, --clear-blank tidak berlaku")
    options = {"skip_bad_rows": skip_bad_rows, "clear_blank": clear_blank, "create": create}
    if dry_run:
        return _result(ws, source, year, kind, read, **options)[0]
    with ws.store.transaction():  # planned under the write lock: nobody changes it meanwhile
        result, existing, plan = _result(ws, source, year, kind, read, **options)
        assessment = existing or ws.new_assessment(year, kind)  # nested: same transaction
        _apply(ws, assessment.id, plan, source.name, result)
    return result


def _result(ws: Workspace, source: Path, year: int, kind: str, read: Any, *,
            skip_bad_rows: bool, clear_blank: bool, create: bool
            ) -> tuple[WorksheetImport, Assessment | None, dict[str, Any]]:
    """What the import would do, or the refusal; the same for a dry run and the real one."""
    from epss.core.model import KIND_LABELS

    existing = ws.store.find_assessment(ws.agency.id, year, kind)
    if existing is None and not create:
        raise WorkspaceError(f"belum ada penilaian {kind} {year}; "
                             "tambahkan --create untuk membuatnya")
    if existing is not None and existing.status == "final":
        raise WorkspaceError(f"{existing.label} berstatus final dan tidak bisa diubah")
    answers = ws.answers(existing.id) if existing else {}
    rows, unreadable = _unreadable_cells(read, answers, clear_blank,
                                         keep_blank=bool(read.request_opd))
    problems = tuple(sorted((*read.problems, *unreadable), key=lambda p: p.row or 0))
    if problems and (not skip_bad_rows or not rows):
        raise WorkspaceError(_problems_message(source, problems, skip_bad_rows))
    plan = _plan(ws, existing, answers, read, rows, clear_blank)
    merge = bool(read.request_opd)
    result = WorksheetImport(f"{KIND_LABELS[kind]} {year}", existing is None, len(rows),
                             () if merge else tuple(plan["changed"]), len(plan["links"]),
                             sum(len(a.file_titles) for a in rows.values()),
                             problems, tuple(plan["cleared"]),
                             tuple((c, ws.catalog.indicator(c).name) for c in read.missing),
                             tuple(plan["cleared_explanations"]), tuple(plan["warnings"]),
                             read.request_opd, tuple(plan["changed"]) if merge else (),
                             tuple((c, t) for c, a in rows.items() for t in a.file_titles))
    return result, existing, plan


KEPT_EXPLANATION = "penjelasan kosong di lembar kerja; penjelasan tersimpan dipertahankan"


def _unreadable_cells(read: Any, answers: dict[str, Any], clear_blank: bool, *,
                      keep_blank: bool = False) -> tuple[dict[str, Any], list[Problem]]:
    """The rows to take, and the empty or unreadable cells that make a row bad.

    An empty level cell where no level is saved changes nothing (an unanswered indicator
    exported and read back); where one is saved it is a bad row unless ``clear_blank``. A level
    formula whose value the file does not carry is a bad row even without a saved level: the
    sheet meant some level and which one cannot be read.

    An explanation formula without a value is a bad row too, saved explanation or not, and not
    the warning an empty explanation cell gets (``_plan``): an empty cell says nothing, so
    keeping what is saved is what its author expects, but a formula says "the text is this",
    and neither keeping the saved text nor taking "" would be what the sheet shows in Excel;
    an import that reports success while holding other text than the sheet's is the silent loss
    this module refuses. (A formula whose value is "" reads the same and is refused the same;
    pasting it as a value, or ``clear_blank``, is the way out.)
    """
    from epss.services.exchange.worksheet import COL_EXPLANATION, COL_LEVEL, Problem

    rows: dict[str, Any] = {}
    problems: list[Problem] = []
    for code, row in read.answers.items():
        before = answers.get(code)
        saved = before.level if before is not None else None
        bad = []
        if row.level is None and not clear_blank:
            if row.formula:
                bad.append((COL_LEVEL, "tingkat berisi rumus tanpa nilai tersimpan (berkas "
                            "disimpan program yang tidak menghitung rumus); simpan ulang di "
                            "Excel atau LibreOffice, tulis angkanya, atau pakai --clear-blank "
                            "untuk mengosongkan tingkatnya"))
            elif saved is not None and not keep_blank:  # an OPD's sheet: empty keeps it
                bad.append((COL_LEVEL, f"tingkat kosong, padahal tersimpan tingkat {saved}; "
                            "isi angka 1-5, atau pakai --clear-blank untuk mengosongkan "
                            "tingkatnya"))
        if row.explanation_formula and not clear_blank:
            bad.append((COL_EXPLANATION, "penjelasan berisi rumus yang nilainya tidak tersimpan "
                        "di berkas (atau kosong), jadi teksnya tidak terbaca; simpan ulang di "
                        "Excel atau LibreOffice, ganti rumusnya dengan teks (Tempel Nilai), "
                        "atau pakai --clear-blank untuk mengosongkan penjelasannya"))
        if not bad:
            rows[code] = row
        problems.extend(Problem(read.sheet, row.row, column, message) for column, message in bad)
    return rows, problems


def _problems_message(source: Path, problems: tuple[Problem, ...], skip: bool) -> str:
    shown = "\n  ".join(str(p) for p in problems[:50])
    more = f"\n  … dan {len(problems) - 50} masalah lain" if len(problems) > 50 else ""
    tail = ("tidak ada baris yang baik untuk diimpor" if skip else
            "tidak ada yang diimpor; perbaiki barisnya atau pakai --skip-bad-rows")
    return f"{source.name}: {len(problems)} masalah ({tail}):\n  {shown}{more}"


def _plan(ws: Workspace, existing: Assessment | None, answers: dict[str, Any], read: Any,
          rows: dict[str, Any], clear_blank: bool) -> dict[str, Any]:
    """What the import would change (of the good ``rows``), computed before writing.

    An empty explanation cell over a saved explanation keeps it and is a warning, not a bad
    row: the level, links and other rows of the sheet are still wanted, and what is kept is
    exactly what the user saved. Only ``clear_blank`` lets the cell clear it, listed.
    """
    from epss.services.exchange.worksheet import COL_EVIDENCE, COL_EXPLANATION, Problem

    links = ws.evidence(existing.id) if existing else []
    have = {(a.indicator, a.url) for a in links if a.url}
    keep_explanation = COL_EXPLANATION not in read.columns
    changed, writes, new_links, cleared = [], [], [], []
    cleared_explanations, kept, warnings = [], [], []
    for code, row in rows.items():
        before = answers.get(code)
        saved = before.explanation if before else ""
        explanation = saved if keep_explanation else row.explanation
        if not keep_explanation and saved.strip() and not explanation.strip():
            if read.request_opd:
                explanation = saved  # an OPD's sheet proposes; an empty cell keeps what is saved
            elif clear_blank:
                explanation = ""  # cleared, whatever whitespace the cell held
                cleared_explanations.append((code, saved))
            else:
                explanation = saved
                kept.append(code)
                warnings.append(Problem(read.sheet, row.row, COL_EXPLANATION, KEPT_EXPLANATION))
        level = row.level
        if read.request_opd and level is None and before is not None:
            level = before.level  # a request sheet proposes; an empty cell keeps what is saved
        if before is None and level is None and not explanation:
            pass
        elif before is None or before.level != level or before.explanation != explanation:
            changed.append(code)
            writes.append((code, level, explanation,
                           (before.level, before.explanation) if before else None))
            if before is not None and before.level is not None and level is None:
                cleared.append((code, before.level))
        if COL_EVIDENCE in read.columns:
            for link in row.links:
                url = check_url(link.url)
                if len(link.title) > MAX_TITLE:
                    raise WorkspaceError(f"baris {row.row}: judul tautan paling panjang "
                                         f"{MAX_TITLE} karakter")
                if (code, url) not in have:
                    have.add((code, url))
                    new_links.append((code, link.title, url))
    return {"changed": changed, "writes": writes, "links": new_links, "cleared": cleared,
            "cleared_explanations": cleared_explanations, "kept_explanations": kept,
            "warnings": warnings}


def _apply(ws: Workspace, assessment_id: int, plan: dict[str, Any], source: str,
           result: WorksheetImport) -> None:
    store = ws.store
    if result.opd:
        _apply_request(ws, assessment_id, plan, source, result)
        return
    for code, level, explanation, _before in plan["writes"]:
        store.put_answer(assessment_id, code, level, explanation, False, ws.actor)
    for code, title, url in plan["links"]:
        ws.link_evidence(assessment_id, code, url, title=title)  # nested transaction
    if plan["writes"]:
        store.touch_assessment(assessment_id)
    store.append_event(ws.actor, "import_xlsx", "assessment", assessment_id, {
        "source": source,
        "changed": {code: {"before": list(before) if before else None,
                           "after": [level, explanation]}
                    for code, level, explanation, before in plan["writes"]},
        "links_added": len(plan["links"]),
        "skipped_rows": [p.row for p in result.skipped],
        "cleared": [code for code, _ in result.cleared],
        "missing_rows": [code for code, _ in result.missing],
        "cleared_explanations": [code for code, _ in result.cleared_explanations],
        "kept_explanations": plan["kept_explanations"],
    })


def _apply_request(ws: Workspace, assessment_id: int, plan: dict[str, Any], source: str,
                   result: WorksheetImport) -> None:
    """An OPD's request sheet: links added (with the OPD's kegiatan when it holds exactly one
    share of the indicator), changed levels and explanations kept as proposals."""
    store = ws.store
    shares = ws.coordination.kegiatan_shares(assessment_id, result.opd)
    for code, level, explanation, _before in plan["writes"]:
        store.put_proposal(assessment_id, code, level, explanation, source)
    for code, title, url in plan["links"]:
        att = ws.link_evidence(assessment_id, code, url, title=title)  # nested transaction
        if len(shares.get(code, ())) == 1:
            store.update_attachment(att.id, kegiatan_id=shares[code][0])
    store.append_event(ws.actor, "import_request", "assessment", assessment_id, {
        "source": source,
        "opd": result.opd,
        "proposed": {code: {"before": list(before) if before else None,
                            "proposed": [level, explanation]}
                     for code, level, explanation, before in plan["writes"]},
        "links_added": len(plan["links"]),
        "files": [list(f) for f in result.files],
        "skipped_rows": [p.row for p in result.skipped],
        "missing_rows": [code for code, _ in result.missing],
    })
