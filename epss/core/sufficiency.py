"""Evidence sufficiency: the rules by which a BPS assessor (TPB) lowers a level although the
basic checks of ``review`` pass.

The rules are data in the edition (``review_rules`` in edition.toml, each with its source and
confidence); this module only knows how to check each rule id. Pure: it reads records and
returns findings, so the TUI's Periksa, ``epss periksa`` and the dossier agree.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from epss.core.catalog import Catalog, Indicator, ReviewRule
from epss.core.model import Answer, Attachment, Comment, Kegiatan
from epss.core.review import Finding


@dataclass(frozen=True, slots=True)
class Situation:
    """Everything the rules read about one assessment."""

    year: int
    answers: Mapping[str, Answer]
    attachments: Sequence[Attachment]
    kegiatan: Sequence[Kegiatan] = ()
    previous: Mapping[str, Answer] | None = None  # the latest earlier answers of this kind
    previous_year: int | None = None  # their year (not always the year before)
    comments: Sequence[Comment] = ()
    max_age_years: int | None = None  # the workspace's setting; None: the rule's own value


Check = Callable[[ReviewRule, Indicator, int | None, list[Attachment], Situation], str | None]


def _specific(ind: Indicator) -> bool:
    return not ind.general


def _uneven(rule: ReviewRule, ind: Indicator, level: int | None, items: list[Attachment],
            s: Situation) -> str | None:
    # With no evidence at all, review's "no_evidence" already says so.
    if level is None or level < rule.min_level or not _specific(ind) or not s.kegiatan \
            or not items:
        return None
    proved = {a.kegiatan_id for a in items}
    missing = [k for k in s.kegiatan if k.id not in proved]
    if not missing:
        return None
    names = ", ".join(f"{k.opd} ({k.name})" for k in missing)
    doubt = (" (apakah indikator ini umum belum pasti)"
             if ind.general_confidence in ("uncertain", "unknown") else "")
    if proved == {None}:  # evidence there, but none says which kegiatan it proves
        return (f"tingkat {level}: semua bukti tercatat umum/walidata, tidak ada yang menyebut "
                f"kegiatan terpilih {names}{doubt}; sebutkan kegiatannya pada bukti "
                f"(jenis bukti, j)")
    return f"tingkat {level}: tidak ada bukti untuk kegiatan terpilih {names}{doubt}"


def _formal(rule: ReviewRule, ind: Indicator, level: int | None, items: list[Attachment],
            s: Situation, catalog: Catalog) -> str | None:
    if level is None or level < rule.min_level or not items:
        return None
    kinds = [catalog.edition.evidence_kind(a.doc_kind) for a in items if a.doc_kind]
    if any(k is not None and k.formal for k in kinds):
        return None
    if len(kinds) < len(items):
        if not any(a.doc_kind for a in s.attachments):
            return None  # nobody marks kinds in this assessment yet: nothing to go on
        unmarked = len(items) - len(kinds)
        return (f"tingkat {level} tanpa dokumen kebijakan/regulasi, SK atau SOP yang ditandai "
                f"({unmarked} bukti belum diberi jenis)")
    return f"tingkat {level} tanpa dokumen kebijakan/regulasi, SK atau SOP"


def _unsigned(rule: ReviewRule, ind: Indicator, level: int | None, items: list[Attachment],
              s: Situation, catalog: Catalog) -> str | None:
    bad = []
    for a in items:
        kind = catalog.edition.evidence_kind(a.doc_kind) if a.doc_kind else None
        if kind is not None and kind.signed and not a.signed:
            bad.append(f"#{a.id} {a.title} ({kind.name})")
    return ("belum bertanda tangan dan cap: " + "; ".join(bad)) if bad else None


def _old(rule: ReviewRule, ind: Indicator, level: int | None, items: list[Attachment],
         s: Situation, catalog: Catalog) -> str | None:
    age = rule.max_age_years if s.max_age_years is None else s.max_age_years
    oldest = s.year - age

    def standing(a: Attachment) -> bool:  # a regulation or SOP holds while in force
        kind = catalog.edition.evidence_kind(a.doc_kind) if a.doc_kind else None
        return kind is not None and kind.standing

    bad = [f"#{a.id} {a.title} ({a.doc_year})" for a in items
           if a.doc_year is not None and a.doc_year < oldest and not standing(a)]
    return (f"bertahun sebelum {oldest}: " + "; ".join(bad)) if bad else None


def _internal(rule: ReviewRule, ind: Indicator, level: int | None, items: list[Attachment],
              s: Situation) -> str | None:
    if level is None or level < rule.min_level or not items:
        return None
    if any(a.for_tpb for a in items):
        return None
    return f"tingkat {level}: {len(items)} bukti semuanya internal, tidak ada di paket untuk TPB"


def _since(s: Situation) -> str:
    """"dalam setahun", or "sejak 2021" when the assessment before this one is older."""
    if s.previous_year is None or s.previous_year == s.year - 1:
        return "dalam setahun"
    return f"sejak {s.previous_year}"


def _when(s: Situation) -> str:
    if s.previous_year is None or s.previous_year == s.year - 1:
        return "tahun lalu"
    return f"tahun {s.previous_year}"


def _jump(rule: ReviewRule, ind: Indicator, level: int | None, items: list[Attachment],
          s: Situation) -> str | None:
    before = s.previous.get(ind.code) if s.previous is not None else None
    if level is None or before is None or before.level is None:
        return None
    if level - before.level >= rule.min_raise:
        return f"dari tingkat {before.level} ke {level} {_since(s)}"
    return None


def _same_text(rule: ReviewRule, ind: Indicator, level: int | None, items: list[Attachment],
               s: Situation) -> str | None:
    before = s.previous.get(ind.code) if s.previous is not None else None
    now = s.answers.get(ind.code)
    if level is None or before is None or before.level in (None, level) or now is None:
        return None
    text = now.explanation.strip()
    if text and text == before.explanation.strip():
        return (f"tingkat {before.level} → {level}, penjelasan sama persis dengan penjelasan "
                f"{_when(s)}")
    return None


def _open_comments(rule: ReviewRule, ind: Indicator, level: int | None,
                   items: list[Attachment], s: Situation) -> str | None:
    open_ = [c for c in s.comments if c.indicator == ind.code and not c.resolved]
    if not open_:
        return None
    first = open_[0].body.strip().splitlines()[0][:80] if open_[0].body.strip() else ""
    return f"{len(open_)} komentar terbuka, mis. {open_[0].author}: {first}"


def findings(catalog: Catalog, situation: Situation,
             disabled: Collection[str] = ()) -> list[Finding]:
    """The findings of every enabled rule, in catalog order and, per indicator, rule order."""
    checks: dict[str, Check] = {
        "ketimpangan-opd": _uneven,
        "tanpa-dokumen-formal": lambda r, i, lv, it, s: _formal(r, i, lv, it, s, catalog),
        "tanpa-tanda-tangan": lambda r, i, lv, it, s: _unsigned(r, i, lv, it, s, catalog),
        "bukti-lama": lambda r, i, lv, it, s: _old(r, i, lv, it, s, catalog),
        "hanya-internal": _internal,
        "naik-dua-tingkat": _jump,
        "penjelasan-tidak-berubah": _same_text,
        "komentar-terbuka": _open_comments,
    }
    rules = [r for r in catalog.edition.review_rules if r.id not in disabled]
    by_code: dict[str, list[Attachment]] = {}
    for att in situation.attachments:
        by_code.setdefault(att.indicator, []).append(att)
    result: list[Finding] = []
    for ind in catalog.indicators:
        answer = situation.answers.get(ind.code)
        level = answer.level if answer else None
        items = by_code.get(ind.code, [])
        for rule in rules:
            detail = checks[rule.id](rule, ind, level, items, situation)
            if detail:
                result.append(Finding(ind.code, rule.id, detail, rule.label))
    return result
