"""Current levels + a target -> the shortest list of one-level raises that reaches it.

Why this exists: a Walidata team asks "what is the least we must improve to reach Baik next
year?". The answer is a list of one-level raises (indicator, from -> to) that brings the predikat
basis of the IPS (rounded as the edition says) to the target, with the evidence each new level
expects, so the team can see the work behind every step.

Which plan is "the smallest" (the tie rule, also returned in Indonesian as ``Plan.tie_rule``):

1. fewest one-level raises;
2. among those, the smallest sum of the levels raised *to* (a raise to level 2 costs 2, to level 3
   costs 3, ...): lower levels first, because they need less evidence (a level-2 raise needs
   activity records; a level-4 raise needs periodic review reports);
3. among those, the highest final IPS (more margin above the target);
4. any tie left is broken deterministically: in the default mode, the plan whose sorted list of
   (indicator code, level) is smallest, i.e. earlier indicator codes first.

Algorithm. With ``rounding.intermediate = "none"`` (the default) the IPS is linear:
``IPS = sum(effective_weight_i * level_i) / 100``. Every raise adds its indicator's weight and
costs the level it reaches (2..5). So only four cost classes exist, and a plan is a choice of how
many raises to take from each class; within a class the heaviest raises are best. The fewest
raises is the smallest n whose n heaviest raises reach the target; for that n we enumerate the
counts (m3, m4, m5) (m2 follows), using that the gain of classes 2 and 3 together is concave in
m3 to find each pair's cheapest m3 by binary search. Swapping a raise to level k+1 for the
missing raise to level k keeps the gain and lowers the cost, so an optimal plan never skips a
level. Everything is integer arithmetic over weights scaled by a common denominator; the plan is
exact and optimal, and takes a few milliseconds on the full catalog.

With ``"aspect"`` or ``"domain"`` rounding the IPS is a weighted sum of *rounded* aspect (or
domain) indices, so it is no longer linear. Then each aspect (or domain) is a group: a small
dynamic programme over its indicators gives, for every (raises, level sum), the highest group
index; rounding is monotone, so that index rounded is the group's best. A second dynamic
programme across the groups, keeping only Pareto-best (level sum, IPS) states per raise count
and pruning states that cannot reach the target any more, finds the plan under rules 1-3
exactly. Rule 4 there is deterministic but not by code. It is slower (tens to hundreds of
milliseconds) but these modes are not the default.

Rules live in one place: reaching the target is ``predikat_basis(ips, edition) >= threshold``
from ``epss.core.scoring``, and the finished plan is checked by calling ``score`` on its levels.
Pure: stdlib, ``epss.core.catalog``, ``epss.core.scoring`` and ``epss.core.messages`` only; no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from epss.core.catalog import LEVELS, Catalog, Edition, Rounding
from epss.core.messages import clip, shown
from epss.core.scoring import (
    AnswersError,
    format_id,
    format_index,
    predikat_basis,
    predikat_for,
    round_index,
    score,
)
from epss.core.scoring import validate_level as _validate_level

TOP = LEVELS[-1]

TIE_RULE = (
    "Rencana memakai kenaikan satu tingkat sesedikit mungkin. Jika beberapa rencana sama "
    "pendeknya, dipilih yang jumlah tingkat tujuannya paling kecil, yaitu yang menaikkan ke "
    "tingkat lebih rendah dulu (bukti dukungnya lebih ringan); jika masih sama, yang IPS "
    "akhirnya lebih tinggi; sisanya diputus tetap menurut kode indikator."
)

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


class PlanError(ValueError):
    """The plan request is malformed (target, locked codes, level step); the message says why."""


# --------------------------------------------------------------------------------------------
# Target
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """What the predikat basis of the IPS must reach: a predikat's minimum or a number."""

    label: str  # "Baik", or "2,60" for a number
    threshold: Fraction
    predikat: str | None = None  # the band name when the target was given as a predikat

    @property
    def display(self) -> str:
        """Indonesian phrase for messages: "Baik (≥ 2,60)" or "IPS ≥ 2,60"."""
        if self.predikat is not None:
            return f"{self.label} (≥ {format_id(self.threshold)})"
        return f"IPS ≥ {self.label}"


def _slug(name: str) -> str:
    return "-".join(name.casefold().split())


def _normal(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()


def parse_target(text: str, edition: Edition) -> Target:
    """A predikat name or slug (any case: "baik", "sangat-baik", "Sangat Baik") or an IPS
    ("2.60" or "2,60") within the edition's range; anything else raises ``PlanError``."""
    wanted = _normal(str(text))
    for band in edition.predicates:
        if _normal(band.name) == wanted:
            return Target(band.name, Fraction(band.min), band.name)
    top = edition.predicates[-1].max
    low, high = edition.predicates[0].min, Decimal(TOP) if top is None else top
    stripped = str(text).strip()
    if _NUMBER.fullmatch(stripped):
        number = stripped.replace(",", ".")
        value = Fraction(Decimal(number))
        if low <= value <= high:
            decimals = max(2, len(number.partition(".")[2]))
            return Target(format_id(value, decimals), value)
        raise PlanError(
            f"target {clip(stripped)} di luar rentang IPS {format_id(low)}-{format_id(high)}"
        )
    slugs = ", ".join(_slug(band.name) for band in edition.predicates)
    raise PlanError(
        f"target tidak dikenal: {shown(str(text))}; pakai predikat ({slugs}) "
        f"atau IPS antara {format_id(low)} dan {format_id(high)}, mis. 2.60 atau 2,60"
    )


# --------------------------------------------------------------------------------------------
# Plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """One raise of one indicator by one level, in the order the plan lists them."""

    code: str
    name: str
    aspect_code: str
    from_level: int
    to_level: int
    gain: Fraction  # IPS gain of this raise, applied after the steps before it
    running_ips: Fraction  # IPS after this step
    evidence: str  # what the new level expects as bukti dukung (catalog)
    criterion: str  # the new level's criterion (catalog)
    rounding: Rounding  # the edition's: how the running IPS is shown

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "aspect_code": self.aspect_code,
            "from_level": self.from_level,
            "to_level": self.to_level,
            "gain": float(self.gain),
            "gain_display": format_id(self.gain, 4),
            "running_ips": float(self.running_ips),
            "running_ips_display": format_index(self.running_ips, self.rounding),
            "evidence": self.evidence,
            "criterion": self.criterion,
        }


@dataclass(frozen=True, slots=True)
class Plan:
    target: Target
    feasible: bool
    already_met: bool
    start_ips: Fraction
    final_ips: Fraction  # the start IPS when the target is infeasible or already met
    best_reachable_ips: Fraction  # every allowed raise applied
    start_predikat: str
    final_predikat: str
    best_reachable_predikat: str
    steps: tuple[Step, ...]
    final_levels: tuple[tuple[str, int], ...]  # all indicators after the plan (unanswered: 1)
    locked: tuple[str, ...]
    max_level_step: int | None
    tie_rule: str
    message: str
    rounding: Rounding  # the edition's: how every IPS of the plan is shown

    @property
    def start_display(self) -> str:
        return format_index(self.start_ips, self.rounding)

    @property
    def final_display(self) -> str:
        return format_index(self.final_ips, self.rounding)

    @property
    def best_reachable_display(self) -> str:
        return format_index(self.best_reachable_ips, self.rounding)

    @property
    def level_sum(self) -> int:
        """The tie rule's second criterion: the sum of the levels raised to."""
        return sum(step.to_level for step in self.steps)

    def levels(self) -> dict[str, int]:
        """The levels after the plan, e.g. to save as a "target" assessment."""
        return dict(self.final_levels)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: full-precision floats, display strings carry the rounding."""
        return {
            "target": {
                "label": self.target.label,
                "predikat": self.target.predikat,
                "threshold": float(self.target.threshold),
                "threshold_display": format_id(self.target.threshold),
            },
            "feasible": self.feasible,
            "already_met": self.already_met,
            "start_ips": float(self.start_ips),
            "start_ips_display": self.start_display,
            "start_predikat": self.start_predikat,
            "final_ips": float(self.final_ips),
            "final_ips_display": self.final_display,
            "final_predikat": self.final_predikat,
            "best_reachable_ips": float(self.best_reachable_ips),
            "best_reachable_ips_display": self.best_reachable_display,
            "best_reachable_predikat": self.best_reachable_predikat,
            "raises": len(self.steps),
            "level_sum": self.level_sum,
            "locked": list(self.locked),
            "max_level_step": self.max_level_step,
            "tie_rule": self.tie_rule,
            "message": self.message,
            "steps": [step.to_dict() for step in self.steps],
            "final_levels": dict(self.final_levels),
        }


def plan(
    catalog: Catalog,
    levels: Mapping[str, int | None],
    target: Target,
    *,
    max_level_step: int | None = None,
    locked: Iterable[str] = (),
) -> Plan:
    """The shortest plan of one-level raises from ``levels`` to ``target`` (see the tie rule).

    Unanswered (None or absent) indicators count as level 1, as in ``score``; codes outside the
    catalog are ignored, as in ``score``. ``max_level_step`` caps how far any one indicator may
    rise (None: up to 5); ``locked`` indicators never rise.
    """
    start = _start_levels(catalog, levels)
    locked_codes = _check_locked(catalog, locked)
    step_cap = _check_step(max_level_step)
    caps = {
        code: lv if code in locked_codes else min(TOP, lv + step_cap) for code, lv in start.items()
    }
    edition = catalog.edition

    def reaches(ips: Fraction) -> bool:
        return predikat_basis(ips, edition) >= target.threshold

    start_ips = score(catalog, start).ips
    best_ips = score(catalog, caps).ips
    context = _Context(catalog, target, start, start_ips, best_ips, locked_codes, max_level_step)
    if reaches(start_ips):
        return context.unchanged(already_met=True)
    if not reaches(best_ips):
        return context.unchanged(already_met=False)
    if edition.rounding.intermediate == "none":
        final = _solve_linear(catalog, start, caps, reaches)
    else:
        final = _solve_grouped(catalog, start, caps, reaches)
    return context.finished(final, reaches)


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------


def _start_levels(catalog: Catalog, levels: Mapping[str, int | None]) -> dict[str, int]:
    start: dict[str, int] = {}
    for code in catalog.codes:
        try:
            level = _validate_level(levels.get(code), f"indikator {code}")
        except AnswersError as exc:
            raise PlanError(str(exc)) from None
        start[code] = LEVELS[0] if level is None else level
    return start


def _check_locked(catalog: Catalog, locked: Iterable[str]) -> frozenset[str]:
    if isinstance(locked, str):
        locked = locked.split(",")
    codes: set[str] = set()
    for raw in locked:
        code = str(raw).strip()
        if not code:
            continue
        if not catalog.has_indicator(code):
            raise PlanError(f"indikator yang dikunci tidak dikenal: {shown(code)} "
                            "(lihat `epss catalog`)")
        codes.add(code)
    return frozenset(codes)


def _check_step(max_level_step: int | None) -> int:
    if max_level_step is None:
        return TOP - LEVELS[0]
    if isinstance(max_level_step, bool) or not isinstance(max_level_step, int):
        raise PlanError("batas kenaikan per indikator harus bilangan bulat, bukan "
                        f"{shown(max_level_step)}")
    if max_level_step < 1:
        raise PlanError("batas kenaikan per indikator paling sedikit 1 tingkat, bukan "
                        f"{shown(max_level_step)}")
    return max_level_step


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


def _least_reaching(low: int, high: int, scale: int, reaches: Callable[[Fraction], bool]) -> int:
    """The least integer v in [low, high] with reaches(v / scale); reaches(high / scale) holds."""
    while low < high:
        mid = (low + high) // 2
        if reaches(Fraction(mid, scale)):
            high = mid
        else:
            low = mid + 1
    return low


def _raise_cost(start: int, count: int) -> int:
    """Sum of the levels reached by ``count`` raises from ``start``: start+1 + ... + start+count."""
    return count * start + count * (count + 1) // 2


# --------------------------------------------------------------------------------------------
# Linear IPS (intermediate rounding "none"): exact and fast
# --------------------------------------------------------------------------------------------

_Selection = list[tuple[str, int]]  # (indicator code, level raised to)
_Candidate = tuple[int, int, tuple[int, int, int, int]]  # (extra cost, -gain, counts m2..m5)


def _solve_linear(
    catalog: Catalog,
    start: dict[str, int],
    caps: dict[str, int],
    reaches: Callable[[Fraction], bool],
) -> dict[str, int]:
    codes = catalog.codes
    shares = [catalog.effective_weight(code) / 100 for code in codes]
    scale = math.lcm(*(share.denominator for share in shares))
    weight = {code: int(share * scale) for code, share in zip(codes, shares, strict=True)}
    base = sum(weight[code] * start[code] for code in codes)
    top = sum(weight[code] * caps[code] for code in codes)
    need = _least_reaching(base, top, scale, reaches) - base

    # classes[v - 2]: the raises to level v (2..5), heaviest first, then by code
    classes = [
        sorted(
            ((weight[code], code) for code in codes if start[code] < v <= caps[code]),
            key=lambda item: (-item[0], item[1]),
        )
        for v in range(2, TOP + 1)
    ]
    prefix = [_prefix_sums(item[0] for item in cls) for cls in classes]
    count = _fewest_raises(classes, need)
    selection = _select(classes, _cheapest_counts(prefix, classes, count, need))
    final = dict(start)
    for code, level in selection:
        final[code] = max(final[code], level)
    _check_no_skipped_level(start, final, selection)
    return final


def _prefix_sums(values: Iterable[int]) -> list[int]:
    sums = [0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def _fewest_raises(classes: list[list[tuple[int, str]]], need: int) -> int:
    gains = sorted((w for cls in classes for w, _ in cls), reverse=True)
    total = 0
    for n, gain in enumerate(gains, start=1):
        total += gain
        if total >= need:
            return n
    raise AssertionError("target checked reachable but the raises do not reach it")


def _select(classes: list[list[tuple[int, str]]], counts: tuple[int, ...]) -> _Selection:
    return [
        (code, level)
        for level, cls, m in zip(range(2, TOP + 1), classes, counts, strict=True)
        for _, code in cls[:m]
    ]


def _first_reaching(
    p2: list[int], p3: list[int], r: int, lo: int, hi: int, need: int
) -> int | None:
    """Least m3 in [lo, hi] with p2[r - m3] + p3[m3] >= need, or None.

    The sum is concave in m3 (both prefix sums are of descending gains), so it rises to a peak
    and then falls: binary-search the peak, then the first reaching point before it.
    """
    a, b = lo, hi
    while a < b:
        mid = (a + b) // 2
        if p3[mid + 1] - p3[mid] > p2[r - mid] - p2[r - mid - 1]:
            a = mid + 1
        else:
            b = mid
    peak = a
    if p2[r - peak] + p3[peak] < need:
        return None
    a, b = lo, peak
    while a < b:
        mid = (a + b) // 2
        if p2[r - mid] + p3[mid] >= need:
            b = mid
        else:
            a = mid + 1
    return a


def _cheapest_counts(
    prefix: list[list[int]], classes: list[list[tuple[int, str]]], n: int, need: int
) -> tuple[int, int, int, int]:
    """(m2, m3, m4, m5) summing to n, reaching ``need``, with the least extra cost
    m3 + 2*m4 + 3*m5 (the level sum is 2n + that), then the most gain, then earliest codes."""
    p2, p3, p4, p5 = prefix
    s2, s3, s4, s5 = (len(p) - 1 for p in prefix)
    best: _Candidate | None = None
    for m5 in range(min(s5, n) + 1):
        if best is not None and 3 * m5 > best[0]:
            break
        for m4 in range(min(s4, n - m5) + 1):
            extra = 3 * m5 + 2 * m4
            r = n - m5 - m4
            lo, hi = max(0, r - s2), min(s3, r)
            if best is not None and extra + lo > best[0]:
                break  # extra + lo grows with m4
            if lo > hi:
                continue
            rest = p4[m4] + p5[m5]
            m3 = _first_reaching(p2, p3, r, lo, hi, need - rest)
            if m3 is None:
                continue
            candidate = (extra + m3, -(rest + p2[r - m3] + p3[m3]), (r - m3, m3, m4, m5))
            best = _better(best, candidate, classes)
    if best is None:
        raise AssertionError("no split of the fewest raises reaches the target")
    return best[2]


def _better(
    best: _Candidate | None, candidate: _Candidate, classes: list[list[tuple[int, str]]]
) -> _Candidate:
    """The preferred of two (extra, -gain, counts) candidates; exact ties go by code."""
    if best is None or candidate[:2] < best[:2]:
        return candidate
    tie = candidate[:2] == best[:2]
    if tie and sorted(_select(classes, candidate[2])) < sorted(_select(classes, best[2])):
        return candidate
    return best


def _check_no_skipped_level(
    start: dict[str, int], final: dict[str, int], selection: _Selection
) -> None:
    """An optimal plan never raises to k+1 without raising to k (see the module docstring)."""
    reached: dict[str, list[int]] = {}
    for code, level in selection:
        reached.setdefault(code, []).append(level)
    for code, got in reached.items():
        if sorted(got) != list(range(start[code] + 1, final[code] + 1)):
            raise AssertionError(f"plan skips a level of {code}: {sorted(got)}")


# --------------------------------------------------------------------------------------------
# Intermediate rounding ("aspect" or "domain"): groups, exact dynamic programmes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Group:
    """An aspect or a domain whose index is rounded before it enters the IPS."""

    share: Fraction  # the IPS is sum(share * rounded group index)
    codes: tuple[str, ...]
    weights: tuple[int, ...]  # group index = sum(weight * level) / total
    total: int


@dataclass(frozen=True, slots=True)
class _Option:
    count: int  # raises
    cost: int  # level sum of the raises
    value: Fraction  # share * rounded group index
    codes: tuple[str, ...]
    levels: tuple[int, ...]  # the levels of ``codes`` after the raises


_ScaledOptions = dict[int, list[tuple[int, int, _Option]]]  # raises -> (cost, scaled IPS, option)
_Chain = tuple[_Option, "_Chain | None"]  # (option, the chain of the groups before it)


def _integer_weights(weights: list[Fraction]) -> tuple[tuple[int, ...], int]:
    scale = math.lcm(*(w.denominator for w in weights))
    ints = tuple(int(w * scale) for w in weights)
    return ints, sum(ints)


def _groups(catalog: Catalog) -> list[_Group]:
    by_aspect = catalog.edition.rounding.intermediate == "aspect"
    domain_total = sum(catalog.weight(dom.code) for dom in catalog.domains)
    groups: list[_Group] = []
    for dom in catalog.domains:
        dom_share = catalog.weight(dom.code) / domain_total
        aspect_total = sum(catalog.weight(asp.code) for asp in dom.aspects)
        if by_aspect:
            for asp in dom.aspects:
                ints, total = _integer_weights([catalog.weight(i.code) for i in asp.indicators])
                share = dom_share * catalog.weight(asp.code) / aspect_total
                groups.append(_Group(share, tuple(i.code for i in asp.indicators), ints, total))
            continue
        weights: list[Fraction] = []
        codes: list[str] = []
        for asp in dom.aspects:
            ind_total = sum(catalog.weight(ind.code) for ind in asp.indicators)
            for ind in asp.indicators:
                codes.append(ind.code)
                weights.append(
                    catalog.weight(asp.code) / aspect_total * catalog.weight(ind.code) / ind_total
                )
        ints, total = _integer_weights(weights)
        groups.append(_Group(dom_share, tuple(codes), ints, total))
    return groups


def _pareto(states: list, cost_of: Callable, value_of: Callable) -> list:
    """Keep the states no other state beats on both cost (lower) and value (higher)."""
    kept: list = []
    for state in sorted(states, key=lambda s: (cost_of(s), -value_of(s))):
        if not kept or value_of(state) > value_of(kept[-1]):
            kept.append(state)
    return kept


def _group_options(
    group: _Group, start: dict[str, int], caps: dict[str, int], catalog: Catalog
) -> dict[int, list[_Option]]:
    """For each raise count, the Pareto-best (level sum, rounded index) choices of the group."""
    # (count, cost) -> (weighted level sum, levels); count and cost are small integers
    table: dict[tuple[int, int], tuple[int, tuple[int, ...]]] = {(0, 0): (0, ())}
    for code, weight in zip(group.codes, group.weights, strict=True):
        low, high = start[code], caps[code]
        grown: dict[tuple[int, int], tuple[int, tuple[int, ...]]] = {}
        for (count, cost), (num, levels) in table.items():
            for j in range(high - low + 1):
                key = (count + j, cost + _raise_cost(low, j))
                value = num + weight * (low + j)
                if key not in grown or value > grown[key][0]:
                    grown[key] = (value, (*levels, low + j))
        table = _prune_table(grown)
    rounding = catalog.edition.rounding
    options: dict[int, list[_Option]] = {}
    for (count, cost), (num, levels) in table.items():
        index = Fraction(round_index(Fraction(num, group.total), rounding))
        option = _Option(count, cost, group.share * index, group.codes, levels)
        options.setdefault(count, []).append(option)
    return {
        count: _pareto(opts, lambda o: o.cost, lambda o: o.value)
        for count, opts in sorted(options.items())
    }


def _prune_table(table: dict) -> dict:
    by_count: dict[int, list] = {}
    for (count, cost), entry in table.items():
        by_count.setdefault(count, []).append((cost, entry))
    pruned = {}
    for count, entries in by_count.items():
        for cost, entry in _pareto(entries, lambda e: e[0], lambda e: e[1][0]):
            pruned[(count, cost)] = entry
    return pruned


def _solve_grouped(
    catalog: Catalog,
    start: dict[str, int],
    caps: dict[str, int],
    reaches: Callable[[Fraction], bool],
) -> dict[str, int]:
    groups = _groups(catalog)
    options = [_group_options(group, start, caps, catalog) for group in groups]
    every = [o for opts in options for same_count in opts.values() for o in same_count]
    scale = math.lcm(*(o.value.denominator for o in every))
    ints: list[_ScaledOptions] = [
        {count: [(o.cost, int(o.value * scale), o) for o in same] for count, same in opts.items()}
        for opts in options
    ]
    base = sum(opts[0][0][1] for opts in ints)  # no raise: the start
    top = sum(max(v for same in opts.values() for _, v, _ in same) for opts in ints)
    need = _least_reaching(base, top, scale, reaches)
    suffix = _suffix_best(ints)
    n = next(k for k, value in enumerate(suffix[0]) if value >= need)
    chain = _cheapest_chain(ints, suffix, n, need)
    final = dict(start)
    while chain is not None:
        option, chain = chain
        final.update(zip(option.codes, option.levels, strict=True))
    return final


def _suffix_best(ints: list[_ScaledOptions]) -> list[list[int]]:
    """suffix[j][k]: the highest IPS (scaled) groups j.. can add with exactly k raises."""
    suffix: list[list[int]] = [[0]]
    for opts in reversed(ints):
        after = suffix[0]
        best_by_count = {count: max(v for _, v, _ in same) for count, same in opts.items()}
        combined = [-1] * (len(after) + max(best_by_count))
        for count, value in best_by_count.items():
            for k, rest in enumerate(after):
                if value + rest > combined[count + k]:
                    combined[count + k] = value + rest
        suffix.insert(0, combined)
    return suffix


def _cheapest_chain(
    ints: list[_ScaledOptions], suffix: list[list[int]], n: int, need: int
) -> _Chain | None:
    """Exactly n raises reaching ``need`` with the least level sum, then the highest IPS."""
    # fronts[k]: Pareto list of (cost, value, chain) over the groups so far, k raises
    fronts: dict[int, list[tuple[int, int, _Chain | None]]] = {0: [(0, 0, None)]}
    for j, opts in enumerate(ints):
        after = suffix[j + 1]
        grown: dict[int, list[tuple[int, int, _Chain | None]]] = {}
        for count, front in fronts.items():
            for more, same in opts.items():
                k = count + more
                rest = n - k
                if rest < 0 or rest >= len(after):
                    continue
                bound = need - after[rest]
                for cost, value, chain in front:
                    for extra_cost, extra_value, option in same:
                        if value + extra_value >= bound:
                            grown.setdefault(k, []).append(
                                (cost + extra_cost, value + extra_value, (option, chain))
                            )
        fronts = {k: _pareto(f, lambda s: s[0], lambda s: s[1]) for k, f in grown.items()}
    return fronts[n][0][2]  # the cheapest; Pareto: at its cost, the highest IPS


# --------------------------------------------------------------------------------------------
# Assembling the Plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    catalog: Catalog
    target: Target
    start: dict[str, int]
    start_ips: Fraction
    best_ips: Fraction
    locked: frozenset[str]
    max_level_step: int | None

    def _predikat(self, ips: Fraction) -> str:
        edition = self.catalog.edition
        return predikat_for(predikat_basis(ips, edition), edition)

    def _plan(self, *, feasible: bool, already_met: bool, final_ips: Fraction,
              final_predikat: str, steps: tuple[Step, ...],
              final_levels: tuple[tuple[str, int], ...], message: str) -> Plan:
        return Plan(
            target=self.target,
            feasible=feasible,
            already_met=already_met,
            final_ips=final_ips,
            final_predikat=final_predikat,
            steps=steps,
            final_levels=final_levels,
            message=message,
            start_ips=self.start_ips,
            best_reachable_ips=self.best_ips,
            start_predikat=self._predikat(self.start_ips),
            best_reachable_predikat=self._predikat(self.best_ips),
            locked=tuple(sorted(self.locked)),
            max_level_step=self.max_level_step,
            tie_rule=TIE_RULE,
            rounding=self.catalog.edition.rounding,
        )

    def _shown(self, ips: Fraction) -> str:
        return format_index(ips, self.catalog.edition.rounding)

    def unchanged(self, *, already_met: bool) -> Plan:
        ips = f"{self._shown(self.start_ips)} ({self._predikat(self.start_ips)})"
        if already_met:
            message = f"Target {self.target.display} sudah tercapai: IPS saat ini {ips}."
        else:
            message = self._infeasible_message()
        return self._plan(
            feasible=already_met,
            already_met=already_met,
            final_ips=self.start_ips,
            final_predikat=self._predikat(self.start_ips),
            steps=(),
            final_levels=tuple(self.start.items()),
            message=message,
        )

    def _infeasible_message(self) -> str:
        """Names only the limits that bind: locks below level 5, caps that stop short of 5."""
        reasons = []
        binding = sorted(code for code in self.locked if self.start[code] < TOP)
        if binding:
            reasons.append(f"{len(binding)} indikator dikunci ({', '.join(binding)})")
        step = self.max_level_step
        free = (lv for code, lv in self.start.items() if code not in self.locked)
        if step is not None and any(lv + step < TOP for lv in free):
            reasons.append(f"kenaikan dibatasi paling banyak {step} tingkat")
        why = " dan ".join(reasons) or "semua indikator sudah di tingkat tertinggi"
        best = f"{self._shown(self.best_ips)} ({self._predikat(self.best_ips)})"
        return (
            f"Target {self.target.display} tidak dapat dicapai karena {why}. "
            f"IPS tertinggi yang dapat dicapai: {best}."
        )

    def finished(self, final: dict[str, int], reaches: Callable[[Fraction], bool]) -> Plan:
        steps = _steps(self.catalog, self.start, final, self.start_ips)
        card = score(self.catalog, final)
        if not reaches(card.ips) or (steps and steps[-1].running_ips != card.ips):
            raise AssertionError(f"planner bug: the plan scores {card.ips}, not the target")
        message = (
            f"Target {self.target.display} tercapai dengan {len(steps)} kenaikan satu tingkat: "
            f"IPS {self._shown(self.start_ips)} → {card.ips_display} ({card.predikat})."
        )
        return self._plan(
            feasible=True,
            already_met=False,
            final_ips=card.ips,
            final_predikat=card.predikat,
            steps=steps,
            final_levels=tuple(final.items()),
            message=message,
        )


def _steps(
    catalog: Catalog, start: dict[str, int], final: dict[str, int], start_ips: Fraction
) -> tuple[Step, ...]:
    """Lower levels first, then heavier indicators, then by code; each raise one level."""
    raises = [
        (level, -catalog.effective_weight(code), code)
        for code in catalog.codes
        for level in range(start[code] + 1, final[code] + 1)
    ]
    raises.sort()
    linear = catalog.edition.rounding.intermediate == "none"
    current = dict(start)
    running = start_ips
    steps: list[Step] = []
    for level, _, code in raises:
        current[code] = level
        if linear:
            after = running + catalog.effective_weight(code) / 100
        else:
            after = score(catalog, current).ips
        ind = catalog.indicator(code)
        steps.append(
            Step(
                code=code,
                name=ind.name,
                aspect_code=ind.aspect_code,
                from_level=level - 1,
                to_level=level,
                gain=after - running,
                running_ips=after,
                evidence=ind.evidence[level],
                criterion=ind.levels[level],
                rounding=catalog.edition.rounding,
            )
        )
        running = after
    return tuple(steps)
