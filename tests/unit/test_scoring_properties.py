"""Hypothesis properties of scoring: monotonic, bounded, exact, and the formula collapses."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from epss.core.catalog import Catalog, Rounding, load_catalog
from epss.core.scoring import format_id, predikat_basis, predikat_for, round_index, score

CATALOG: Catalog = load_catalog()
CODES = CATALOG.codes
LEVEL = st.integers(min_value=1, max_value=5)

FEW = settings(max_examples=150, deadline=None)

full_answers = st.fixed_dictionaries({code: LEVEL for code in CODES})
partial_answers = st.dictionaries(
    st.sampled_from(CODES), st.one_of(st.none(), LEVEL), max_size=len(CODES)
)


def _exact_ips(answers: dict[str, int | None], fill: int) -> Fraction:
    """IPS in one step: sum(effective weight * level) / 100, unanswered at ``fill``."""
    total = Fraction(0)
    for code in CODES:
        level = answers.get(code)
        total += CATALOG.effective_weight(code) * (fill if level is None else level)
    return total / 100


@FEW
@given(answers=partial_answers, code=st.sampled_from(CODES), data=st.data())
def test_raising_one_level_never_lowers_ips_or_any_index(
    answers: dict[str, int | None], code: str, data: st.DataObject
) -> None:
    current = answers.get(code)
    low = 1 if current is None else current  # as scored, unanswered counts as 1
    raised = data.draw(st.integers(min_value=low, max_value=5), label="raised level")
    before = score(CATALOG, answers)
    after = score(CATALOG, {**answers, code: raised})
    assert after.ips >= before.ips
    for old, new in zip(before.domains, after.domains, strict=True):
        assert new.index >= old.index, new.code
    for old, new in zip(before.aspects, after.aspects, strict=True):
        assert new.index >= old.index, new.code
    if raised > low:
        assert after.ips > before.ips  # every indicator has a positive weight
        assert after.domain(code[:1]).index > before.domain(code[:1]).index


@settings(max_examples=20, deadline=None)
@given(level=LEVEL)
def test_all_at_k_is_exactly_k(level: int) -> None:
    card = score(CATALOG, dict.fromkeys(CODES, level))
    assert card.ips == Fraction(level)
    assert card.ips_rounded == Decimal(level).quantize(Decimal("0.01"))
    assert all(d.index == level for d in card.domains)
    assert all(a.index == level for a in card.aspects)


@FEW
@given(answers=partial_answers)
def test_ips_is_within_1_and_5(answers: dict[str, int | None]) -> None:
    card = score(CATALOG, answers)
    assert 1 <= card.ips <= 5
    assert 1 <= card.ips_ceiling <= 5
    assert Decimal("1.00") <= card.ips_rounded <= Decimal("5.00")
    for node in (*card.domains, *card.aspects):
        assert 1 <= node.index <= 5, node.code


@FEW
@given(answers=full_answers)
def test_ips_lies_between_the_lowest_and_highest_level(answers: dict[str, int]) -> None:
    card = score(CATALOG, answers)
    assert min(answers.values()) <= card.ips <= max(answers.values())
    if len(set(answers.values())) > 1:
        assert min(answers.values()) < card.ips < max(answers.values())


@FEW
@given(answers=partial_answers)
def test_three_level_formula_collapses_to_effective_weights(
    answers: dict[str, int | None],
) -> None:
    card = score(CATALOG, answers)
    assert isinstance(card.ips, Fraction)
    assert card.ips == _exact_ips(answers, fill=1)
    assert card.ips_ceiling == _exact_ips(answers, fill=5)


@FEW
@given(answers=partial_answers)
def test_ips_never_above_its_ceiling(answers: dict[str, int | None]) -> None:
    card = score(CATALOG, answers)
    answered = sum(1 for v in answers.values() if v is not None)
    assert card.answered == answered
    assert card.provisional == (answered < len(CODES))
    assert card.ips <= card.ips_ceiling
    if card.provisional:
        assert card.ips < card.ips_ceiling
    else:
        assert card.ips == card.ips_ceiling


@FEW
@given(answers=full_answers)
def test_all_answered_ips_equals_ceiling(answers: dict[str, int]) -> None:
    card = score(CATALOG, answers)
    assert (card.answered, card.provisional) == (len(CODES), False)
    assert card.ips == card.ips_ceiling


@FEW
@given(answers=partial_answers)
def test_predikat_and_rounding_follow_the_edition(answers: dict[str, int | None]) -> None:
    card = score(CATALOG, answers)
    assert card.ips_rounded == round_index(card.ips, CATALOG.edition.rounding)
    assert card.predikat == predikat_for(card.ips_rounded, CATALOG.edition)
    assert card.predikat == predikat_for(predikat_basis(card.ips, CATALOG.edition), CATALOG.edition)
    assert card.ips_display == format_id(card.ips_rounded)
    assert abs(Fraction(card.ips_rounded) - card.ips) <= Fraction(1, 200)


@FEW
@given(value=st.decimals(min_value=1, max_value=5, places=6))
def test_round_index_agrees_with_decimal_quantize(value: Decimal) -> None:
    cent = Decimal("0.01")
    assert round_index(value, Rounding(mode="half-up")) == value.quantize(cent, ROUND_HALF_UP)
    assert round_index(Fraction(value), Rounding(mode="half-even")) == value.quantize(
        cent, ROUND_HALF_EVEN
    )
    assert round_index(value, Rounding()).as_tuple().exponent == -2


@FEW
@given(value=st.decimals(min_value=1, max_value=5, places=2))
def test_format_id_of_a_two_decimal_value(value: Decimal) -> None:
    assert format_id(value) == f"{value:.2f}".replace(".", ",")
    assert format_id(Fraction(value)) == format_id(value)


@FEW
@given(value=st.fractions(min_value=1, max_value=5))
def test_predikat_is_monotonic_in_the_value(value: Fraction) -> None:
    names = [band.name for band in CATALOG.edition.predicates]
    here = names.index(predikat_for(value, CATALOG.edition))
    above = names.index(predikat_for(value + Fraction(1, 1000), CATALOG.edition))
    assert above >= here
