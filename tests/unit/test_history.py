"""epss.core.history: year-over-year and self-vs-BPS comparisons, checked by hand and by
property."""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import epss.core.history
from epss.core.catalog import Catalog, load_catalog
from epss.core.history import (
    TrendInput,
    compare_self_vs_badan,
    compare_years,
    format_signed,
    trend,
)
from epss.core.model import ReportedIndices
from epss.core.scoring import score

CATALOG: Catalog = load_catalog()
CODES = CATALOG.codes
FEW = settings(max_examples=150, deadline=None)
LEVEL = st.integers(min_value=1, max_value=5)
full_answers = st.fixed_dictionaries({code: LEVEL for code in CODES})
partial_answers = st.dictionaries(st.sampled_from(CODES), st.one_of(st.none(), LEVEL),
                                  min_size=1, max_size=len(CODES)).filter(
    lambda d: any(v is not None for v in d.values()))


def all_at(level: int, changes: dict[str, int] | None = None) -> dict[str, int]:
    """Every indicator at ``level``, except ``changes``."""
    return {**dict.fromkeys(CODES, level), **(changes or {})}


def with_rounding(catalog: Catalog, **changes) -> Catalog:
    rounding = catalog.edition.rounding.model_copy(update=changes)
    edition = catalog.edition.model_copy(update={"rounding": rounding})
    return catalog.model_copy(update={"edition": edition})


# -- year over year --------------------------------------------------------------------------


def test_one_indicator_up_one_level_moves_ips_by_its_effective_weight() -> None:
    # 10101 is the only indicator of aspect 101 (25 % of domain 1, itself 28 % of the IPS):
    # effective weight 7 %, so one level more is exactly +7/100 on the IPS.
    old, new = all_at(3, {"10101": 2}), all_at(3)
    c = compare_years(CATALOG, old, new, old_label="2023", new_label="2024")
    assert c.ips_delta == Fraction(7, 100)
    assert c.effect_method == "linear"
    ind = {i.code: i for i in c.indicators}
    assert (ind["10101"].old_level, ind["10101"].new_level, ind["10101"].delta) == (2, 3, 1)
    assert ind["10101"].effect == Fraction(7, 100)
    assert all(i.effect == 0 for i in c.indicators if i.code != "10101")
    assert (c.raised, c.lowered, c.unchanged, c.unknown) == (1, 0, 37, 0)
    dom1 = c.domains[0]
    assert (dom1.old_index, dom1.new_index) == (Fraction(11, 4), Fraction(3))
    assert dom1.delta == Fraction(1, 4) and dom1.contribution == Fraction(7, 100)
    assert dom1.old_source == dom1.new_source == "scored"
    asp = next(a for a in c.aspects if a.code == "101")
    assert asp.share == 7 and asp.delta == 1 and asp.contribution == Fraction(7, 100)
    assert not c.provisional and not c.predikat_changed and c.notes == ()
    assert c.old.predikat == c.new.predikat == "Baik"


def test_a_fall_is_negative_and_predikat_change_is_reported() -> None:
    # All at 2 except 10101..10401 at 3: 2 + 4 x 0.07 = 2.28 (Cukup); dropping the four
    # indicators to 1 gives 2 - 4 x 0.07 = 1.72 (Kurang).
    first = {**all_at(2), "10101": 3, "10201": 3, "10301": 3, "10401": 3}
    second = {**all_at(2), "10101": 1, "10201": 1, "10301": 1, "10401": 1}
    c = compare_years(CATALOG, first, second, old_label="a", new_label="b")
    assert (c.old.ips, c.new.ips) == (Fraction(228, 100), Fraction(172, 100))
    assert c.ips_delta == Fraction(-56, 100)
    assert c.lowered == 4 and all(i.effect == Fraction(-14, 100) for i in c.indicators[:4])
    assert (c.old.predikat, c.new.predikat) == ("Cukup", "Kurang") and c.predikat_changed
    d = c.to_dict()
    assert d["ips_delta_display"] == "-0,56"
    assert d["indicators"][0]["effect_display"] == "-0,14"


def test_unanswered_is_not_a_level_change_but_scores_as_level_one() -> None:
    old = {c: 2 for c in CODES if c != "10101"}
    new = all_at(2, {"10101": 3})
    c = compare_years(CATALOG, old, new, old_label="2023", new_label="2024")
    row = next(i for i in c.indicators if i.code == "10101")
    assert row.old_level is None and row.delta is None  # no invented change from 1
    assert row.effect == Fraction(14, 100)  # what scoring does: unanswered counts as level 1
    assert c.ips_delta == Fraction(14, 100) == c.effects_total
    assert (c.unknown, c.unanswered_old, c.unanswered_new, c.unchanged) == (1, 1, 0, 37)
    assert c.provisional and c.old.provisional and not c.new.provisional
    assert any("37 dari 38" in n and "2023" in n for n in c.notes)


@FEW
@given(old=partial_answers, new=partial_answers)
def test_effects_add_up_to_the_ips_change_exactly(old, new) -> None:
    c = compare_years(CATALOG, old, new, old_label="a", new_label="b")
    assert c.effect_method == "linear"
    assert c.effects_total == c.ips_delta == score(CATALOG, new).ips - score(CATALOG, old).ips
    # the domain contributions add up too, for any edition rounding (the IPS is not rounded)
    assert sum(d.contribution for d in c.domains) == c.ips_delta
    assert c.raised + c.lowered + c.unchanged + c.unknown == len(CODES)
    back = compare_years(CATALOG, new, old, old_label="b", new_label="a")
    assert [i.effect for i in back.indicators] == [-i.effect for i in c.indicators]


@FEW
@given(old=full_answers, new=full_answers)
def test_aspect_contributions_add_up_for_complete_answers(old, new) -> None:
    c = compare_years(CATALOG, old, new, old_label="a", new_label="b")
    assert sum(a.contribution for a in c.aspects) == c.ips_delta
    assert not c.provisional and c.unknown == 0


@pytest.mark.parametrize("stage", ["aspect", "domain"])
def test_with_intermediate_rounding_each_effect_is_an_isolated_change(stage: str) -> None:
    catalog = with_rounding(CATALOG, intermediate=stage)
    old = all_at(2)
    new = all_at(2, {"20101": 3, "20102": 4, "30101": 5})
    c = compare_years(catalog, old, new, old_label="a", new_label="b")
    assert c.effect_method == "isolated"
    base = score(catalog, old).ips
    for row in c.indicators:
        alone = score(catalog, {**old, row.code: new[row.code]}).ips
        assert row.effect == alone - base
    assert c.ips_delta == score(catalog, new).ips - base
    assert any("membulatkan indeks antara" in n for n in c.notes)
    assert c.to_dict()["effect_method"] == "isolated"


def test_year_over_year_of_bps_results_given_only_as_indices() -> None:
    old = ReportedIndices(ips=Decimal("1.86"), domains={"1": Decimal("2.10")})
    new = ReportedIndices(ips=Decimal("2.97"), domains={"1": Decimal("3.05"), "2": Decimal(3)})
    c = compare_years(CATALOG, {}, {}, old_label="BPS 2023", new_label="BPS 2024",
                      old_reported=old, new_reported=new)
    assert c.ips_delta == Fraction(111, 100)
    assert (c.old.ips_source, c.new.ips_source) == ("reported", "reported")
    assert (c.old.predikat, c.new.predikat) == ("Cukup", "Baik")
    assert not c.indicators_known and c.unknown == len(CODES) and c.effects_total is None
    assert all(i.effect is None and i.delta is None for i in c.indicators)
    assert all(a.old_index is None and a.delta is None for a in c.aspects)
    dom = {d.code: d for d in c.domains}
    assert dom["1"].delta == Fraction(95, 100) and dom["1"].old_source == "reported"
    assert dom["2"].old_index is None and dom["2"].delta is None
    assert any("tidak diketahui" in n for n in c.notes)
    assert not c.provisional


# -- self vs BPS -----------------------------------------------------------------------------


def test_gap_counts_mean_and_ips_difference_by_hand() -> None:
    mandiri = all_at(3)
    badan = all_at(3, {"10101": 2, "20101": 4})  # 10101 over-claimed, 20101 under-claimed
    g = compare_self_vs_badan(CATALOG, mandiri, badan)
    gaps = {i.code: i for i in g.indicators}
    assert gaps["10101"].gap == 1 and gaps["10101"].effect == Fraction(7, 100)
    assert gaps["20101"].gap == -1 and gaps["20101"].effect == Fraction(-3024, 100_000)
    assert (g.over, g.under, g.equal, g.unknown, g.compared) == (1, 1, 36, 0, 38)
    assert g.mean_abs_gap == Fraction(2, 38)
    assert g.ips_gap == Fraction(7, 100) - Fraction(3024, 100_000)
    assert g.indicator_gaps_known and not g.provisional
    d = g.to_dict()
    assert d["counts"] == {"over": 1, "under": 1, "equal": 36, "unknown": 0, "total": 38}
    assert d["mean_abs_gap_display"] == "0,05"
    assert d["ips_gap_display"] == "+0,04"  # 3,04 - 3,00
    json.dumps(d)


def test_gap_against_a_bps_letter_without_indicator_levels_invents_nothing() -> None:
    mandiri = all_at(3)  # IPS 3, every domain 3
    letter = ReportedIndices(ips=Decimal("2.52"), domains={"1": Decimal("2.5")})
    g = compare_self_vs_badan(CATALOG, mandiri, {}, badan_reported=letter)
    assert not g.indicator_gaps_known
    assert all(i.badan_level is None and i.gap is None and i.effect is None
               for i in g.indicators)
    assert (g.over, g.under, g.equal, g.unknown) == (0, 0, 0, 38)
    assert g.mean_abs_gap is None
    assert g.ips_gap == Fraction(48, 100)
    assert (g.badan.ips_source, g.badan.predikat) == ("reported", "Cukup")
    dom = {d.code: d for d in g.domains}
    assert dom["1"].gap == Fraction(1, 2) and dom["1"].badan_source == "reported"
    assert dom["1"].contribution == Fraction(14, 100)
    assert all(dom[c].gap is None for c in "2345")
    assert all(a.badan_index is None for a in g.aspects)
    assert any("tidak diketahui" in n for n in g.notes)
    d = g.to_dict()
    assert d["mean_abs_gap"] is None and d["badan"]["reported"] == {"1": "2.5", "ips": "2.52"}
    assert d["domains"][0]["badan_display"] == "2,50"
    json.dumps(d)


def test_gap_with_nothing_known_about_bps() -> None:
    g = compare_self_vs_badan(CATALOG, all_at(3), {})
    assert g.ips_gap is None and g.badan.ips is None and g.provisional
    assert g.to_dict()["ips_gap_display"] is None


@FEW
@given(mandiri=partial_answers, badan=partial_answers)
def test_gap_counts_add_up_and_match_a_comparison(mandiri, badan) -> None:
    g = compare_self_vs_badan(CATALOG, mandiri, badan)
    assert g.over + g.under + g.equal + g.unknown == len(CODES)
    both = [c for c in CODES if mandiri.get(c) is not None and badan.get(c) is not None]
    assert g.compared == len(both)
    if both:
        expected = Fraction(sum(abs(mandiri[c] - badan[c]) for c in both), len(both))
        assert g.mean_abs_gap == expected
    same = compare_years(CATALOG, badan, mandiri, old_label="b", new_label="m")
    assert g.ips_gap == same.ips_delta
    assert [i.effect for i in g.indicators] == [i.effect for i in same.indicators]


# -- which source a value comes from ---------------------------------------------------------


def test_complete_levels_win_over_a_reported_value_and_a_mismatch_is_noted() -> None:
    letter = ReportedIndices(ips=Decimal("2.95"))
    g = compare_self_vs_badan(CATALOG, all_at(3), all_at(3), badan_reported=letter)
    assert g.badan.ips == 3 and g.badan.ips_source == "scored"
    assert any("2,95" in n and "3,00" in n for n in g.notes)
    agreeing = compare_self_vs_badan(CATALOG, all_at(3), all_at(3),
                                     badan_reported=ReportedIndices(ips=Decimal("3.00")))
    assert agreeing.notes == ()


def test_reported_values_fill_in_what_partial_levels_cannot_give() -> None:
    partial = dict.fromkeys(("10101", "10201", "10301", "10401"), 4)  # domain 1 complete only
    letter = ReportedIndices(ips=Decimal("2.31"), domains={"1": Decimal("3.9"),
                                                           "2": Decimal("2.2")})
    c = compare_years(CATALOG, all_at(2), partial, old_label="a", new_label="b",
                      new_reported=letter)
    assert c.new.ips == Fraction(231, 100) and c.new.ips_source == "reported"
    assert not c.new.provisional  # the IPS is BPS's own figure
    dom = {d.code: d for d in c.domains}
    assert dom["1"].new_index == 4 and dom["1"].new_source == "scored"  # complete: scored
    assert dom["2"].new_index == Fraction(22, 10) and dom["2"].new_source == "reported"
    assert dom["3"].new_source == "scored" and dom["3"].new_index == 1  # provisional, at 1
    assert c.indicators_known  # the four answered indicators are compared
    assert c.raised == 4 and c.unknown == 34


# -- trend -----------------------------------------------------------------------------------


def test_trend_orders_points_and_uses_reported_ips_when_there_are_no_levels() -> None:
    inputs = [
        TrendInput(2024, "mandiri", {"10101": 3}),  # provisional
        TrendInput(2023, "badan", {}, ReportedIndices(ips=Decimal("1.79"))),
        TrendInput(2022, "badan", {}),  # nothing known: left out
        TrendInput(2023, "mandiri", all_at(2)),
        TrendInput(2025, "target", all_at(3)),
    ]
    t = trend(CATALOG, inputs)
    assert [(p.year, p.kind) for p in t.points] == [
        (2023, "mandiri"), (2023, "badan"), (2024, "mandiri"), (2025, "target")]
    badan = t.series("badan")[0]
    assert (badan.ips, badan.source, badan.predikat, badan.provisional) == (
        Fraction(179, 100), "reported", "Kurang", False)
    latest = t.series("mandiri")[-1]
    assert latest.provisional and latest.source == "scored"
    assert latest.ips == 1 + Fraction(14, 100)
    assert t.years == (2023, 2024, 2025)
    d = t.to_dict()
    assert d["points"][1] == {"year": 2023, "kind": "badan", "ips": 1.79, "ips_display": "1,79",
                              "predikat": "Kurang", "provisional": False, "source": "reported"}
    json.dumps(d)


# -- formatting and purity -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(7, 100), "+0,07"), (Fraction(-12, 100), "-0,12"), (0, "0,00"),
     (Fraction(1, 1000), "0,00"), (Fraction(-5, 1000), "-0,01"), (Decimal("1.5"), "+1,50")],
)
def test_format_signed(value, text) -> None:
    assert format_signed(value) == text


def test_history_is_pure() -> None:
    tree = ast.parse(Path(epss.core.history.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    forbidden = {"sqlite3", "sqlite_utils", "textual", "weasyprint", "epss.store",
                 "epss.services.workspace", "os", "pathlib", "io"}
    assert not {m for m in imported if m.split(".")[0] in forbidden or m in forbidden}
