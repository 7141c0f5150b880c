"""The committee report (PDF): the award's ranking as plain values for committee.html.j2.

Everything a reader needs to audit the result is printed: the rubric with assumed weights
marked, the leaderboard of every stage and who advanced (criteria by name), each entrant's
breakdown in rank order (each criterion's value and contribution, the jury rule and spread),
the raw jury scores with the ones a trimmed mean left out marked, the IPS mapping, the tie
rule, each entrant's manifest fingerprint (the same "sidik jari data (manifes)" its dossier
prints) so the result can be traced to the data, and a Berita Acara page the jurors and the
committee chair sign. Stages are numbered one way throughout: Tahap I, II, III.

An award with categories (issue 20) gets one section per category — its winners, its stage
leaderboards and its entrants' blocks, each category ranked on its own — and the Berita Acara
names the winners of each. An Indeks SDI criterion prints the total as given and each domain's
value, with domain names and weights the rubric does not know said to be "belum diketahui".
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epss import __version__
from epss.core.award import (
    SDI_RULE,
    TRIM_FROM,
    Criterion,
    Entrant,
    Part,
    Ranking,
    Row,
    Standing,
    aggregate_jury,
    display,
    standings,
)
from epss.services.committee import AwardInfo, EntrantInfo
from epss.services.dossier import AGENCY_KIND_LABELS, write_output
from epss.services.workspace import Workspace

if TYPE_CHECKING:
    from reports.worker import PdfWorker

TEMPLATE = "committee.html.j2"
SOURCE_LABELS = {"epss_ips": "IPS EPSS", "input": "isian komite", "jury": "juri",
                 "daftar_data": "daftar data (bundel)", "indeks_sdi": "Indeks SDI (isian komite)"}


MANIFEST_TERM = "sidik jari data (manifes)"  # what the dossier calls the SHA-256 of manifest.json
_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_STAGE_PREFIX = re.compile(r"^\s*tahap\s+([0-9]+|[ivxlc]+)\b\s*[:.\-–—]?\s*", re.IGNORECASE)


def roman(number: int) -> str:
    """1 -> I, 3 -> III, 12 -> XII (a rubric has a handful of stages)."""
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def stage_label(number: int) -> str:
    return f"Tahap {roman(number)}"


def stage_title(number: int, name: str) -> str:
    """'Tahap II: hasil EPSS ...' whether the rubric wrote 'Tahap II: ...', 'Tahap 2 - ...'
    or only '... ': one numbering in the whole report."""
    rest = _STAGE_PREFIX.sub("", name, count=1).strip()
    return f"{stage_label(number)}: {rest}" if rest else stage_label(number)


def outcome_text(ranking: Ranking, standing: Standing | None) -> str:
    """Where an entrant ended, with the stage in the report's numbering."""
    if standing is None or standing.row is None:
        return "tidak masuk tahap mana pun"
    row, number = standing.row, standing.stage
    last = number == len(ranking.rubric.stages)
    if not row.complete:
        return f"belum lengkap di {stage_label(number)}"
    if standing.winner:
        return f"pemenang, peringkat {row.rank}"
    if last:
        return f"peringkat {row.rank} tahap akhir"
    if number == len(ranking.stages) and row.advanced:
        return f"lolos {stage_label(number)}, peringkat {row.rank}"
    return f"berhenti di {stage_label(number)}, peringkat {row.rank}"


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
            "missing": ", ".join(row.missing), "parts": [_how(_part(p), row) for p in row.parts]}


def _how(part: dict[str, Any], row: Row) -> dict[str, Any]:
    """A `daftar_data` value says where it came from: "9 dari 14 item di portal = 64,2 %";
    an Indeks SDI value lists its domains' values."""
    if part["source"] == SOURCE_LABELS["daftar_data"]:
        return {**part, "how": row.entrant.daftar_data_note}
    if part["source"] == SOURCE_LABELS["indeks_sdi"]:
        crit = next(p.criterion for p in row.parts if p.criterion.id == part["id"])
        sdi = next(p.sdi for p in row.parts if p.criterion.id == part["id"])
        return {**part, "how": sdi_text(crit, sdi.domains if sdi else None)}
    return {**part, "how": ""}


def sdi_text(crit: Criterion, domains: Any) -> str:
    """"total sebagaimana diberikan; domain-1 (nama belum diketahui) 70,00; ..." (values not
    given print "–")."""
    if domains is None:
        return "Indeks SDI belum dicatat"
    values = "; ".join(f"{d.label} {display(domains.get(d.id)) or '–'}" for d in crit.domains)
    return f"total sebagaimana diberikan; {values}"


def domains_text(crit: Criterion) -> str:
    """The rubric's knowledge of an Indeks SDI criterion's domains, for the rubric table."""
    return "; ".join(f"{d.label}, bobot {d.weight_text}" for d in crit.domains)


def _stages(ranking: Ranking, entered: int) -> list[dict[str, Any]]:
    result = []
    for number, stage_result in enumerate(ranking.stages, 1):
        stage = stage_result.stage
        result.append({
            "number": number, "name": stage_title(number, stage.name), "note": stage.note,
            "weight": f"{stage.weight}".replace(".", ","), "advance": stage_result.advance,
            "last": number == len(ranking.rubric.stages),
            "label": stage_label(number),
            "ranked": [_row(r) for r in stage_result.ranked],
            "incomplete": [_row(r) for r in stage_result.incomplete],
            "not_reached": entered - len(stage_result.rows),
            "upto": stage_label(1) + (f"–{roman(number)}" if number > 1 else ""),
            "criteria": [{"id": c.id, "name": c.name, "source": SOURCE_LABELS[c.source],
                          "weight": f"{c.weight}".replace(".", ","),
                          "assumed": c.weight_confidence == "assumed", "note": c.note,
                          "domains": domains_text(c)}
                         for c in stage.criteria],
        })
    return result


def _verdict(ranking: Ranking, number: int, row: Row) -> str:
    stage = ranking.stages[number - 1]
    if not row.advanced or stage.advance is None:
        return ""
    return "menang" if number == len(ranking.rubric.stages) else "lanjut"


def _entrant_pages(ranking: Ranking, entrants: list[EntrantInfo]) -> list[dict[str, Any]]:
    """One block per entrant (of this ranking's category): its data and, per stage it
    reached, its breakdown."""
    rows_by_key: dict[str, list[tuple[int, Row]]] = {}
    for number, stage_result in enumerate(ranking.stages, 1):
        for row in stage_result.rows:
            rows_by_key.setdefault(row.entrant.key, []).append((number, row))
    where = standings(ranking)
    pages = []
    for e in _in_rank_order(entrants, where):
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
            "outcome": outcome_text(ranking, standing),
            "winner": bool(standing and standing.winner),
            "stages": [{"number": n, "stage": stage_title(n, ranking.stages[n - 1].stage.name),
                        **_row(r), "verdict": _verdict(ranking, n, r)} for n, r in reached],
        })
    return pages


def _in_rank_order(entrants: list[EntrantInfo],
                   where: dict[str, Standing]) -> list[EntrantInfo]:
    """Furthest stage first, ranked before incomplete, then by rank; the rest by name."""
    def key(e: EntrantInfo) -> tuple[Any, ...]:
        standing = where.get(e.key)
        order = standing.order if standing else (1, 2, 0, "")
        return (*order, e.name.casefold(), e.key)
    return sorted(entrants, key=key)


def _jury_tables(award: AwardInfo, plain: list[Entrant],
                 order: dict[str, int]) -> list[dict[str, Any]]:
    """The raw scores per jury criterion: entrant x juror (entrants in rank order), with the
    scores a trimmed mean leaves out marked and the value that counts, so the aggregate can be
    redone by hand."""
    result = []
    for crit in (c for s in award.rubric.stages for c in s.criteria if c.source == "jury"):
        scored = sorted(((e, e.jury[crit.id]) for e in plain if e.jury.get(crit.id)),
                        key=lambda item: (order.get(item[0].key, len(order)),
                                          item[0].name.casefold()))
        jurors = sorted({j for _, scores in scored for j in scores}, key=str.casefold)
        rows = []
        for entrant, scores in scored:
            agg = aggregate_jury(scores)
            rows.append({
                "name": entrant.name,
                "scores": [{"value": display(scores[j]) if j in scores else "–",
                            "dropped": j in agg.dropped} for j in jurors],
                "value": display(agg.value), "trimmed": agg.rule == "trimmed-mean",
                "jurors": agg.jurors})
        result.append({"id": crit.id, "name": crit.name, "jurors": jurors, "rows": rows,
                       "any_trimmed": any(r["trimmed"] for r in rows)})
    return result


def _jurors(plain: list[Entrant]) -> list[str]:
    """Every juror who scored anything in this award, by name."""
    names = {j for e in plain for scores in e.jury.values() for j in scores}
    return sorted(names, key=lambda n: (n.casefold(), n))


def _section(ranking: Ranking, entrants: list[EntrantInfo], name: str | None,
             key: str | None) -> dict[str, Any]:
    """One category's part of the report (the whole award when it has no categories)."""
    stages = _stages(ranking, len(entrants))
    final = stages[-1] if stages else None
    if final is None:
        winners = []
    elif final["advance"]:  # the rubric says how many win
        winners = [r for r in final["ranked"] if r["advanced"]]
    else:  # no cut on the last stage: the podium, the full table follows
        winners = final["ranked"][:3]
    return {"id": key, "name": name, "stages": stages, "winners": winners,
            "final_decided": bool(final and final["ranked"]),
            "entrants": _entrant_pages(ranking, entrants), "count": len(entrants)}


def build_context(ws: Workspace, award: AwardInfo,
                  today: _dt.date | None = None) -> dict[str, Any]:
    committee = ws.committee
    entrants = committee.entrants(award)
    plain = committee.plain_entrants(award, entrants)
    rankings = committee.rankings(award, plain=plain)
    organiser = ws.agency
    today = today or _dt.date.today()
    sections = []
    for item in rankings.categories:
        if item.category is None:
            members = entrants
        else:
            members = [e for e in entrants if e.category == item.category.id]
        sections.append(_section(item.ranking, members,
                                 item.category.name if item.category else None,
                                 item.category.id if item.category else None))
    stages = sections[0]["stages"]
    entrant_pages = [page for section in sections for page in section["entrants"]]
    order = {page["key"]: n for n, page in enumerate(entrant_pages)}
    winners = [w for section in sections for w in section["winners"]]
    assigned = {page["key"] for page in entrant_pages}
    unassigned = [e.name for e in entrants if e.key not in assigned]
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
        "final_decided": sections[0]["final_decided"],
        "entrants": entrant_pages,
        "categories": sections,
        "categorised": rankings.categorised,
        "unassigned": unassigned,
        "sdi": any(c.source == "indeks_sdi" for s in rubric.stages for c in s.criteria),
        "jury": _jury_tables(award, plain, order),
        "jurors": _jurors(plain),
        "manifest_term": MANIFEST_TERM,
        "rules": {"tie": rankings.categories[0].ranking.tie_rule,
                  "ips_mapping": rankings.categories[0].ranking.ips_mapping,
                  "trim_from": TRIM_FROM, "sdi": SDI_RULE},
        "counts": {"entrants": len(entrants),
                   "with_ips": sum(1 for e in entrants if e.ips is not None)},
    }


def default_output(ws: Workspace, award: AwardInfo) -> Path:
    """komite-<award>.pdf in the reports folder (``Workspace.reports_folder``)."""
    return ws.reports_folder / f"komite-{award.key}.pdf"


def render_committee_report(ws: Workspace, award: AwardInfo, target: Path, *,
                            today: _dt.date | None = None,
                            progress: Callable[[str], None] | None = None,
                            worker: PdfWorker | None = None) -> Path:
    """Build the context, render the PDF and write it atomically; returns where it went
    (``worker``: see :func:`epss.services.dossier.render_report`)."""
    from reports.renderer import render

    say = progress or (lambda _stage: None)
    say("membaca workspace")
    pdf = render(TEMPLATE, build_context(ws, award, today), progress=say, worker=worker)
    write_output(target, pdf)
    say("selesai")
    return target
