"""Scoring: exact indices, unanswered handling, rounding, predikat bands, answer validation."""

from __future__ import annotations

import csv
import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from epss.core.catalog import Catalog, Rounding
from epss.core.scoring import (
    AnswersError,
    Scorecard,
    format_id,
    predikat_basis,
    predikat_for,
    round_index,
    score,
    validate_answers,
    validate_level,
)

PREDIKAT = {1: "Kurang", 2: "Cukup", 3: "Baik", 4: "Sangat Baik", 5: "Memuaskan"}


def with_rounding(catalog: Catalog, **changes: object) -> Catalog:
    """The same catalog under an edition whose rounding settings are changed."""
    rounding = catalog.edition.rounding.model_copy(update=changes)
    edition = catalog.edition.model_copy(update={"rounding": rounding})
    return catalog.model_copy(update={"edition": edition})


def all_at(catalog: Catalog, level: int | None) -> dict[str, int | None]:
    return dict.fromkeys(catalog.codes, level)


_REACHABLE: dict[int, tuple[Catalog, int, tuple[int, ...], tuple[int, ...]]] = {}


def _reachable(catalog: Catalog) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    """Bitset DP over the 38 indicators: which IPS values (scaled to integers) are reachable.

    IPS - 1 = sum(effective_weight_i * (level_i - 1)) / 100; with a common denominator every
    term is an integer, and stage ``i`` of the bitset marks the sums the first ``i`` indicators
    can make with steps 0..4. (Catalogs are not hashable, hence the cache by identity.)
    """
    cached = _REACHABLE.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1:]
    shares = [catalog.effective_weight(code) / 100 for code in catalog.codes]
    scale = math.lcm(*(s.denominator for s in shares))
    ints = tuple(int(s * scale) for s in shares)
    stages = [1]
    for a in ints:
        previous, current = stages[-1], 0
        for step in range(5):
            current |= previous << (a * step)
        stages.append(current)
    _REACHABLE[id(catalog)] = (catalog, scale, ints, tuple(stages))
    return scale, ints, tuple(stages)


def answers_for_ips(catalog: Catalog, target: Fraction) -> dict[str, int]:
    """Full answers whose exact IPS is ``target`` (fails the test if none exists)."""
    scale, ints, stages = _reachable(catalog)
    remaining = (target - 1) * scale
    assert remaining.denominator == 1, f"{target} is finer than the catalog's weights"
    remaining = int(remaining)
    assert stages[-1] >> remaining & 1, f"no answers give an IPS of exactly {target}"
    answers: dict[str, int] = {}
    for i in range(len(ints) - 1, -1, -1):
        for step in range(5):
            rest = remaining - ints[i] * step
            if rest >= 0 and stages[i] >> rest & 1:
                answers[catalog.codes[i]] = step + 1
                remaining = rest
                break
    assert remaining == 0
    return answers


# --------------------------------------------------------------------------------------------
# Uniform answers, unanswered indicators
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_all_level_k_gives_exactly_k(catalog: Catalog, level: int) -> None:
    card = score(catalog, all_at(catalog, level))
    assert isinstance(card.ips, Fraction)
    assert card.ips == level
    assert card.ips_ceiling == level
    assert card.ips_rounded == Decimal(f"{level}.00")
    assert str(card.ips_rounded) == f"{level}.00"
    assert card.ips_display == f"{level},00"
    assert card.predikat == PREDIKAT[level]
    assert (card.answered, card.total, card.provisional) == (38, 38, False)
    assert [d.index for d in card.domains] == [level] * 5
    assert [a.index for a in card.aspects] == [level] * 19
    assert all(i.level == level for i in card.indicators)


def test_scorecard_shape(catalog: Catalog) -> None:
    card = score(catalog, all_at(catalog, 3))
    assert isinstance(card, Scorecard)
    assert card.edition == catalog.edition.id
    assert card.rounding == catalog.edition.rounding
    assert [d.code for d in card.domains] == ["1", "2", "3", "4", "5"]
    assert [a.code for a in card.aspects] == [a.code for d in catalog.domains for a in d.aspects]
    assert [i.code for i in card.indicators] == list(catalog.codes)
    assert [i.effective_weight for i in card.indicators] == [
        catalog.effective_weight(c) for c in catalog.codes
    ]
    assert card.domain("3").weight == 19
    assert card.domain("3").name == "Proses Bisnis Statistik"
    assert card.aspect("302").weight == 26
    assert (card.aspect("401").answered, card.aspect("401").total) == (4, 4)
    assert (card.domain("2").answered, card.domain("2").total) == (10, 10)


def test_nothing_answered(catalog: Catalog) -> None:
    for answers in ({}, all_at(catalog, None)):
        card = score(catalog, answers)
        assert (card.answered, card.total) == (0, 38)
        assert card.provisional is True
        assert card.ips == 1
        assert card.ips_ceiling == 5
        assert card.predikat == "Kurang"
        assert all(i.level is None for i in card.indicators)
        assert all(d.answered == 0 for d in card.domains)


def test_one_answer_at_5(catalog: Catalog) -> None:
    card = score(catalog, {"10101": 5})
    assert (card.answered, card.provisional) == (1, True)
    assert card.ips == 1 + Fraction(7) * 4 / 100 == Fraction("1.28")
    assert card.ips_ceiling == 5
    assert (card.domain("1").answered, card.domain("1").total) == (1, 4)
    assert card.domain("1").index == Fraction(25 * 5 + 75 * 1, 100)
    assert (card.aspect("101").answered, card.aspect("101").total) == (1, 1)
    assert card.aspect("101").index == 5
    assert card.aspect("102").index == 1
    assert card.aspect("102").answered == 0


def test_one_unanswered_among_level_3(catalog: Catalog) -> None:
    answers = all_at(catalog, 3)
    answers["10101"] = None
    card = score(catalog, answers)
    assert (card.answered, card.total, card.provisional) == (37, 38, True)
    assert card.ips == Fraction("2.86")  # 3 - 7% * (3 - 1)
    assert card.ips_ceiling == Fraction("3.14")  # 3 + 7% * (5 - 3)
    assert card.ips_rounded == Decimal("2.86")
    assert card.predikat == "Baik"
    assert card.aspect("101").index == 1  # as scored: unanswered at 1


def test_unanswered_indicators_sit_at_1_and_5(catalog: Catalog) -> None:
    answers = {"30201": 4, "40201": 2}
    card = score(catalog, answers)
    low = sum(catalog.effective_weight(c) * answers.get(c, 1) for c in catalog.codes) / 100
    high = sum(catalog.effective_weight(c) * answers.get(c, 5) for c in catalog.codes) / 100
    assert card.ips == low
    assert card.ips_ceiling == high
    assert card.answered == 2


def test_codes_outside_the_catalog_are_not_counted(catalog: Catalog) -> None:
    card = score(catalog, {"99999": 5, "10101": 2})
    assert card.answered == 1
    assert [i.code for i in card.indicators] == list(catalog.codes)


# --------------------------------------------------------------------------------------------
# Hand-computed examples
# --------------------------------------------------------------------------------------------

DOMAIN_2 = {
    "20101": 3, "20102": 2,  # 201 Relevansi 60/40: (180 + 80) / 100 = 2.60
    "20201": 5,  # 202 Akurasi 100: 5
    "20301": 1, "20302": 4,  # 203 50/50: 2.50
    "20401": 4, "20402": 2, "20403": 3,  # 204 Aksesibilitas 34/33/33: (136 + 66 + 99) / 100
    "20501": 2, "20502": 3,  # 205 50/50: 2.50
}  # fmt: skip


def test_aspect_204_with_unequal_weights(catalog: Catalog) -> None:
    card = score(catalog, DOMAIN_2)
    assert card.aspect("204").index == Fraction("3.01")
    assert card.aspect("204").index != Fraction(4 + 2 + 3, 3)  # not the plain mean
    assert card.aspect("201").index == Fraction("2.6")
    assert card.aspect("203").index == Fraction("2.5")


def test_domain_2_and_ips(catalog: Catalog) -> None:
    card = score(catalog, DOMAIN_2)
    # (21 * 2.60 + 16 * 5 + 21 * 2.50 + 21 * 3.01 + 21 * 2.50) / 100 = 302.81 / 100
    assert card.domain("2").index == Fraction("3.0281")
    assert card.domain("1").index == 1
    # Unanswered domains at 1: 0.24 * 3.0281 + 0.76 * 1 = 1.486744
    assert card.ips == Fraction("1.486744")
    # ... and at 5: 0.24 * 3.0281 + 0.76 * 5 = 4.526744
    assert card.ips_ceiling == Fraction("4.526744")
    assert card.ips_rounded == Decimal("1.49")
    assert card.predikat == "Kurang"
    assert (card.answered, card.domain("2").answered) == (10, 10)


def test_domain_3_confirmed_weights(catalog: Catalog) -> None:
    answers = all_at(catalog, 1)
    answers.update({"30101": 5, "30102": 5, "30103": 1, "30201": 3, "30301": 2, "30302": 4})
    answers["30401"] = 5
    card = score(catalog, answers)
    # 301: (33*5 + 33*5 + 34*1) / 100 = 3.64; 302: 3; 303: 3; 304: 5
    assert card.aspect("301").index == Fraction("3.64")
    # 3: (32*3.64 + 26*3 + 21*3 + 21*5) / 100 = (116.48 + 78 + 63 + 105) / 100
    assert card.domain("3").index == Fraction("3.6248")
    assert card.ips == 1 + Fraction(19, 100) * Fraction("2.6248")


# --------------------------------------------------------------------------------------------
# Predikat: published pairs and band boundaries
# --------------------------------------------------------------------------------------------

_PREDIKAT_SPELLINGS = {
    "kurang": "Kurang",
    "cukup": "Cukup",
    "cukup baik": "Cukup",  # a paraphrase in one news story (epss-method.md section 4)
    "baik": "Baik",
    "sangat baik": "Sangat Baik",
    "memuaskan": "Memuaskan",
}


@pytest.fixture(scope="module")
def published(shared_dir: Path) -> list[tuple[str, str, str]]:
    """(agency and year, IPS, predikat as reported) for every published result with a
    predikat, from shared/reference/published-results.csv."""
    path = shared_dir / "reference" / "published-results.csv"
    if not path.is_file():
        pytest.skip(f"published results not found: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (f"{row['instansi']} {row['tahun']}", row["ips"].strip(), row["predikat_reported"])
            for row in csv.DictReader(handle)
            if (row.get("predikat_reported") or "").strip()
        ]


def test_published_results_exist_with_predikat(published: list[tuple[str, str, str]]) -> None:
    assert len(published) >= 20
    assert {_PREDIKAT_SPELLINGS[" ".join(p.lower().split())] for _, _, p in published} >= {
        "Kurang",
        "Cukup",
        "Baik",
    }


def test_published_results_map_to_their_predikat(
    catalog: Catalog, published: list[tuple[str, str, str]]
) -> None:
    wrong = []
    for label, ips, reported in published:
        expected = _PREDIKAT_SPELLINGS[" ".join(reported.lower().split())]
        basis = predikat_basis(Fraction(Decimal(ips)), catalog.edition)
        got = (predikat_for(Decimal(ips), catalog.edition), predikat_for(basis, catalog.edition))
        if got != (expected, expected):
            wrong.append((label, ips, reported, got))
    assert wrong == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.00", "Kurang"),
        ("1.79", "Kurang"),
        ("1.80", "Cukup"),
        ("2.59", "Cukup"),
        ("2.60", "Baik"),
        ("3.49", "Baik"),
        ("3.50", "Sangat Baik"),
        ("4.19", "Sangat Baik"),
        ("4.20", "Memuaskan"),
        ("5.00", "Memuaskan"),
    ],
)
def test_band_boundaries(catalog: Catalog, value: str, expected: str) -> None:
    assert predikat_for(Decimal(value), catalog.edition) == expected
    assert predikat_for(Fraction(value), catalog.edition) == expected


@pytest.mark.parametrize(
    ("boundary", "below", "at"),
    [
        ("1.80", "Kurang", "Cukup"),
        ("2.60", "Cukup", "Baik"),
        ("3.50", "Baik", "Sangat Baik"),
        ("4.20", "Sangat Baik", "Memuaskan"),
    ],
)
def test_lower_bound_inclusive_upper_exclusive(
    catalog: Catalog, boundary: str, below: str, at: str
) -> None:
    edge = Fraction(boundary)
    assert predikat_for(edge - Fraction(1, 10**12), catalog.edition) == below
    assert predikat_for(edge, catalog.edition) == at
    assert predikat_for(edge + Fraction(1, 10**12), catalog.edition) == at


@pytest.mark.parametrize(
    ("exact", "rounded", "by_rounded", "by_exact"),
    [
        ("1.795", "1.80", "Cukup", "Kurang"),
        ("2.595", "2.60", "Baik", "Cukup"),
        ("3.495", "3.50", "Sangat Baik", "Baik"),
        ("4.195", "4.20", "Memuaskan", "Sangat Baik"),
        ("2.5949", "2.59", "Cukup", "Cukup"),
        ("2.594999", "2.59", "Cukup", "Cukup"),
    ],
)
def test_predikat_basis_rounded_vs_exact(
    catalog: Catalog, exact: str, rounded: str, by_rounded: str, by_exact: str
) -> None:
    value = Fraction(exact)
    edition = catalog.edition
    assert edition.rounding.predikat_basis == "rounded"
    assert predikat_basis(value, edition) == Fraction(rounded)
    assert predikat_for(predikat_basis(value, edition), edition) == by_rounded
    exact_edition = with_rounding(catalog, predikat_basis="exact").edition
    assert predikat_basis(value, exact_edition) == value
    assert predikat_for(predikat_basis(value, exact_edition), exact_edition) == by_exact


@pytest.mark.parametrize(
    ("target", "rounded", "by_rounded", "by_exact"),
    [
        ("2.595", "2.60", "Baik", "Cukup"),
        ("1.795", "1.80", "Cukup", "Kurang"),
        ("2.5949", "2.59", "Cukup", "Cukup"),
    ],
)
def test_scorecard_just_below_a_boundary(
    catalog: Catalog, target: str, rounded: str, by_rounded: str, by_exact: str
) -> None:
    answers = answers_for_ips(catalog, Fraction(target))
    card = score(catalog, answers)
    assert card.ips == Fraction(target)
    assert card.ips_rounded == Decimal(rounded)
    assert card.predikat == by_rounded
    exact_card = score(with_rounding(catalog, predikat_basis="exact"), answers)
    assert exact_card.ips == Fraction(target)
    assert exact_card.ips_rounded == Decimal(rounded)
    assert exact_card.predikat == by_exact
    assert exact_card.rounding.predikat_basis == "exact"


def test_scorecard_half_even_on_a_tie(catalog: Catalog) -> None:
    answers = answers_for_ips(catalog, Fraction("2.525"))
    assert score(catalog, answers).ips_rounded == Decimal("2.53")
    assert score(catalog, answers).ips_display == "2,53"
    even = score(with_rounding(catalog, mode="half-even"), answers)
    assert even.ips == Fraction("2.525")
    assert even.ips_rounded == Decimal("2.52")
    assert even.ips_display == "2,52"
    assert even.predikat == "Cukup"


# --------------------------------------------------------------------------------------------
# Intermediate rounding (as some third-party implementations do)
# --------------------------------------------------------------------------------------------


def test_intermediate_domain_rounding(catalog: Catalog) -> None:
    answers = {"20401": 2}  # 204 = 1.34; domain 2 = 1 + 21% * 0.34 = 1.0714
    plain = score(catalog, answers)
    assert plain.domain("2").index == Fraction("1.0714")
    assert plain.ips == 1 + Fraction(24, 100) * Fraction("0.0714")  # 1.017136
    assert plain.ips == Fraction("1.017136")
    rounded = score(with_rounding(catalog, intermediate="domain"), answers)
    assert rounded.domain("2").index == Fraction("1.07")
    assert rounded.aspect("204").index == Fraction("1.34")
    assert rounded.ips == 1 + Fraction(24, 100) * Fraction("0.07")  # 1.0168
    assert rounded.ips == Fraction("1.0168")
    # Ceiling: 204 = (34*2 + 66*5) / 100 = 3.98; domain 2 = 5 - 21% * 1.02 = 4.7858 -> 4.79
    assert rounded.ips_ceiling == Fraction(24, 100) * Fraction("4.79") + Fraction(76, 100) * 5


def test_intermediate_aspect_rounding(catalog: Catalog) -> None:
    answers = {"20401": 2}
    # Indicator weights are whole percents, so aspect indices already have two decimals;
    # rounding them matters only at fewer decimals.
    two = score(with_rounding(catalog, intermediate="aspect"), answers)
    assert two.ips == score(catalog, answers).ips
    one = score(with_rounding(catalog, intermediate="aspect", decimals=1), answers)
    assert one.aspect("204").index == Fraction("1.3")
    assert one.domain("2").index == 1 + Fraction(21, 100) * Fraction("0.3")  # 1.063
    assert one.ips == 1 + Fraction(24, 100) * Fraction("0.063")  # 1.01512
    assert one.ips_rounded == Decimal("1.0")


# --------------------------------------------------------------------------------------------
# round_index and format_id
# --------------------------------------------------------------------------------------------

HALF_UP = Rounding(mode="half-up")
HALF_EVEN = Rounding(mode="half-even")


@pytest.mark.parametrize(
    ("value", "up", "even"),
    [
        ("2.525", "2.53", "2.52"),
        ("2.535", "2.54", "2.54"),
        ("2.545", "2.55", "2.54"),
        ("2.595", "2.60", "2.60"),
        ("2.5249999", "2.52", "2.52"),
        ("2.5250001", "2.53", "2.53"),
        ("1", "1.00", "1.00"),
        ("5", "5.00", "5.00"),
        ("4.995", "5.00", "5.00"),
    ],
)
def test_round_index_modes(value: str, up: str, even: str) -> None:
    for given in (Fraction(value), Decimal(value)):
        got_up, got_even = round_index(given, HALF_UP), round_index(given, HALF_EVEN)
        assert isinstance(got_up, Decimal)
        assert str(got_up) == up
        assert str(got_even) == even


def test_round_index_thirds_and_decimals() -> None:
    assert str(round_index(Fraction(8, 3), HALF_UP)) == "2.67"
    assert str(round_index(Fraction(7, 3), HALF_EVEN)) == "2.33"
    assert str(round_index(Fraction("2.45"), Rounding(decimals=1))) == "2.5"
    assert str(round_index(Fraction("2.45"), Rounding(decimals=1, mode="half-even"))) == "2.4"
    assert str(round_index(Fraction("2.5"), Rounding(decimals=0))) == "3"
    assert str(round_index(Fraction("2.5"), Rounding(decimals=0, mode="half-even"))) == "2"
    assert str(round_index(Fraction("1.0005"), Rounding(decimals=3))) == "1.001"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("2.52"), "2,52"),
        (Decimal("5.00"), "5,00"),
        (Decimal("1"), "1,00"),
        (Fraction(63, 25), "2,52"),
        (Fraction("2.525"), "2,53"),  # half-up, as the design says
        (Fraction(8, 3), "2,67"),
        (2.52, "2,52"),
        (3, "3,00"),
    ],
)
def test_format_id(value: Decimal | Fraction | float, text: str) -> None:
    assert format_id(value) == text


def test_format_id_decimals() -> None:
    assert format_id(Fraction("2.45"), decimals=1) == "2,5"
    assert format_id(Decimal("2.5"), decimals=3) == "2,500"


def test_format_id_rounds_an_unrounded_decimal_half_up() -> None:
    assert format_id(Decimal("2.525")) == "2,53"


# --------------------------------------------------------------------------------------------
# validate_answers / validate_level
# --------------------------------------------------------------------------------------------


def test_validate_accepts_levels_none_and_whole_floats(catalog: Catalog) -> None:
    raw = {"10101": 1, "20101": 5, "30101": None, "40101": 3.0}
    result = validate_answers(raw, catalog)
    assert result == {"10101": 1, "20101": 5, "30101": None, "40101": 3}
    assert type(result["40101"]) is int
    assert result is not raw
    assert validate_answers({}, catalog) == {}
    full = all_at(catalog, 4)
    assert validate_answers(full, catalog) == full


REFUSALS: list[tuple[object, list[str]]] = [
    ({"99999": 3}, ["kode indikator tidak dikenal", "'99999'"]),
    ({"1010": 3}, ["kode indikator tidak dikenal", "'1010'"]),
    ({10101: 3}, ["kode indikator tidak dikenal", "10101"]),
    ({"10101": 0}, ["indikator 10101", "antara 1 dan 5", "bukan 0"]),
    ({"10101": 6}, ["indikator 10101", "antara 1 dan 5", "bukan 6"]),
    ({"10101": -1}, ["indikator 10101", "bukan -1"]),
    ({"10101": 3.5}, ["indikator 10101", "bilangan bulat", "3.5"]),
    ({"10101": float("nan")}, ["indikator 10101", "nan"]),
    ({"10101": float("inf")}, ["indikator 10101", "inf"]),
    ({"10101": "tiga"}, ["indikator 10101", "'tiga'"]),
    ({"10101": "3"}, ["indikator 10101", "'3'"]),
    ({"10101": True}, ["indikator 10101", "True"]),
    ({"10101": False}, ["indikator 10101", "False"]),
    ({"10101": [3]}, ["indikator 10101", "[3]"]),
    ({"10101": {"level": 3}}, ["indikator 10101", "level"]),
    ({"10101": 3, "20101": 7}, ["indikator 20101", "bukan 7"]),
]


@pytest.mark.parametrize(("raw", "fragments"), REFUSALS, ids=[repr(r) for r, _ in REFUSALS])
def test_validate_refuses(catalog: Catalog, raw: object, fragments: list[str]) -> None:
    with pytest.raises(AnswersError) as info:
        validate_answers(raw, catalog)
    for fragment in fragments:
        assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [(None, "null"), ([3, 4], "daftar"), ("10101=3", "teks"), (3, "angka"), ((), "daftar")],
)
def test_validate_refuses_a_non_object(catalog: Catalog, raw: object, kind: str) -> None:
    with pytest.raises(AnswersError, match="jawaban harus berupa objek JSON") as info:
        validate_answers(raw, catalog)
    assert f"bukan {kind}" in str(info.value)


HUGE: list[object] = ["x" * 100_000, list(range(100_000)), 10**5000, 1e300,
                      {"a": [[[[[[[[1]]]]]]]]}, "baris\nbaru"]


@pytest.mark.parametrize("value", HUGE, ids=["text", "list", "int", "float", "nested", "newline"])
def test_validate_level_message_stays_short(catalog: Catalog, value: object) -> None:
    """A bad level is quoted, never repeated whole: one short line whatever was pasted."""
    with pytest.raises(AnswersError) as info:
        validate_answers({"10101": value}, catalog)
    message = str(info.value)
    assert message.startswith("indikator 10101: tingkat harus ")
    assert len(message) < 150 and "\n" not in message, message


def test_unknown_code_message_stays_short(catalog: Catalog) -> None:
    with pytest.raises(AnswersError) as info:
        validate_answers({"1" * 10_000: 3}, catalog)
    message = str(info.value)
    assert message.startswith("kode indikator tidak dikenal: '111")
    assert message.endswith("(lihat `epss catalog`)") and len(message) < 150


def test_answers_error_is_a_value_error() -> None:
    assert issubclass(AnswersError, ValueError)


def test_validate_level_names_where() -> None:
    assert validate_level(None) is None
    assert validate_level(2) == 2
    assert validate_level(5.0) == 5
    with pytest.raises(AnswersError, match=r"^row 7: "):
        validate_level(9, "row 7")
