"""Answers x catalog -> Scorecard: aspect, domain and IPS indices and the predikat, exactly.

Every index is a ``Fraction`` so that 2.6 is never 2.5999 and a predikat boundary is decided by
arithmetic, not by float noise. Rounding happens only where the edition says (display, and the
predikat basis), because the official rounding rule is unknown and must stay a setting.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from epss.core.catalog import LEVELS, Catalog, Edition, Rounding
from epss.core.messages import json_kind, shown

Answers = Mapping[str, int | None]


class AnswersError(ValueError):
    """User-supplied answers are malformed; the message says which entry and why."""


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    code: str
    level: int | None
    effective_weight: Fraction  # percent of the IPS


@dataclass(frozen=True, slots=True)
class NodeScore:
    """An aspect or a domain: its weight within the parent and its index (unanswered at 1)."""

    code: str
    name: str
    weight: Fraction
    index: Fraction
    answered: int
    total: int


@dataclass(frozen=True, slots=True)
class Scorecard:
    edition: str
    rounding: Rounding
    ips: Fraction  # what would be scored: unanswered indicators at level 1
    ips_ceiling: Fraction  # unanswered indicators at level 5
    ips_rounded: Decimal
    predikat: str
    answered: int
    total: int
    domains: tuple[NodeScore, ...]
    aspects: tuple[NodeScore, ...]
    indicators: tuple[IndicatorScore, ...]

    @property
    def provisional(self) -> bool:
        return self.answered < self.total

    @property
    def ips_display(self) -> str:
        return format_id(self.ips_rounded, self.rounding.decimals)

    @property
    def ceiling_display(self) -> str:
        return format_index(self.ips_ceiling, self.rounding)

    def display(self, value: Fraction | Decimal) -> str:
        """An index of this scorecard (a domain's, an aspect's) as every screen and page shows
        it: rounded by the edition's setting (see ``format_index``)."""
        return format_index(value, self.rounding)

    def domain(self, code: str) -> NodeScore:
        return next(d for d in self.domains if d.code == code)

    def aspect(self, code: str) -> NodeScore:
        return next(a for a in self.aspects if a.code == code)


def round_index(value: Fraction | Decimal, rounding: Rounding) -> Decimal:
    """Round an exact (positive) index to the edition's decimals, exactly, in its mode."""
    scaled = Fraction(value) * 10**rounding.decimals
    if rounding.mode == "half-up":
        whole = math.floor(scaled + Fraction(1, 2))
    else:
        whole = round(scaled)  # Fraction.__round__ is exact half-even
    return Decimal(whole).scaleb(-rounding.decimals)


def predikat_for(value: Fraction | Decimal, edition: Edition) -> str:
    """The band whose min <= value (< next min); the top band includes its max."""
    value = Fraction(value)
    chosen = edition.predicates[0].name
    for band in edition.predicates:
        if value >= Fraction(band.min):
            chosen = band.name
    return chosen


def predikat_basis(ips: Fraction, edition: Edition) -> Fraction:
    if edition.rounding.predikat_basis == "rounded":
        return Fraction(round_index(ips, edition.rounding))
    return ips


def format_id(value: Decimal | Fraction | float, decimals: int = 2) -> str:
    """Indonesian number format: decimal comma, no grouping for index values (2,52).

    For a value that is already rounded, or one that is not an index (a weight, a gain): it
    rounds half-up whatever the edition says. An index is shown with ``format_index``."""
    value = round_index(Fraction(value), Rounding(decimals=decimals))
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",")


def format_index(value: Decimal | Fraction | float, rounding: Rounding) -> str:
    """An index (IPS, domain, aspect) as the CLI, the TUI and the PDF all show it: rounded
    exactly in the edition's mode and decimals, then in Indonesian format ("2,52").

    The one display rule, so that no screen or page rounds a tie (2,525) the other way: the
    official rounding is unknown and is a setting of the edition."""
    return format_id(round_index(Fraction(value), rounding), rounding.decimals)


def _rounder(rounding: Rounding, stage: str):
    if rounding.intermediate == stage:
        return lambda v: Fraction(round_index(v, rounding))
    return lambda v: v


@dataclass(frozen=True, slots=True)
class _AspectPlan:
    """An aspect's indicators with weights scaled to integers, so the inner loop avoids Fraction."""

    code: str
    name: str
    weight: Fraction
    codes: tuple[str, ...]
    int_weights: tuple[int, ...]
    int_total: int


@dataclass(frozen=True, slots=True)
class _DomainPlan:
    code: str
    name: str
    weight: Fraction
    aspects: tuple[_AspectPlan, ...]


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything scoring reads from a catalog, flattened once (model attribute access is slow)."""

    domains: tuple[_DomainPlan, ...]
    codes: frozenset[str]
    effective: tuple[tuple[str, Fraction], ...]


_plans: dict[int, tuple[Catalog, _Plan]] = {}


def _plan(catalog: Catalog) -> _Plan:
    cached = _plans.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    domains = []
    for dom in catalog.domains:
        aspects = []
        for asp in dom.aspects:
            weights = [catalog.weight(ind.code) for ind in asp.indicators]
            scale = math.lcm(*(w.denominator for w in weights))
            ints = tuple(int(w * scale) for w in weights)
            codes = tuple(ind.code for ind in asp.indicators)
            aspects.append(
                _AspectPlan(asp.code, asp.name, catalog.weight(asp.code), codes, ints, sum(ints))
            )
        domains.append(_DomainPlan(dom.code, dom.name, catalog.weight(dom.code), tuple(aspects)))
    plan = _Plan(
        domains=tuple(domains),
        codes=frozenset(catalog.codes),
        effective=tuple((code, catalog.effective_weight(code)) for code in catalog.codes),
    )
    _plans[id(catalog)] = (catalog, plan)
    return plan


def _indices(
    plan: _Plan, rounding: Rounding, levels: Mapping[str, int], fill: int
) -> tuple[Fraction, list[NodeScore], list[NodeScore]]:
    """IPS and the domain and aspect nodes, with unanswered indicators set to ``fill``."""
    round_aspect, round_domain = _rounder(rounding, "aspect"), _rounder(rounding, "domain")
    aspects: list[NodeScore] = []
    domains: list[NodeScore] = []
    ips_sum = Fraction(0)
    dom_weight_sum = Fraction(0)
    get = levels.get
    for dom in plan.domains:
        dom_sum = Fraction(0)
        asp_weight_sum = Fraction(0)
        dom_answered = dom_total = 0
        for asp in dom.aspects:
            num = 0
            answered = 0
            for code, w in zip(asp.codes, asp.int_weights, strict=True):
                level = get(code)
                if level is None:
                    level = fill
                else:
                    answered += 1
                num += w * level
            index = round_aspect(Fraction(num, asp.int_total))
            total = len(asp.codes)
            aspects.append(NodeScore(asp.code, asp.name, asp.weight, index, answered, total))
            dom_sum += asp.weight * index
            asp_weight_sum += asp.weight
            dom_answered += answered
            dom_total += total
        dom_index = round_domain(dom_sum / asp_weight_sum)
        domains.append(
            NodeScore(dom.code, dom.name, dom.weight, dom_index, dom_answered, dom_total)
        )
        ips_sum += dom.weight * dom_index
        dom_weight_sum += dom.weight
    return ips_sum / dom_weight_sum, domains, aspects


def score(catalog: Catalog, answers: Answers) -> Scorecard:
    """Score answers (indicator code -> level 1..5, or None/absent for unanswered).

    Answers must already be validated (``validate_answers``); scoring trusts its input so that
    the hot path (the TUI's live score panel) stays well under a millisecond.
    """
    plan = _plan(catalog)
    edition = catalog.edition
    rounding = edition.rounding
    levels = {code: lv for code, lv in answers.items() if lv is not None and code in plan.codes}
    ips, domains, aspects = _indices(plan, rounding, levels, fill=1)
    answered = len(levels)
    total = len(plan.codes)
    ceiling = ips if answered == total else _indices(plan, rounding, levels, fill=5)[0]
    return Scorecard(
        edition=edition.id,
        rounding=rounding,
        ips=ips,
        ips_ceiling=ceiling,
        ips_rounded=round_index(ips, rounding),
        predikat=predikat_for(predikat_basis(ips, edition), edition),
        answered=answered,
        total=total,
        domains=tuple(domains),
        aspects=tuple(aspects),
        indicators=tuple(
            IndicatorScore(code, levels.get(code), weight) for code, weight in plan.effective
        ),
    )


def validate_level(value: object, where: str = "jawaban") -> int | None:
    """Accept a whole number 1..5 (or None for unanswered); refuse 0, 6, 3.5, "tiga", True."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AnswersError(f"{where}: tingkat harus bilangan bulat 1-5, bukan {shown(value)}")
    if isinstance(value, float) and not value.is_integer():
        raise AnswersError(f"{where}: tingkat harus bilangan bulat 1-5, bukan {shown(value)}")
    level = int(value)
    if level not in LEVELS:
        raise AnswersError(f"{where}: tingkat harus antara 1 dan 5, bukan {shown(level)}")
    return level


def validate_answers(raw: object, catalog: Catalog) -> dict[str, int | None]:
    """Check a user-supplied mapping {code: level}; raise AnswersError naming the first problem."""
    if not isinstance(raw, Mapping):
        raise AnswersError('jawaban harus berupa objek JSON seperti {"10101": 3}, bukan '
                           f"{json_kind(raw)}")
    result: dict[str, int | None] = {}
    for code, value in raw.items():
        if not isinstance(code, str) or not catalog.has_indicator(code):
            raise AnswersError(f"kode indikator tidak dikenal: {shown(code)} "
                               "(lihat `epss catalog`)")
        result[code] = validate_level(value, f"indikator {code}")
    return result
