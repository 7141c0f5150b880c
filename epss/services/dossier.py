"""Workspace -> the plain context a report template prints (the Indico pattern).

Templates receive dicts of strings, numbers and booleans only: every decision about what a page
says (which evidence is hidden as confidential, which history exists, how a score is worded) is
made here, in Python, where it can be tested; the templates only lay it out. The ``reports``
package, which knows nothing of EPSS, turns the context into a PDF.
"""

from __future__ import annotations

import base64
import datetime as _dt
import re
import textwrap
import tomllib
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epss import __version__
from epss.core.catalog import Catalog, Edition
from epss.core.errors import WorkspaceError
from epss.core.history import ShownIps, format_signed
from epss.core.manifest import manifest_hash
from epss.core.model import KIND_LABELS, STATUS_LABELS, Assessment, Attachment
from epss.core.scoring import Scorecard, format_id, predikat_basis, predikat_for
from epss.services.profile import (
    Profile,
    award_for_year,
    load_profile,
    logo_bytes,
    logo_media_type,
)
from epss.services.workspace import Workspace

if TYPE_CHECKING:
    from reports.worker import PdfWorker

TEMPLATES = {
    "dossier": ("dossier.html.j2", "Berkas penilaian lengkap: skor, tiap indikator, bukti dukung"),
    "summary": ("summary.html.j2", "Ringkasan skor dalam dua halaman"),
}
AGENCY_KIND_LABELS = {
    "provinsi": "Pemerintah Provinsi", "kabupaten": "Pemerintah Kabupaten",
    "kota": "Pemerintah Kota", "kementerian": "Kementerian", "lembaga": "Lembaga",
}
CONFIDENTIAL = "(rahasia)"
_LINK = "Tautan"
MINUS = "\u2212"  # a printed negative number has a real minus sign, not a hyphen


def _percent(value: Fraction | Decimal, decimals: int = 2) -> str:
    text = format_id(Fraction(value), decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}%"


def _weight2(value: Fraction) -> str:
    """An effective weight as prose prints it: always two decimals ("0,88%")."""
    return f"{format_id(value, 2)}%"


def national_figures(kind: str, ips_rounded: Decimal) -> list[dict[str, Any]]:
    """Published national context for this kind of agency (epss/domains/national.toml), with
    the difference from this agency's (rounded, as published) IPS."""
    raw = tomllib.loads(
        resources.files("epss.core.domains").joinpath("national.toml").read_text("utf-8")
    )
    return [
        {"label": f["label"], "year": f["year"], "value": float(f["value"]),
         "display": format_id(Decimal(f["value"])), "source": f["source"],
         "host": _host(f["source"]),
         # said beside each figure: a BPS-assessed result is not a target
         "basis": "target BPS" if f["label"].startswith("Target") else "hasil penilaian BPS",
         "difference": format_signed(ips_rounded - Decimal(f["value"]))}
        for f in raw["figures"]
        if kind in f["kinds"]
    ]


def _host(url: str) -> str:
    """A source named by its site, as a short citation prints it ("portalsumbawa.com")."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _bands(edition: Edition) -> list[dict[str, Any]]:
    """Bands with the range in words: "1,80 ≤ IPS < 2,60"; the top band includes its max."""
    bands = []
    predicates = edition.predicates
    for i, b in enumerate(predicates):
        low = format_id(Decimal(b.min))
        if i + 1 < len(predicates):
            text = f"{low} ≤ IPS < {format_id(Decimal(predicates[i + 1].min))}"
        else:
            text = f"{low} ≤ IPS ≤ {format_id(Decimal(b.max))}" if b.max else f"IPS ≥ {low}"
        bands.append({"name": b.name, "min": float(b.min), "range": text,
                      **({"max": float(b.max)} if b.max else {})})
    return bands


_SHORT_NAMES = {"Prinsip Satu Data Indonesia": "Prinsip SDI"}


def _short(name: str) -> str:
    """Domain names short enough for a chart label."""
    return _SHORT_NAMES.get(name, name)


def _short_indicator(name: str) -> str:
    """"Tingkat Kematangan Penerapan SDS" -> "Penerapan SDS": every name starts alike."""
    prefix = "Tingkat Kematangan "
    rest = name[len(prefix):] if name.startswith(prefix) else name
    return rest[:1].upper() + rest[1:]


def _evidence_kind(a: Attachment) -> str:
    if a.url:
        return _LINK
    from evidence.sniff import label_for_media_type

    return label_for_media_type(a.media_type)


def _evidence_item(a: Attachment, include_confidential: bool) -> dict[str, Any]:
    hidden = a.confidential and not include_confidential
    return {
        "hidden": hidden,
        "confidential": a.confidential,
        "title": CONFIDENTIAL if hidden else a.title,
        "kind": "" if hidden else _evidence_kind(a),
        "size": None if hidden else a.size,
        "sha256": "" if hidden or not a.blob_sha else a.blob_sha,
        "url": "" if hidden or not a.url else a.url,
        "note": "" if hidden else a.note,
        "indicator": a.indicator,
    }


def _letter(shown: ShownIps) -> Decimal | None:
    """The BPS letter's IPS (rounded as published) when it is the one the assessment is shown
    with everywhere (``Workspace.shown_ips``: one rule for lists, comparisons and documents)."""
    return shown.rounded if shown.source == "reported" else None


def _score(card: Scorecard, edition: Edition, shown: ShownIps) -> dict[str, Any]:
    """The score the document leads with: the levels', or the BPS letter's IPS."""
    ceiling_basis = predikat_basis(card.ips_ceiling, edition)
    letter = _letter(shown)
    return {
        "ips": float(card.ips if letter is None else letter),
        "ips_display": card.ips_display if letter is None else shown.display,
        "predikat": card.predikat if letter is None else shown.predikat,
        "provisional": card.provisional and letter is None,
        "source": "scored" if letter is None else "reported",
        "answered": card.answered,
        "total": card.total,
        "ceiling_display": card.ceiling_display,
        "ceiling_predikat": predikat_for(ceiling_basis, edition),
    }


def _structure(catalog: Catalog, card: Scorecard, ws: Workspace, assessment: Assessment,
               include_confidential: bool) -> list[dict[str, Any]]:
    """Domains -> aspects -> indicators, each with its score, answer and evidence."""
    edition = catalog.edition
    answers = ws.answers(assessment.id)
    evidence: dict[str, list[Attachment]] = {}
    for a in ws.evidence(assessment.id):
        evidence.setdefault(a.indicator, []).append(a)
    domains = []
    for dom in catalog.domains:
        node = card.domain(dom.code)
        aspects = []
        for asp in dom.aspects:
            anode = card.aspect(asp.code)
            indicators = []
            for ind in asp.indicators:
                answer = answers.get(ind.code)
                level = answer.level if answer else None
                indicators.append({
                    "code": ind.code,
                    "name": ind.name,
                    "short_name": _short_indicator(ind.name),
                    "general": ind.general,
                    "effective_weight": _weight2(catalog.effective_weight(ind.code)),
                    "level": level,
                    "level_name": edition.level_name(level) if level else "",
                    "criterion": ind.levels[level] if level else "",
                    "explanation": answer.explanation if answer else "",
                    "carried_over": bool(answer and answer.carried_over),
                    "evidence": [_evidence_item(a, include_confidential)
                                 for a in evidence.get(ind.code, [])],
                })
            aspects.append({
                "code": asp.code, "name": asp.name, "weight": _percent(anode.weight),
                "index": float(anode.index), "index_display": card.display(anode.index),
                "answered": anode.answered, "total": anode.total, "indicators": indicators,
            })
        domains.append({
            "code": dom.code, "name": dom.name, "weight": _percent(node.weight),
            "index": float(node.index), "index_display": card.display(node.index),
            "predikat": predikat_for(predikat_basis(node.index, edition), edition),
            "answered": node.answered, "total": node.total, "aspects": aspects,
        })
    return domains


def _evidence_index(domains: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Number every evidence item once, in catalog order, and return them in that order.

    The number is written into the item itself, so an indicator section and the appendix print
    the same number for the same item: a juror who finds a hash in the appendix can turn to the
    item in its indicator's section, and back."""
    rows: list[dict[str, Any]] = []
    for dom in domains:
        for asp in dom["aspects"]:
            for ind in asp["indicators"]:
                for item in ind["evidence"]:
                    item["number"] = len(rows) + 1
                    rows.append(item)
    return rows


APPENDIX_COLUMNS = 94
"""Characters per line of the appendix listing. It is printed in DejaVu Sans Mono at 8.5 pt
(5.12 pt a character, no printed text is smaller), and 94 of them fit the 174 mm text width."""


def appendix_listing(items: list[dict[str, Any]], *, digits: int,
                     columns: int = APPENDIX_COLUMNS) -> str:
    """Evidence items as a fixed-width index, one line each: number, indicator, and the full
    SHA-256 (or the link), like ``sha256sum`` output.

    The appendix is where a committee matches a file it received against the document, so it
    holds what matching needs and nothing the indicator sections already say: the number is the
    one printed beside the item's title, type and size there. A line of preformatted text an
    item, instead of a box an item with its title repeated, keeps the appendix from being the
    slowest part of the dossier to lay out (it was a fifth of the rendering time). A long link
    wraps here, under its own column, so nothing runs past the margin."""
    return "\n".join(line["lead"] + line["text"]
                     for line in appendix_lines(items, digits=digits, columns=columns))


def appendix_lines(items: list[dict[str, Any]], *, digits: int,
                   columns: int = APPENDIX_COLUMNS) -> list[dict[str, Any]]:
    """:func:`appendix_listing` line by line, as the template prints it: the ``lead`` (number
    and indicator, or the indent of a wrapped link), the ``text``, and the ``href`` that makes
    a link's text clickable (None for a hash)."""
    indent = " " * (digits + 2 + 5 + 2)
    lines = []
    for item in items:
        link = None if item["hidden"] else item["url"]
        target = ("tidak dicantumkan" if item["hidden"]
                  else item["url"] or item["sha256"] or "berkas tanpa isi")
        head = f"{item['number']:>{digits}}  {item['indicator']:<5}  "
        wrapped = textwrap.wrap(target, columns - len(head), break_long_words=True,
                                break_on_hyphens=False)
        lines += [{"lead": head if n == 0 else indent, "text": part, "href": link}
                  for n, part in enumerate(wrapped)]
    return lines


def _appendix(domains: list[dict[str, Any]], total: int) -> list[dict[str, Any]]:
    """The appendix, one listing per domain that has evidence (numbers come from
    :func:`_evidence_index`, which must run first)."""
    digits = len(str(max(total, 1)))
    groups = []
    for dom in domains:
        items = [item for asp in dom["aspects"] for ind in asp["indicators"]
                 for item in ind["evidence"]]
        if items:
            groups.append({"code": dom["code"], "name": dom["name"],
                           "lines": appendix_lines(items, digits=digits)})
    return groups


def _with_short_name(row: dict[str, Any]) -> dict[str, Any]:
    """A comparison row with the indicator name a table column has room for."""
    return {**row, "short_name": _short_indicator(row["name"])}


def _history(ws: Workspace, current: Assessment) -> dict[str, Any] | None:
    """IPS per year (self-assessments and BPS results up to the current year) and, when two
    self-assessment years exist, the domain changes between the first and the last."""
    points = [p for p in ws.trend(("mandiri", "badan")).to_dict()["points"]
              if p["year"] <= current.year]
    if len(points) < 2:
        return None
    years = sorted({p["year"] for p in points})
    by_key = {(p["year"], p["kind"]): p for p in points}
    series = []
    for kind, name in (("mandiri", "Penilaian mandiri"), ("badan", "Hasil BPS")):
        values = [by_key[(y, kind)]["ips"] if (y, kind) in by_key else None for y in years]
        if any(v is not None for v in values):  # labels: the rounding is decided here, not there
            labels = [by_key[(y, kind)]["ips_display"] if (y, kind) in by_key else None
                      for y in years]
            series.append({"name": name, "values": values, "labels": labels})
    rows = [{"year": p["year"], "kind": KIND_LABELS[p["kind"]], "ips": p["ips_display"],
             "predikat": p["predikat"], "provisional": p["provisional"],
             "reported": p["source"] == "reported"} for p in points]
    mandiri_years = [y for y in years if (y, "mandiri") in by_key]
    change = None
    if len(mandiri_years) >= 2:
        comparison = ws.compare_years(mandiri_years[0], mandiri_years[-1]).to_dict()
        change = {
            "first_year": mandiri_years[0], "last_year": mandiri_years[-1],
            "ips_delta": comparison["ips_delta_display"], "counts": comparison["counts"],
            "domains": comparison["domains"],
            "raised": [_with_short_name(i) for i in comparison["indicators"]
                       if (i["delta"] or 0) > 0],
            "lowered": [_with_short_name(i) for i in comparison["indicators"]
                        if (i["delta"] or 0) < 0],
            "notes": comparison["notes"],
        }
    return {"years": years, "series": series, "rows": rows, "change": change}


def _self_vs_badan(ws: Workspace, catalog: Catalog, current: Assessment) -> dict[str, Any] | None:
    """Claimed vs verified for the current year, when a BPS result exists."""
    if current.kind != "mandiri":
        return None
    try:
        ws.assessment(current.year, "badan")
        gap = ws.compare_self_vs_badan(current.year).to_dict()
    except WorkspaceError:
        return None
    if gap["badan"]["ips"] is None:
        return None
    domains = gap["domains"]
    radar = None
    if all(d["mandiri_index"] is not None and d["badan_index"] is not None for d in domains):
        radar = {"axes": [_short(d["name"]) for d in domains], "series": [
            {"name": "Penilaian mandiri", "values": [d["mandiri_index"] for d in domains]},
            {"name": "Hasil BPS", "values": [d["badan_index"] for d in domains]},
        ]}
    return {
        "year": current.year, **gap,
        "differing": [_with_short_name(i) for i in gap["indicators"] if i["gap"]],
        "radar": radar,
    }


def _plan(ws: Workspace, catalog: Catalog, current: Assessment,
          card: Scorecard) -> dict[str, Any] | None:
    """The cheapest way to the next predikat (the planner), for a "Rencana peningkatan" page."""
    names = [b.name for b in catalog.edition.predicates]
    if card.predikat == names[-1]:
        return None
    plan = ws.plan(current.id, names[names.index(card.predikat) + 1])
    result = plan.to_dict()
    for step, raw in zip(result["steps"], plan.steps, strict=True):
        step["short_name"] = _short_indicator(step["name"])
        step["gain_display"] = format_id(raw.gain, 2)  # prose: two decimals
    return result


# -- the agency's own texts and the story page -------------------------------------------------

def _paragraphs(text: str) -> list[str]:
    """Paragraphs split at blank lines; the line breaks inside one are kept (pre-line)."""
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]


def _profile_context(ws: Workspace, profile: Profile, assessment: Assessment) -> dict[str, Any]:
    """The profile as the templates print it, the logo as a data: URI (the renderer fetches
    nothing else), the award only when it is this year's (:func:`award_for_year`)."""
    logo = logo_bytes(ws, profile)
    uri = (f"data:{logo_media_type(logo)};base64,{base64.b64encode(logo).decode('ascii')}"
           if logo else "")
    agency = ws.agency
    place = agency.name
    for prefix in ("Pemerintah ", "Pemkot ", "Pemkab ", "Pemprov "):
        if place.startswith(prefix):
            place = place[len(prefix):]
            break
    return {
        "unit": profile.unit,
        "award": award_for_year(profile.award, assessment.year,
                                ws.assessment(None, assessment.kind).year),
        "foreword": _paragraphs(profile.foreword), "about": _paragraphs(profile.about),
        "highlights": list(profile.highlights), "contact": profile.contact,
        "signer": {"name": profile.signer.name, "nip": profile.signer.nip,
                   "title": profile.signer.title},
        "logo": uri, "place": place,
    }


def evidence_coverage(domains: list[dict[str, Any]]) -> dict[str, Any]:
    """Indicators with at least one piece of evidence (a file or a link), of all."""
    indicators = [i for d in domains for a in d["aspects"] for i in a["indicators"]]
    evidenced = sum(1 for i in indicators if i["evidence"])
    total = len(indicators)
    return {"evidenced": evidenced, "total": total,
            "percent": round(100 * evidenced / total) if total else 0}


def _story(domains: list[dict[str, Any]], history: dict[str, Any] | None,
           plan: dict[str, Any] | None, score: dict[str, Any],
           coverage: dict[str, Any]) -> dict[str, Any]:
    """What page 2 says first: the trend, the strongest and the weakest domain, the evidence
    coverage and the priorities (the plan's first steps)."""
    ranked = sorted(domains, key=lambda d: (-d["index"], d["code"]))
    trend = None
    change = history["change"] if history else None
    if change and history:
        rows = {r["year"]: r for r in history["rows"] if r["kind"] == KIND_LABELS["mandiri"]}
        first, last = rows.get(change["first_year"]), rows.get(change["last_year"])
        if first and last:
            trend = {"first_year": change["first_year"], "last_year": change["last_year"],
                     "first": first["ips"], "last": last["ips"], "delta": change["ips_delta"],
                     "raised": change["counts"]["raised"], "lowered": change["counts"]["lowered"],
                     "unchanged": change["counts"]["unchanged"]}
    priorities = []
    if plan and plan["steps"]:
        priorities = [{"code": st["code"], "short_name": st["short_name"],
                       "from_level": st["from_level"], "to_level": st["to_level"],
                       "gain_display": st["gain_display"]} for st in plan["steps"][:3]]
    return {
        "trend": trend,
        "strongest": {k: ranked[0][k] for k in ("code", "name", "index_display")},
        "weakest": {k: ranked[-1][k] for k in ("code", "name", "index_display")},
        "coverage": coverage,
        "priorities": priorities,
        "plan_target": plan["target"] if plan else None,
        "ips_display": score["ips_display"], "predikat": score["predikat"],
    }


def _methodology(catalog: Catalog, rounding: dict[str, Any], wording: str) -> list[str]:
    """The caveats, gathered in one box: which weights are inferred, the rounding rule, whose
    wording the criteria are."""
    inferred = [ind.code for d in catalog.domains for a in d.aspects for ind in a.indicators
                if ind.weight_confidence != "confirmed"]
    inferred_nodes = sum(1 for d in catalog.domains if d.weight_confidence != "confirmed") + sum(
        1 for d in catalog.domains for a in d.aspects if a.weight_confidence != "confirmed")
    notes = []
    if inferred or inferred_nodes:
        notes.append(
            f"Bobot: {len(inferred)} dari {len(catalog.codes)} bobot indikator dan "
            f"{inferred_nodes} bobot domain/aspek disimpulkan dari sumber publik, belum "
            "dikonfirmasi BPS; skor dihitung dengan bobot katalog yang dipakai.")
    else:
        notes.append("Bobot: semua bobot dalam katalog tercatat sebagai terkonfirmasi.")
    notes.append(
        f"Pembulatan: indeks ditampilkan dengan {rounding['decimals']} desimal (pembulatan "
        f"{rounding['mode']}); predikat ditentukan dari {rounding['basis']}. Aturan pembulatan "
        "resmi belum dipublikasikan: ini pengaturan edisi katalog.")
    notes.append(f"Rumusan indikator dan kriteria: {wording}.")
    notes.append("Angka pembanding nasional adalah hasil penilaian BPS sebagaimana diberitakan; "
                 "IPS instansi ini adalah penilaian mandiri sampai diverifikasi BPS.")
    return notes


def _rounding_note(total_display: str | None, parts: list[str | None], what: str) -> str:
    """Say so when the rounded contributions do not add up to the rounded total."""
    if total_display is None or any(p is None for p in parts):
        return ""
    def value(text: str) -> Decimal:
        return Decimal(text.replace(MINUS, "-").replace("+", "").replace(",", "."))
    summed = sum((value(p) for p in parts if p is not None), Decimal(0))
    if summed == value(total_display):
        return ""
    shown = format_signed(summed)
    return (f"Jumlah kontribusi yang dibulatkan ({shown}) berbeda dari {what} "
            f"({total_display}) karena pembulatan; angka tepatnya sama.")


_SIGNED_KEYS = re.compile(r"(_display|difference|delta|_gap)$")


def typeset_minus(value: Any, key: str = "") -> Any:
    """Every signed figure in the context printed with a real minus sign (U+2212)."""
    if isinstance(value, dict):
        return {k: typeset_minus(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [typeset_minus(v, key) for v in value]
    if isinstance(value, str) and _SIGNED_KEYS.search(key):
        return re.sub(r"(?<![\w,.])-(?=\d)", MINUS, value)
    return value


def build_context(ws: Workspace, assessment_id: int, *, template: str = "dossier",
                  include_confidential: bool = False, include_plan: bool = True,
                  today: _dt.date | None = None) -> dict[str, Any]:
    """Everything a dossier or summary prints, as plain values (signed figures with a real
    minus sign). ``include_plan=False`` leaves the Rencana aksi out (the jury copy).

    The document is dated by its data (:func:`data_as_of`), never by the clock: ``today`` is
    still accepted from callers written before that and changes nothing."""
    del today
    return typeset_minus(_context(ws, assessment_id, template=template,
                                  include_confidential=include_confidential,
                                  include_plan=include_plan))


def _context(ws: Workspace, assessment_id: int, *, template: str, include_confidential: bool,
             include_plan: bool) -> dict[str, Any]:
    if template not in TEMPLATES:
        raise WorkspaceError(f"template tidak dikenal: {template!r}; pilih: {', '.join(TEMPLATES)}")
    catalog = ws.catalog
    edition = catalog.edition
    agency = ws.agency
    assessment = ws.get_assessment(assessment_id)
    card = ws.scorecard(assessment.id)
    shown = ws.shown_ips(assessment.id)
    score = _score(card, edition, shown)
    letter = _letter(shown)
    domains = _structure(catalog, card, ws, assessment, include_confidential)
    attachments = ws.evidence(assessment.id)
    manifest = ws.manifest(assessment.id, include_confidential=include_confidential)
    as_of = data_as_of(ws, assessment, manifest)  # the document's date: never the clock
    kind_title = {"mandiri": "Penilaian Mandiri EPSS", "badan": "Hasil Penilaian Badan EPSS",
                  "target": "Target EPSS"}[assessment.kind]
    files = [a for a in attachments if a.blob_sha]
    evidence_index = _evidence_index(domains)
    explained = sum(1 for d in domains for s in d["aspects"] for i in s["indicators"]
                    if i["explanation"].strip())
    history = _history(ws, assessment)
    plan = _plan(ws, catalog, assessment, card)
    coverage = evidence_coverage(domains)
    rounding = {
        "decimals": edition.rounding.decimals,
        "mode": "setengah ke atas" if edition.rounding.mode == "half-up" else "setengah genap",
        "basis": "IPS yang sudah dibulatkan" if edition.rounding.predikat_basis == "rounded"
        else "IPS tanpa pembulatan",
    }
    wording = _wording(ws)
    self_vs_badan = _self_vs_badan(ws, catalog, assessment)
    if history and history["change"]:
        c = history["change"]
        c["rounding_note"] = _rounding_note(
            c["ips_delta"], [r["contribution_display"] for r in c["domains"]], "perubahan IPS")
    if self_vs_badan:
        self_vs_badan["rounding_note"] = _rounding_note(
            self_vs_badan.get("ips_gap_display"),
            [r["contribution_display"] for r in self_vs_badan["domains"]], "selisih IPS")
    return {
        "template": template,
        "document": {
            "title": f"{kind_title} {assessment.year} — {agency.name}",
            "heading": kind_title,
            "subject": f"{kind_title} {assessment.year}: IPS {score['ips_display']} "
                       f"({score['predikat']})",
            "language": "id",
            "generated": as_of.date().isoformat(),  # creation date = the data's last change
            "data_as_of": as_of.isoformat().replace("+00:00", "Z"),
            "tool": f"epss {__version__}",
            "draft": assessment.status != "final",
            "include_plan": include_plan,
        },
        "profile": _profile_context(ws, load_profile(ws), assessment),
        "agency": {"name": agency.name, "kind": AGENCY_KIND_LABELS[agency.kind],
                   "code": agency.code},
        "assessment": {
            "year": assessment.year, "kind": KIND_LABELS[assessment.kind],
            "status": STATUS_LABELS[assessment.status], "title": assessment.title,
            "edition": edition.title if assessment.edition == edition.id else assessment.edition,
            "updated": assessment.updated_at,
            "wording": wording,
        },
        "score": score,
        "bands": _bands(edition),
        "levels": [{"level": lv.level, "name": lv.name, "meaning": lv.meaning}
                   for lv in edition.levels],
        "rounding": rounding,
        "methodology": _methodology(catalog, rounding, wording),
        "national": national_figures(agency.kind, card.ips_rounded if letter is None else letter),
        "domains": domains,
        "charts": {
            "domain_bars": [{"label": f"{d['code']} {_short(d['name'])}", "value": d["index"],
                             "display": d["index_display"]} for d in domains],
            "radar": {"axes": [_short(d["name"]) for d in domains],
                      "series": [{"name": f"{kind_title} {assessment.year}",
                                  "values": [d["index"] for d in domains]}]},
        },
        "evidence_index": evidence_index,
        "appendix": _appendix(domains, len(evidence_index)),
        "indicator_list": [i for d in domains for a in d["aspects"] for i in a["indicators"]],
        "stats": {
            "files": len(files), "links": sum(1 for a in attachments if a.url),
            "confidential": sum(1 for a in attachments if a.confidential),
            "explained": explained,
            "carried_over": sum(1 for d in domains for s in d["aspects"] for i in s["indicators"]
                                if i["carried_over"]),
        },
        "include_confidential": include_confidential,
        "history": history,
        "plan": plan if include_plan else None,
        "story": _story(domains, history, plan, score, coverage),
        "self_vs_badan": self_vs_badan,
        "manifest": {"hash": manifest_hash(manifest), "created": manifest["created"],
                     "answers": len(manifest["answers"]),
                     "attachments": len(manifest["attachments"])},
    }


FILE_SUFFIXES = {"dossier": "", "summary": "-ringkasan"}


def default_output(ws: Workspace, assessment: Assessment, template: str) -> Path:
    """epss-<code>-<year>-<kind>.pdf (the summary: ...-ringkasan.pdf) in the reports folder
    (``Workspace.reports_folder``, WORKSPACE/reports/ when it is writable): the
    agency code and the year travel with the file when it is mailed or archived."""
    name = (f"epss-{ws.agency.code}-{assessment.year}-{assessment.kind}"
            f"{FILE_SUFFIXES.get(template, '-' + template)}.pdf")
    return ws.reports_folder / name


COVERAGE_SETTING = "dossier_coverage_warn_percent"


def coverage_warning(ws: Workspace, assessment_id: int) -> str:
    """A warning before printing when few indicators have evidence ("" when enough do).
    "Few" is below the setting ``dossier_coverage_warn_percent`` (default 50) of the
    indicators with at least one file or link."""
    threshold = int(ws.setting(COVERAGE_SETTING))
    counts = ws.evidence_counts(assessment_id)
    total = len(ws.catalog.codes)
    evidenced = sum(1 for code in ws.catalog.codes if counts.get(code))
    if total and 100 * evidenced < threshold * total:
        return (f"bukti dukung tipis: baru {evidenced} dari {total} indikator berbukti "
                f"({round(100 * evidenced / total)}%, di bawah batas {threshold}% pengaturan "
                f"{COVERAGE_SETTING}); juri menilai dari bukti dukung")
    return ""


def _created(stamp: str) -> _dt.datetime | None:
    try:
        moment = _dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.UTC)


def _last_change(ws: Workspace, assessment: Assessment) -> str:
    """When an assessment's data last changed, as its manifest's ``created`` says it (the
    assessment, its answers, its evidence), without building the whole manifest."""
    return max([assessment.updated_at,
                *(a.updated_at for a in ws.answers(assessment.id).values()),
                *(a.created_at for a in ws.evidence(assessment.id))])


def data_as_of(ws: Workspace, assessment: Assessment,
               manifest: dict[str, Any] | None = None) -> _dt.datetime:
    """The moment the data a dossier or summary prints last changed: its date on the page and
    in the PDF, so the same data gives the same bytes on any day (issue 17).

    It is the latest of: this assessment's manifest ``created``; the last change of every other
    assessment the document shows (the years up to this one in the history, this year's BPS
    result beside it); the last edit of the agency's profile texts or logo; the last import
    or removal of the official criteria wording. Exporting, settings the document does not
    print and the TUI's preferences leave it alone."""
    from epss.services.profile import SETTING_KEY as PROFILE_KEY

    manifest = manifest if manifest is not None else ws.manifest(assessment.id)
    stamps = [manifest["created"]]
    stamps += [_last_change(ws, other) for other in ws.assessments()
               if other.id != assessment.id and other.year <= assessment.year
               and other.kind in ("mandiri", "badan")]
    stamps += [e.at for e in ws.store.events("workspace", PROFILE_KEY)]
    stamps += [e.at for e in ws.store.events("catalog")]
    moments = [m for m in map(_created, stamps) if m is not None]
    return max(moments) if moments else _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)


def render_report(ws: Workspace, assessment_id: int, *, template: str = "dossier",
                  include_confidential: bool = False, include_plan: bool = True,
                  output: Path | None = None,
                  progress: Callable[[str], None] | None = None,
                  today: _dt.date | None = None, worker: PdfWorker | None = None) -> Path:
    """Build the context, render the PDF (PDF/A-3b with ``manifest.json`` embedded, dated
    the data's last change, :func:`data_as_of`) and write it atomically; returns where it
    went. ``today`` changes nothing (see :func:`build_context`); ``worker`` lays the
    document out in a process that loaded WeasyPrint meanwhile (:mod:`reports.worker`)."""
    from epss.core.manifest import manifest_bytes
    from reports.renderer import Archive, EmbeddedFile, render

    say = progress or (lambda _stage: None)
    say("membaca workspace")
    context = build_context(ws, assessment_id, template=template,
                            include_confidential=include_confidential,
                            include_plan=include_plan, today=today)
    manifest = ws.manifest(assessment_id, include_confidential=include_confidential)
    assessment = ws.get_assessment(assessment_id)
    archive = Archive(created=data_as_of(ws, assessment, manifest), files=[EmbeddedFile(
        "manifest.json", manifest_bytes(manifest),
        "Manifes data penilaian; SHA-256 berkas ini tercetak di dokumen")])
    pdf = render(TEMPLATES[template][0], context, progress=say, archive=archive, worker=worker)
    target = output or default_output(ws, assessment, template)
    write_output(target, pdf)
    say("selesai")
    return target


def _wording(ws: Workspace) -> str:
    """Whose words the indicator names and level criteria are, said on the manifest page."""
    source = ws.criteria_source()
    if source is None:
        return "katalog epss (rumusan sendiri, merujuk Peraturan BPS 3/2022)"
    return f"LKE resmi, berkas {source['source']} (diimpor {source['imported_at'][:10]})"


def write_output(target: Path, data: bytes) -> None:
    """Write a rendered report atomically; a failure (no room, no permission) is a
    ``WorkspaceError`` with the reason, and nothing half-written is left."""
    from epss.fileio import OutputError, write_atomic

    try:
        write_atomic(target, data)
    except OutputError as exc:
        raise WorkspaceError(str(exc)) from None
