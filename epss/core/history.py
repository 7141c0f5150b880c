"""Year over year and self vs BPS: what changed between two assessments, and why the IPS moved.

Pure functions over plain inputs (the catalog, ``{code: level}`` dicts and what a BPS letter
reported), so the CLI, the TUI and the report builder all tell the same story and tests can check
the arithmetic by hand.

Three rules keep the comparisons honest:

- Nothing is invented. A BPS result given only as domain indices and/or the IPS is compared at
  that level; indicator gaps are then *unknown* (None), never derived from the indices.
- Unanswered is not level 1. Scoring counts an unanswered indicator at level 1 (what would be
  scored), so the *effects* on the IPS do the same, but an indicator's level change is None when
  either side has no level, and the comparison is flagged provisional.
- Exact arithmetic. Deltas are ``Fraction``; when the edition does not round intermediate
  indices, the per-indicator effects add up to the change of the scored IPS exactly.

Where a value comes from is recorded (``"scored"`` from levels, ``"reported"`` from the letter):
a node (the IPS or a domain) uses the scored value when that side answered every indicator under
it, else the reported value when there is one, else the (provisional) scored value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from epss.core.catalog import Catalog, Rounding
from epss.core.model import ReportedIndices
from epss.core.scoring import (
    Scorecard,
    format_id,
    format_index,
    predikat_basis,
    predikat_for,
    round_index,
    score,
)
from epss.core.validate import ASSESSMENT_KINDS

Levels = Mapping[str, int | None]
Source = Literal["scored", "reported"]
EffectMethod = Literal["linear", "isolated"]


# -- formatting ------------------------------------------------------------------------------


def format_signed(value: Fraction | Decimal | int, decimals: int = 2) -> str:
    """A signed Indonesian number for a change: +0,07, -0,12, 0,00 (half away from zero)."""
    value = Fraction(value)
    text = format_id(abs(value), decimals)
    if value == 0 or not text.strip("0,"):
        return text
    return ("+" if value > 0 else "-") + text


def _float(value: Fraction | Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def _display(value: Fraction | Decimal | None, decimals: int) -> str | None:
    return None if value is None else format_id(value, decimals)


def _signed_display(value: Fraction | Decimal | None, decimals: int) -> str | None:
    return None if value is None else format_signed(value, decimals)


# -- one side of a comparison ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Side:
    """One assessment as a comparison sees it: its levels (if any) and what BPS reported."""

    label: str
    levels: Mapping[str, int]  # answered indicators only
    card: Scorecard | None  # None when no indicator has a level: nothing to score
    reported: ReportedIndices | None
    ips: Fraction | None
    ips_source: Source | None
    predikat: str | None
    rounding: Rounding

    @property
    def has_levels(self) -> bool:
        return self.card is not None

    @property
    def answered(self) -> int:
        return self.card.answered if self.card else 0

    @property
    def total(self) -> int:
        return self.card.total if self.card else 0

    @property
    def complete(self) -> bool:
        """Every indicator has a level."""
        return self.card is not None and not self.card.provisional

    @property
    def provisional(self) -> bool:
        """No IPS at all, or one scored with unanswered indicators counted at level 1."""
        return self.ips is None or (self.ips_source == "scored" and not self.complete)

    @property
    def ips_rounded(self) -> Decimal | None:
        return None if self.ips is None else round_index(self.ips, self.rounding)

    def domain_index(self, code: str) -> tuple[Fraction | None, Source | None]:
        """A domain's index and where it comes from (see the module docstring)."""
        scored = self.card.domain(code) if self.card else None
        if scored is not None and scored.answered == scored.total:
            return scored.index, "scored"
        if self.reported is not None and code in self.reported.domains:
            return Fraction(self.reported.domains[code]), "reported"
        if scored is not None:
            return scored.index, "scored"
        return None, None

    def aspect_index(self, code: str) -> Fraction | None:
        return self.card.aspect(code).index if self.card else None

    def to_dict(self) -> dict[str, Any]:
        decimals = self.rounding.decimals
        return {
            "label": self.label,
            "ips": _float(self.ips),
            "ips_display": _display(self.ips_rounded, decimals),
            "ips_source": self.ips_source,
            "predikat": self.predikat,
            "provisional": self.provisional,
            "answered": self.answered,
            "total": self.total,
            "reported": self.reported.as_text() if self.reported else {},
        }


def side(catalog: Catalog, label: str, levels: Levels,
         reported: ReportedIndices | None = None) -> Side:
    """Resolve one assessment: score its levels (if any) and pick each value's source."""
    answered = {c: lv for c, lv in levels.items() if lv is not None and catalog.has_indicator(c)}
    card = score(catalog, answered) if answered else None
    if reported is not None and reported.empty:
        reported = None
    edition = catalog.edition
    ips: Fraction | None = None
    source: Source | None = None
    if card is not None and not card.provisional:
        ips, source = card.ips, "scored"
    elif reported is not None and reported.ips is not None:
        ips, source = Fraction(reported.ips), "reported"
    elif card is not None:
        ips, source = card.ips, "scored"
    predikat = None if ips is None else predikat_for(predikat_basis(ips, edition), edition)
    return Side(label, answered, card, reported, ips, source, predikat, edition.rounding)


@dataclass(frozen=True, slots=True)
class ShownIps:
    """The IPS an assessment is listed with, and where it comes from: its levels
    (``"scored"``), the BPS letter's reported IPS (``"reported"``), or nothing (``None``: no
    level and no letter, so no invented 1,00)."""

    value: Fraction | None
    rounded: Decimal | None
    source: Source | None
    predikat: str | None
    provisional: bool  # scored with unanswered indicators counted at level 1 (or none at all)
    rounding: Rounding

    @property
    def display(self) -> str:
        """"2,52" in the edition's rounding, or "–" when there is no IPS."""
        return "–" if self.value is None else format_index(self.value, self.rounding)


def shown_ips(s: Side) -> ShownIps:
    """The one rule for which IPS an assessment shows (the list on Beranda, ``epss assessment
    list``, ``epss score``, the committee): the same as a comparison's (see ``side``)."""
    return ShownIps(s.ips, s.ips_rounded, s.ips_source, s.predikat, s.provisional, s.rounding)


def _side_notes(s: Side) -> list[str]:
    """What a reader must know about one side before trusting a comparison with it."""
    notes: list[str] = []
    decimals = s.rounding.decimals
    if s.ips is None:
        notes.append(f"{s.label}: belum ada tingkat indikator maupun IPS yang dilaporkan.")
    elif s.card is None:
        notes.append(f"{s.label}: hanya indeks yang dilaporkan BPS yang diketahui; "
                     "tingkat per indikator tidak diketahui.")
    elif s.provisional:
        notes.append(f"{s.label}: baru {s.answered} dari {s.total} indikator terisi; yang belum "
                     "terisi dihitung tingkat 1, jadi angkanya sementara.")
    if s.complete and s.reported is not None and s.reported.ips is not None and s.card:
        scored = round_index(s.card.ips, s.rounding)
        if scored != round_index(Fraction(s.reported.ips), s.rounding):
            notes.append(
                f"{s.label}: IPS dari surat BPS ({format_id(s.reported.ips, decimals)}) berbeda "
                f"dari IPS yang dihitung dari tingkat per indikator ({format_id(scored, decimals)})"
                "; bobot katalog sebagian masih dugaan, jadi dipakai angka hitungan.")
    return notes


# -- the shared arithmetic of a difference b - a ---------------------------------------------


@dataclass(frozen=True, slots=True)
class _IndicatorRow:
    code: str
    name: str
    effective_weight: Fraction
    a_level: int | None
    b_level: int | None
    delta: int | None
    effect: Fraction | None


@dataclass(frozen=True, slots=True)
class _NodeRow:
    code: str
    name: str
    share: Fraction
    a_index: Fraction | None
    b_index: Fraction | None
    delta: Fraction | None
    contribution: Fraction | None
    a_source: Source | None
    b_source: Source | None


def _effect_method(catalog: Catalog) -> EffectMethod:
    return "linear" if catalog.edition.rounding.intermediate == "none" else "isolated"


def _indicator_rows(catalog: Catalog, a: Side, b: Side) -> list[_IndicatorRow]:
    """Per indicator: b - a in levels, and its effect on the scored IPS (unanswered at 1).

    Linear: effective weight x level change / 100, exact, and the effects add up to the change
    of the scored IPS. Isolated (the edition rounds aspect or domain indices): the change of the
    IPS of ``a`` when only this indicator takes ``b``'s level; these need not add up.
    """
    method = _effect_method(catalog)
    both = a.card is not None and b.card is not None
    rows = []
    for ind in catalog.indicators:
        code = ind.code
        a_level, b_level = a.levels.get(code), b.levels.get(code)
        delta = None if a_level is None or b_level is None else b_level - a_level
        weight = catalog.effective_weight(code)
        effect: Fraction | None = None
        if both:
            if method == "linear":
                effect = weight * ((b_level or 1) - (a_level or 1)) / 100
            elif a_level == b_level:
                effect = Fraction(0)
            else:
                changed = dict(a.levels)
                if b_level is None:
                    changed.pop(code, None)
                else:
                    changed[code] = b_level
                assert a.card is not None
                effect = score(catalog, changed).ips - a.card.ips
        rows.append(_IndicatorRow(code, ind.name, weight, a_level, b_level, delta, effect))
    return rows


def _node_row(code: str, name: str, share: Fraction, a: tuple[Fraction | None, Source | None],
              b: tuple[Fraction | None, Source | None]) -> _NodeRow:
    delta = None if a[0] is None or b[0] is None else b[0] - a[0]
    contribution = None if delta is None else share * delta / 100
    return _NodeRow(code, name, share, a[0], b[0], delta, contribution, a[1], b[1])


def _domain_rows(catalog: Catalog, a: Side, b: Side) -> list[_NodeRow]:
    """Per domain: b - a and its part of the IPS change (domain weight x change / 100)."""
    return [_node_row(d.code, d.name, catalog.weight(d.code), a.domain_index(d.code),
                      b.domain_index(d.code)) for d in catalog.domains]


def _aspect_rows(catalog: Catalog, a: Side, b: Side) -> list[_NodeRow]:
    """Per aspect (from levels only): b - a and its part of the IPS change."""
    rows = []
    for dom in catalog.domains:
        for asp in dom.aspects:
            share = catalog.weight(dom.code) * catalog.weight(asp.code) / 100
            a_index, b_index = a.aspect_index(asp.code), b.aspect_index(asp.code)
            rows.append(_node_row(asp.code, asp.name, share,
                                  (a_index, "scored" if a_index is not None else None),
                                  (b_index, "scored" if b_index is not None else None)))
    return rows


def _ips_delta(a: Side, b: Side) -> Fraction | None:
    return None if a.ips is None or b.ips is None else b.ips - a.ips


def _rounded_delta(a: Side, b: Side) -> Decimal | None:
    """The difference of the two displayed values, so that "2,41 -> 2,52 (+0,11)" adds up."""
    ra, rb = a.ips_rounded, b.ips_rounded
    return None if ra is None or rb is None else rb - ra


def _node_dict(row: _NodeRow, a_name: str, b_name: str, delta_name: str,
               rounding: Rounding) -> dict[str, Any]:
    decimals = rounding.decimals
    a_disp = None if row.a_index is None else round_index(row.a_index, rounding)
    b_disp = None if row.b_index is None else round_index(row.b_index, rounding)
    shown_delta = None if a_disp is None or b_disp is None else b_disp - a_disp
    return {
        "code": row.code,
        "name": row.name,
        "share": float(row.share),
        f"{a_name}_index": _float(row.a_index),
        f"{b_name}_index": _float(row.b_index),
        delta_name: _float(row.delta),
        "contribution": _float(row.contribution),
        f"{a_name}_source": row.a_source,
        f"{b_name}_source": row.b_source,
        f"{a_name}_display": _display(a_disp, decimals),
        f"{b_name}_display": _display(b_disp, decimals),
        f"{delta_name}_display": _signed_display(shown_delta, decimals),
        "contribution_display": _signed_display(row.contribution, decimals),
    }


# -- year over year --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorChange:
    code: str
    name: str
    effective_weight: Fraction  # percent of the IPS
    old_level: int | None
    new_level: int | None
    delta: int | None  # None when either side has no level: a change is not known
    effect: Fraction | None  # change of the scored IPS due to this indicator (see _indicator_rows)

    @property
    def changed(self) -> bool:
        return bool(self.delta)


@dataclass(frozen=True, slots=True)
class NodeChange:
    """An aspect or a domain: its share of the IPS (percent), both indices and the change."""

    code: str
    name: str
    share: Fraction
    old_index: Fraction | None
    new_index: Fraction | None
    delta: Fraction | None
    contribution: Fraction | None  # share x delta / 100: this node's part of the IPS change
    old_source: Source | None
    new_source: Source | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two assessments of one kind, old and new: what moved, by how much, and why."""

    old: Side
    new: Side
    indicators: tuple[IndicatorChange, ...]
    aspects: tuple[NodeChange, ...]
    domains: tuple[NodeChange, ...]
    effect_method: EffectMethod
    notes: tuple[str, ...]

    @property
    def ips_delta(self) -> Fraction | None:
        return _ips_delta(self.old, self.new)

    @property
    def ips_delta_rounded(self) -> Decimal | None:
        return _rounded_delta(self.old, self.new)

    @property
    def predikat_changed(self) -> bool:
        return self.old.predikat != self.new.predikat

    @property
    def provisional(self) -> bool:
        return self.old.provisional or self.new.provisional

    @property
    def indicators_known(self) -> bool:
        """Both sides have indicator levels (else only domain/IPS changes are known)."""
        return self.old.has_levels and self.new.has_levels

    @property
    def effects_total(self) -> Fraction | None:
        """Sum of the per-indicator effects: the change of the scored IPS when linear."""
        if not self.indicators_known:
            return None
        return sum((i.effect for i in self.indicators if i.effect is not None), Fraction(0))

    @property
    def raised(self) -> int:
        return sum(1 for i in self.indicators if i.delta is not None and i.delta > 0)

    @property
    def lowered(self) -> int:
        return sum(1 for i in self.indicators if i.delta is not None and i.delta < 0)

    @property
    def unchanged(self) -> int:
        return sum(1 for i in self.indicators if i.delta == 0)

    @property
    def unknown(self) -> int:
        """Indicators without a level on at least one side."""
        return sum(1 for i in self.indicators if i.delta is None)

    @property
    def unanswered_old(self) -> int:
        return sum(1 for i in self.indicators if i.old_level is None)

    @property
    def unanswered_new(self) -> int:
        return sum(1 for i in self.indicators if i.new_level is None)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: full-precision floats; the ``*_display`` strings carry the rounding.

        A displayed change is the difference of the two displayed values (so 2,41 -> 2,52 reads
        +0,11); ``ips_delta`` is the exact change.
        """
        decimals = self.old.rounding.decimals
        return {
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "ips_delta": _float(self.ips_delta),
            "ips_delta_display": _signed_display(self.ips_delta_rounded, decimals),
            "predikat_changed": self.predikat_changed,
            "provisional": self.provisional,
            "indicators_known": self.indicators_known,
            "effect_method": self.effect_method,
            "effects_total": _float(self.effects_total),
            "counts": {
                "raised": self.raised, "lowered": self.lowered, "unchanged": self.unchanged,
                "unknown": self.unknown, "unanswered_old": self.unanswered_old,
                "unanswered_new": self.unanswered_new, "total": len(self.indicators),
            },
            "domains": [_node_dict(_as_row(d), "old", "new", "delta", self.old.rounding)
                        for d in self.domains],
            "aspects": [_node_dict(_as_row(a), "old", "new", "delta", self.old.rounding)
                        for a in self.aspects],
            "indicators": [
                {"code": i.code, "name": i.name, "effective_weight": float(i.effective_weight),
                 "old_level": i.old_level, "new_level": i.new_level, "delta": i.delta,
                 "effect": _float(i.effect),
                 "effect_display": _signed_display(i.effect, decimals)}
                for i in self.indicators
            ],
            "notes": list(self.notes),
        }


def _as_row(node: NodeChange | NodeGap) -> _NodeRow:
    if isinstance(node, NodeChange):
        return _NodeRow(node.code, node.name, node.share, node.old_index, node.new_index,
                        node.delta, node.contribution, node.old_source, node.new_source)
    return _NodeRow(node.code, node.name, node.share, node.badan_index, node.mandiri_index,
                    node.gap, node.contribution, node.badan_source, node.mandiri_source)


def compare_sides(catalog: Catalog, old: Side, new: Side) -> Comparison:
    """Compare two resolved sides (see ``side``); ``compare_years`` is the usual entry."""
    method = _effect_method(catalog)
    indicators = tuple(IndicatorChange(r.code, r.name, r.effective_weight, r.a_level, r.b_level,
                                       r.delta, r.effect)
                       for r in _indicator_rows(catalog, old, new))
    nodes = [
        tuple(NodeChange(r.code, r.name, r.share, r.a_index, r.b_index, r.delta, r.contribution,
                         r.a_source, r.b_source) for r in rows)
        for rows in (_aspect_rows(catalog, old, new), _domain_rows(catalog, old, new))
    ]
    notes = _side_notes(old) + _side_notes(new)
    if not (old.has_levels and new.has_levels) and old.ips is not None and new.ips is not None:
        notes.append("Perubahan per indikator tidak diketahui: salah satu penilaian hanya "
                     "memuat indeks domain/IPS; perbandingan hanya pada tingkat domain dan IPS.")
    if method == "isolated" and old.has_levels and new.has_levels:
        notes.append("Edisi ini membulatkan indeks antara, jadi dampak tiap indikator adalah "
                     "selisih IPS bila hanya indikator itu yang berubah; jumlahnya bisa berbeda "
                     "dari selisih IPS.")
    return Comparison(old, new, indicators, nodes[0], nodes[1], method, tuple(notes))


def compare_years(catalog: Catalog, old_levels: Levels, new_levels: Levels, *,
                  old_label: str, new_label: str,
                  old_reported: ReportedIndices | None = None,
                  new_reported: ReportedIndices | None = None) -> Comparison:
    """What changed from ``old`` to ``new`` (typically the same kind, consecutive years).

    ``*_reported`` are what a BPS letter stated (for kind badan); they fill in the IPS and
    domain indices a side's levels cannot give, never indicator levels.
    """
    return compare_sides(catalog, side(catalog, old_label, old_levels, old_reported),
                         side(catalog, new_label, new_levels, new_reported))


# -- self vs BPS -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorGap:
    code: str
    name: str
    effective_weight: Fraction
    mandiri_level: int | None
    badan_level: int | None
    gap: int | None  # mandiri - badan: positive = over-claimed; None when either is unknown
    effect: Fraction | None  # how much this gap adds to the self IPS over the BPS one


@dataclass(frozen=True, slots=True)
class NodeGap:
    code: str
    name: str
    share: Fraction
    mandiri_index: Fraction | None
    badan_index: Fraction | None
    gap: Fraction | None  # mandiri - badan
    contribution: Fraction | None  # share x gap / 100: this node's part of the IPS gap
    mandiri_source: Source | None
    badan_source: Source | None


@dataclass(frozen=True, slots=True)
class Gap:
    """A self-assessment against the BPS result of the same year: where the claims differ."""

    mandiri: Side
    badan: Side
    indicators: tuple[IndicatorGap, ...]
    aspects: tuple[NodeGap, ...]
    domains: tuple[NodeGap, ...]
    effect_method: EffectMethod
    notes: tuple[str, ...]

    @property
    def indicator_gaps_known(self) -> bool:
        return self.mandiri.has_levels and self.badan.has_levels

    @property
    def ips_gap(self) -> Fraction | None:
        """Self IPS - BPS IPS (positive: the self-assessment scored higher)."""
        return _ips_delta(self.badan, self.mandiri)

    @property
    def ips_gap_rounded(self) -> Decimal | None:
        return _rounded_delta(self.badan, self.mandiri)

    @property
    def over(self) -> int:
        return sum(1 for i in self.indicators if i.gap is not None and i.gap > 0)

    @property
    def under(self) -> int:
        return sum(1 for i in self.indicators if i.gap is not None and i.gap < 0)

    @property
    def equal(self) -> int:
        return sum(1 for i in self.indicators if i.gap == 0)

    @property
    def unknown(self) -> int:
        return sum(1 for i in self.indicators if i.gap is None)

    @property
    def compared(self) -> int:
        """Indicators with a level on both sides."""
        return len(self.indicators) - self.unknown

    @property
    def mean_abs_gap(self) -> Fraction | None:
        """Mean |gap| in levels over the indicators both sides have; None when there are none."""
        gaps = [abs(i.gap) for i in self.indicators if i.gap is not None]
        return Fraction(sum(gaps), len(gaps)) if gaps else None

    @property
    def provisional(self) -> bool:
        return self.mandiri.provisional or self.badan.provisional

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON, as ``Comparison.to_dict``; gaps are mandiri - badan."""
        decimals = self.mandiri.rounding.decimals
        mean = self.mean_abs_gap
        return {
            "mandiri": self.mandiri.to_dict(),
            "badan": self.badan.to_dict(),
            "ips_gap": _float(self.ips_gap),
            "ips_gap_display": _signed_display(self.ips_gap_rounded, decimals),
            "provisional": self.provisional,
            "indicator_gaps_known": self.indicator_gaps_known,
            "effect_method": self.effect_method,
            "counts": {"over": self.over, "under": self.under, "equal": self.equal,
                       "unknown": self.unknown, "total": len(self.indicators)},
            "mean_abs_gap": _float(mean),
            "mean_abs_gap_display": _display(mean, decimals),
            "domains": [_node_dict(_as_row(d), "badan", "mandiri", "gap", self.mandiri.rounding)
                        for d in self.domains],
            "aspects": [_node_dict(_as_row(a), "badan", "mandiri", "gap", self.mandiri.rounding)
                        for a in self.aspects],
            "indicators": [
                {"code": i.code, "name": i.name, "effective_weight": float(i.effective_weight),
                 "mandiri_level": i.mandiri_level, "badan_level": i.badan_level, "gap": i.gap,
                 "effect": _float(i.effect),
                 "effect_display": _signed_display(i.effect, decimals)}
                for i in self.indicators
            ],
            "notes": list(self.notes),
        }


def compare_self_vs_badan(catalog: Catalog, self_levels: Levels, badan_levels: Levels, *,
                          badan_reported: ReportedIndices | None = None,
                          self_label: str = "Penilaian mandiri",
                          badan_label: str = "Penilaian badan (hasil BPS)") -> Gap:
    """Where the self-assessment and the BPS result differ (gap = mandiri - badan).

    When the BPS result has no indicator levels, only ``badan_reported`` domain indices and IPS
    are compared; the indicator gaps stay None (unknown).
    """
    mandiri = side(catalog, self_label, self_levels)
    badan = side(catalog, badan_label, badan_levels, badan_reported)
    method = _effect_method(catalog)
    indicators = tuple(IndicatorGap(r.code, r.name, r.effective_weight, r.b_level, r.a_level,
                                    r.delta, r.effect)
                       for r in _indicator_rows(catalog, badan, mandiri))
    nodes = [
        tuple(NodeGap(r.code, r.name, r.share, r.b_index, r.a_index, r.delta, r.contribution,
                      r.b_source, r.a_source) for r in rows)
        for rows in (_aspect_rows(catalog, badan, mandiri), _domain_rows(catalog, badan, mandiri))
    ]
    notes = _side_notes(mandiri) + _side_notes(badan)
    if mandiri.has_levels and not badan.has_levels and badan.ips is not None:
        notes.append("Hasil BPS tidak memuat tingkat per indikator: selisih per indikator tidak "
                     "diketahui; perbandingan hanya pada indeks domain dan IPS yang dilaporkan.")
    if method == "isolated" and mandiri.has_levels and badan.has_levels:
        notes.append("Edisi ini membulatkan indeks antara, jadi dampak tiap indikator adalah "
                     "selisih IPS bila hanya indikator itu yang berbeda.")
    return Gap(mandiri, badan, indicators, nodes[0], nodes[1], method, tuple(notes))


# -- trend -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrendInput:
    """One assessment for the trend: its levels and, for a BPS result, what was reported."""

    year: int
    kind: str
    levels: Levels
    reported: ReportedIndices | None = None
    label: str = ""


@dataclass(frozen=True, slots=True)
class TrendPoint:
    year: int
    kind: str
    ips: Fraction
    ips_rounded: Decimal
    predikat: str
    provisional: bool
    source: Source


@dataclass(frozen=True, slots=True)
class Trend:
    points: tuple[TrendPoint, ...]  # by year, then mandiri, badan, target
    decimals: int = 2

    def series(self, kind: str) -> tuple[TrendPoint, ...]:
        return tuple(p for p in self.points if p.kind == kind)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({p.year for p in self.points}))

    def to_dict(self) -> dict[str, Any]:
        return {"points": [
            {"year": p.year, "kind": p.kind, "ips": float(p.ips),
             "ips_display": format_id(p.ips_rounded, self.decimals), "predikat": p.predikat,
             "provisional": p.provisional, "source": p.source}
            for p in self.points
        ]}


def trend(catalog: Catalog, inputs: Iterable[TrendInput]) -> Trend:
    """IPS per year and kind, for a chart. An assessment with neither levels nor a reported IPS
    is left out (it has no IPS to plot; scoring it would plot an invented 1,00)."""
    order = {kind: n for n, kind in enumerate(ASSESSMENT_KINDS)}
    points = []
    for item in inputs:
        s = side(catalog, item.label or f"{item.kind} {item.year}", item.levels, item.reported)
        if s.ips is None or s.ips_source is None or s.predikat is None:
            continue
        rounded = s.ips_rounded
        assert rounded is not None
        points.append(TrendPoint(item.year, item.kind, s.ips, rounded, s.predikat, s.provisional,
                                 s.ips_source))
    points.sort(key=lambda p: (p.year, order.get(p.kind, len(order))))
    return Trend(tuple(points), catalog.edition.rounding.decimals)
