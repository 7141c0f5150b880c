"""The evaluation worksheet (LKE xlsx) against a workspace: export, and import of answers.

``lke.py`` reads and writes the file; this module decides what an import does to the
assessment. The sheet is authoritative for the rows it holds (after an import the levels and
explanations equal the sheet's, so a round trip is lossless), links are added and never removed
(a sheet cannot say "detach"), and files are only listed by title (a spreadsheet cannot carry
them). All of it happens in one transaction with one audit event, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epss.workspace import MAX_TITLE, WorkspaceError, check_url

if TYPE_CHECKING:
    from epss.exchange.lke import Problem
    from epss.model import Assessment
    from epss.workspace import Workspace


@dataclass(frozen=True)
class WorksheetImport:
    label: str  # of the assessment, e.g. "Penilaian mandiri 2024"
    created: bool  # the assessment did not exist and was made for this import
    rows: int  # good rows read
    changed: tuple[str, ...]  # codes whose level or explanation changed
    links_added: int
    file_titles: int  # evidence files named in the sheet (not importable from a sheet)
    skipped: tuple[Problem, ...]  # bad rows left out (only with skip_bad_rows)


def export_worksheet(ws: Workspace, assessment_id: int, target: Path, *,
                     include_confidential: bool = False) -> Path:
    from epss.exchange.lke import WorksheetError, write_worksheet
    from epss.fileio import OutputError

    assessment = ws.get_assessment(assessment_id)
    agency = ws.store.get_agency(assessment.agency_id)
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
                     skip_bad_rows: bool = False, dry_run: bool = False) -> WorksheetImport:
    """Read the sheet, refuse it whole on any bad row (unless ``skip_bad_rows``), then apply.

    ``dry_run``: say what would change and write nothing.
    """
    from epss.exchange.lke import WorksheetError, read_worksheet
    from epss.model import YEAR_MAX, YEAR_MIN

    if not YEAR_MIN <= year <= YEAR_MAX:
        raise WorkspaceError(f"tahun harus antara {YEAR_MIN} dan {YEAR_MAX}, bukan {year}")
    try:
        read = read_worksheet(source, ws.catalog)
    except WorksheetError as exc:
        raise WorkspaceError(str(exc)) from None
    if read.problems and (not skip_bad_rows or not read.answers):
        raise WorkspaceError(_problems_message(source, read.problems, skip_bad_rows))
    if dry_run:
        return _result(ws, year, kind, read)[0]
    with ws.store.transaction():  # planned under the write lock: nobody changes it meanwhile
        result, existing, plan = _result(ws, year, kind, read)
        assessment = existing or ws.new_assessment(year, kind)  # nested: same transaction
        _apply(ws, assessment.id, plan, source.name, read)
    return result


def _result(ws: Workspace, year: int, kind: str, read: Any
            ) -> tuple[WorksheetImport, Assessment | None, dict[str, Any]]:
    from epss.model import KIND_LABELS

    existing = ws.store.find_assessment(ws.agency.id, year, kind)
    if existing is not None and existing.status == "final":
        raise WorkspaceError(f"{existing.label} berstatus final dan tidak bisa diubah")
    plan = _plan(ws, existing, read)
    result = WorksheetImport(f"{KIND_LABELS[kind]} {year}", existing is None, len(read.answers),
                             tuple(plan["changed"]), len(plan["links"]),
                             sum(len(a.file_titles) for a in read.answers.values()),
                             tuple(read.problems))
    return result, existing, plan


def _problems_message(source: Path, problems: tuple[Problem, ...], skip: bool) -> str:
    shown = "\n  ".join(str(p) for p in problems[:50])
    more = f"\n  … dan {len(problems) - 50} masalah lain" if len(problems) > 50 else ""
    tail = ("tidak ada baris yang baik untuk diimpor" if skip else
            "tidak ada yang diimpor; perbaiki barisnya atau pakai --skip-bad-rows")
    return f"{source.name}: {len(problems)} masalah ({tail}):\n  {shown}{more}"


def _plan(ws: Workspace, existing: Assessment | None, read: Any) -> dict[str, Any]:
    """What the import would change, computed before the transaction."""
    from epss.exchange.lke import COL_EVIDENCE, COL_EXPLANATION

    answers = ws.answers(existing.id) if existing else {}
    links = ws.evidence(existing.id) if existing else []
    have = {(a.indicator, a.url) for a in links if a.url}
    keep_explanation = COL_EXPLANATION not in read.columns
    changed, writes, new_links = [], [], []
    for code, row in read.answers.items():
        before = answers.get(code)
        explanation = (before.explanation if before else "") if keep_explanation \
            else row.explanation
        level = row.level
        if before is None and level is None and not explanation:
            pass
        elif before is None or before.level != level or before.explanation != explanation:
            changed.append(code)
            writes.append((code, level, explanation,
                           (before.level, before.explanation) if before else None))
        if COL_EVIDENCE in read.columns:
            for link in row.links:
                url = check_url(link.url)
                if len(link.title) > MAX_TITLE:
                    raise WorkspaceError(f"baris {row.row}: judul tautan paling panjang "
                                         f"{MAX_TITLE} karakter")
                if (code, url) not in have:
                    have.add((code, url))
                    new_links.append((code, link.title, url))
    return {"changed": changed, "writes": writes, "links": new_links}


def _apply(ws: Workspace, assessment_id: int, plan: dict[str, Any], source: str,
           read: Any) -> None:
    store = ws.store
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
        "skipped_rows": [p.row for p in read.problems],
    })
