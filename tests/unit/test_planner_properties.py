"""Hypothesis properties of the planner: it reaches what is reachable, and never more than it must.

The exact optimality checks (brute force, dynamic programming) are in test_planner.py; these
properties hold for any start, target, lock set and level cap, in every rounding mode.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from epss.core.catalog import Catalog, load_catalog
from epss.core.planner import Plan, Target, plan
from epss.core.scoring import predikat_basis, score

CATALOG: Catalog = load_catalog()
CODES = CATALOG.codes

FEW = settings(max_examples=60, deadline=None)
FEWER = settings(max_examples=12, deadline=None)  # the intermediate-rounding modes are slower


def with_rounding(catalog: Catalog, **changes: object) -> Catalog:
    rounding = catalog.edition.rounding.model_copy(update=changes)
    edition = catalog.edition.model_copy(update={"rounding": rounding})
    return catalog.model_copy(update={"edition": edition})


GROUPED = [
    with_rounding(CATALOG, intermediate="aspect", decimals=1),
    with_rounding(CATALOG, intermediate="domain"),
    with_rounding(CATALOG, intermediate="domain", decimals=1, mode="half-even"),
]

starts = st.dictionaries(
    st.sampled_from(CODES), st.one_of(st.none(), st.integers(1, 5)), max_size=len(CODES)
)
thresholds = st.integers(100, 500).map(lambda n: Fraction(n, 100))
steps = st.one_of(st.none(), st.integers(1, 4))
locks = st.lists(st.sampled_from(CODES), max_size=4, unique=True)


def target(threshold: Fraction) -> Target:
    return Target("acak", threshold)


def reaches(catalog: Catalog, ips: Fraction, threshold: Fraction) -> bool:
    return predikat_basis(ips, catalog.edition) >= threshold


def caps_for(start: dict, step: int | None, locked: list[str]) -> dict[str, int]:
    levels = {code: start.get(code) or 1 for code in CODES}
    return {c: lv if c in locked else min(5, lv + (step or 4)) for c, lv in levels.items()}


def check_plan(catalog: Catalog, start: dict, p: Plan, step: int | None, locked: list[str]):
    caps = caps_for(start, step, locked)
    assert p.best_reachable_ips == score(catalog, caps).ips
    assert p.feasible == reaches(catalog, p.best_reachable_ips, p.target.threshold)
    assert p.already_met == reaches(catalog, p.start_ips, p.target.threshold)
    final = p.levels()
    assert score(catalog, final).ips == p.final_ips
    if p.feasible:
        assert reaches(catalog, p.final_ips, p.target.threshold)
    for code in CODES:
        assert (start.get(code) or 1) <= final[code] <= caps[code], code
    assert not {s.code for s in p.steps} & set(locked)
    assert len(p.steps) == sum(final[c] - (start.get(c) or 1) for c in CODES)
    if p.steps:
        assert p.steps[-1].running_ips == p.final_ips


@FEW
@given(start=starts, threshold=thresholds, step=steps, locked=locks)
def test_plan_reaches_the_target_whenever_it_is_reachable(
    start: dict, threshold: Fraction, step: int | None, locked: list[str]
) -> None:
    p = plan(CATALOG, start, target(threshold), max_level_step=step, locked=locked)
    check_plan(CATALOG, start, p, step, locked)


@FEW
@given(start=starts, threshold=thresholds, step=steps, locked=locks)
def test_no_plan_is_shorter(
    start: dict, threshold: Fraction, step: int | None, locked: list[str]
) -> None:
    """Even the heaviest n - 1 raises (ignoring which indicator they belong to) fall short."""
    p = plan(CATALOG, start, target(threshold), max_level_step=step, locked=locked)
    if not p.steps:
        return
    caps = caps_for(start, step, locked)
    gains = sorted(
        (
            CATALOG.effective_weight(code) / 100
            for code in CODES
            for _ in range((start.get(code) or 1), caps[code])
        ),
        reverse=True,
    )
    best_shorter = p.start_ips + sum(gains[: len(p.steps) - 1])
    assert not reaches(CATALOG, best_shorter, threshold)


@FEW
@given(start=starts, low=thresholds, high=thresholds, step=steps, locked=locks)
def test_plan_length_grows_with_the_target(
    start: dict, low: Fraction, high: Fraction, step: int | None, locked: list[str]
) -> None:
    low, high = min(low, high), max(low, high)
    easy = plan(CATALOG, start, target(low), max_level_step=step, locked=locked)
    hard = plan(CATALOG, start, target(high), max_level_step=step, locked=locked)
    if hard.feasible:
        assert easy.feasible
        assert len(easy.steps) <= len(hard.steps)
    if not easy.feasible:
        assert not hard.feasible


@FEW
@given(start=starts, threshold=thresholds, step=steps, data=st.data())
def test_a_better_start_never_needs_more_raises(
    start: dict, threshold: Fraction, step: int | None, data: st.DataObject
) -> None:
    better = {
        code: data.draw(st.integers(start.get(code) or 1, 5), label=code)
        for code in data.draw(st.lists(st.sampled_from(CODES), unique=True), label="raised")
    }
    better = {**start, **better}
    before = plan(CATALOG, start, target(threshold), max_level_step=step)
    after = plan(CATALOG, better, target(threshold), max_level_step=step)
    if before.feasible:
        assert after.feasible
        assert len(after.steps) <= len(before.steps)


@FEWER
@given(
    which=st.integers(0, len(GROUPED) - 1),
    start=starts,
    threshold=thresholds,
    step=steps,
    locked=locks,
)
def test_intermediate_rounding_plans_reach_the_target(
    which: int, start: dict, threshold: Fraction, step: int | None, locked: list[str]
) -> None:
    catalog = GROUPED[which]
    p = plan(catalog, start, target(threshold), max_level_step=step, locked=locked)
    check_plan(catalog, start, p, step, locked)


@FEWER
@given(which=st.integers(0, len(GROUPED) - 1), start=starts, low=thresholds, high=thresholds)
def test_intermediate_rounding_plan_length_grows_with_the_target(
    which: int, start: dict, low: Fraction, high: Fraction
) -> None:
    catalog = GROUPED[which]
    low, high = min(low, high), max(low, high)
    easy = plan(catalog, start, target(low))
    hard = plan(catalog, start, target(high))
    assert easy.feasible and hard.feasible  # no locks, no caps: 5,00 is reachable
    assert len(easy.steps) <= len(hard.steps)
