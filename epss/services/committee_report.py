"""The committee report (PDF): the award's ranking as plain values for committee.html.j2.

Everything a reader needs to audit the result is printed: the rubric with assumed weights
marked, the leaderboard of every stage and who advanced, each entrant's breakdown (each
criterion's value and contribution, the jury rule and spread), the raw jury scores, the IPS
mapping, the tie rule, and each entrant's bundle hash so the result can be traced to the data.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from epss import __version__
from epss.core.award import TRIM_FROM, Entrant, Part, Ranking, Row, display, standings
from epss.services.committee import AwardInfo, EntrantInfo
from epss.services.dossier import AGENCY_KIND_LABELS, write_output
from epss.services.workspace import Workspace

TEMPLATE = "committee.html.j2"
SOURCE_LABELS = {"epss_ips": "IPS EPSS", "input": "isian komite", "jury": "juri"}


def stage_title(number: int, name: str) -> str:
    """'Tahap I: ...' as the rubric names it, or 'Tahap 2: ...' when the name has no number."""
    return name if name.casefold().startswith("tahap") else f"Tahap {number}: {name}"


def _part(part: Part) -> dict[str, Any]:
    crit = part.criterion
    jury = None
    if part.jury is not None:
        jury = {"rule": part.jury.rule_text, "jurors": part.jury.jurors,
                "low": display(part.jury.low), "high": display(part.jury.high),
                "spread": display(part.jury.spread), "dropped": ", ".join(part.jury.dropped)}
    return {"id": crit.id, "name": crit.name, "source": SOURCE_LABELS[crit.source],
            "weight": f"{crit.weight}".replace(".", ","),
            "assumed": crit.weight_confidence == "assumed",
            "value": display(part.value), "contribution": display(part.contribution),
            "jury": jury}


def _row(row: Row) -> dict[str, Any]:
    return {"rank": row.rank, "name": row.entrant.name, "key": row.entrant.key,
            "score": display(row.score), "stage_score": display(row.stage_score),
            "advanced": row.advanced, "complete": row.complete,
            "missing": ", ".join(row.missing), "parts": [_part(p) for p in row.parts]}


def _stages(ranking: Ranking, entered: int) -> list[dict[str, Any]]:
    result = []
    for number, stage_result in enumerate(ranking.stages, 1):
        stage = stage_result.stage
        result.append({
            "number": number, "name": stage_title(number, stage.name), "note": stage.note,
            "weight": f"{stage.weight}".replace(".", ","), "advance": stage_result.advance,
            "last": number == len(ranking.rubric.stages),
            "ranked": [_row(r) for r in stage_result.ranked],
            "incomplete": [_row(r) for r in stage_result.incomplete],
            "not_reached": entered - len(stage_result.rows),
            "criteria": [{"id": c.id, "name": c.name, "source": SOURCE_LABELS[c.source],
                          "weight": f"{c.weight}".replace(".", ","),
                          "assumed": c.weight_confidence == "assumed", "note": c.note}
                         for c in stage.criteria],
        })
    return result


def _verdict(ranking: Ranking, number: int, row: Row) -> str:
    stage = ranking.stages[number - 1]
    if not row.advanced or stage.advance is None:
        return ""
    return "menang" if number == len(ranking.rubric.stages) else "lanjut"


def _entrant_pages(ranking: Ranking, entrants: list[EntrantInfo]) -> list[dict[str, Any]]:
    """One block per entrant: its data and, per stage it reached, its breakdown."""
    rows_by_key: dict[str, list[tuple[int, Row]]] = {}
    for number, stage_result in enumerate(ranking.stages, 1):
        for row in stage_result.rows:
            rows_by_key.setdefault(row.entrant.key, []).append((number, row))
    where = standings(ranking)
    pages = []
    for e in entrants:
        reached = rows_by_key.get(e.key, [])
        standing = where.get(e.key)
        pages.append({
            "name": e.name, "key": e.key, "kind": AGENCY_KIND_LABELS[e.agency.kind],
            "code": e.agency.code, "assessment": e.assessment.label,
            "ips": f"{e.ips:.2f}".replace(".", ",") if e.ips is not None else None,
            "ips_source": {"scored": "dari tingkat 38 indikator",
                           "reported": "dari surat hasil BPS"}.get(e.ips_source or "", ""),
            "predikat": e.predikat, "ips_note": e.ips_note,
            "bundle": e.bundle_name, "bundle_hash": e.bundle_hash,
            "entered": e.entered_at[:10],
            "outcome": standing.outcome if standing else "tidak masuk tahap mana pun",
            "stages": [{"number": n, "stage": stage_title(n, ranking.stages[n - 1].stage.name),
                        **_row(r), "verdict": _verdict(ranking, n, r)} for n, r in reached],
        })
    return pages


def _jury_tables(award: AwardInfo, plain: list[Entrant]) -> list[dict[str, Any]]:
    """The raw scores per jury criterion: entrant x juror, so the aggregate can be redone."""
    result = []
    for crit in (c for s in award.rubric.stages for c in s.criteria if c.source == "jury"):
        scored = sorted(((e.name, e.jury[crit.id]) for e in plain if e.jury.get(crit.id)),
                        key=lambda item: item[0])
        jurors = sorted({j for _, scores in scored for j in scores}, key=str.casefold)
        rows = [{"name": name, "scores": [display(scores[j]) if j in scores else "–"
                                          for j in jurors]} for name, scores in scored]
        result.append({"id": crit.id, "name": crit.name, "jurors": jurors, "rows": rows})
    return result


def build_context(ws: Workspace, award: AwardInfo,
                  today: _dt.date | None = None) -> dict[str, Any]:
    committee = ws.committee
    entrants = committee.entrants(award)
    plain = committee.plain_entrants(award, entrants)
    ranking = committee.ranking(award, plain=plain)
    organiser = ws.agency
    today = today or _dt.date.today()
    stages = _stages(ranking, len(entrants))
    final = stages[-1] if stages else None
    if final is None:
        winners = []
    elif final["advance"]:  # the rubric says how many win
        winners = [r for r in final["ranked"] if r["advanced"]]
    else:  # no cut on the last stage: the podium, the full table follows
        winners = final["ranked"][:3]
    rubric = award.rubric
    return {
        "document": {
            "title": f"Laporan Komite — {award.label}",
            "heading": f"Laporan Komite {rubric.title}",
            "subject": f"Peringkat {award.label}: {len(entrants)} peserta",
            "language": "id", "generated": today.isoformat(), "tool": f"epss {__version__}",
        },
        "agency": {"name": organiser.name, "kind": AGENCY_KIND_LABELS[organiser.kind],
                   "code": organiser.code},
        "assessment": {"year": award.year},  # the running header's year
        "award": {"key": award.key, "title": rubric.title, "year": award.year,
                  "description": rubric.description, "sources": list(rubric.sources),
                  "rubric_sha256": award.rubric_sha256, "assumed": rubric.assumed,
                  "created": award.created_at[:10]},
        "stages": stages,
        "winners": winners,
        "final_decided": bool(final and final["ranked"]),
        "entrants": _entrant_pages(ranking, entrants),
        "jury": _jury_tables(award, plain),
        "rules": {"tie": ranking.tie_rule, "ips_mapping": ranking.ips_mapping,
                  "trim_from": TRIM_FROM},
        "counts": {"entrants": len(entrants),
                   "with_ips": sum(1 for e in entrants if e.ips is not None)},
    }


def default_output(ws: Workspace, award: AwardInfo) -> Path:
    """WORKSPACE/reports/komite-<award>.pdf"""
    return ws.root / "reports" / f"komite-{award.key}.pdf"


def render_committee_report(ws: Workspace, award: AwardInfo, target: Path, *,
                            today: _dt.date | None = None,
                            progress: Callable[[str], None] | None = None) -> Path:
    """Build the context, render the PDF and write it atomically; returns where it went."""
    from reports.renderer import render

    say = progress or (lambda _stage: None)
    say("membaca workspace")
    pdf = render(TEMPLATE, build_context(ws, award, today), progress=say)
    write_output(target, pdf)
    say("selesai")
    return target
