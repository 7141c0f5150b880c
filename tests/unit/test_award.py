"""Award rubrics and the committee ranking, checked against examples worked by hand."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from epss.core.award import (
    TIE_RULE,
    AwardError,
    Entrant,
    RubricError,
    aggregate_jury,
    ips_to_score,
    load_rubric_file,
    packaged_rubrics,
    parse_score,
    rank,
)

RUBRICS = packaged_rubrics()
SATA = RUBRICS["sata-jatim"]
MALANG = RUBRICS["kota-malang-opd"]


def test_shipped_rubrics_load_and_say_what_is_assumed():
    assert set(RUBRICS) >= {"sata-jatim", "kota-malang-opd"}
    assert [s.id for s in SATA.stages] == ["tahap-1", "tahap-2", "tahap-3"]
    assert [s.advance for s in SATA.stages] == [None, 10, 5]
    assert SATA.assumed  # no weight of SATA Jatim is published
    assert not MALANG.assumed
    assert [c.weight for c in MALANG.stages[0].criteria] == [30, 30, 40]


def test_ips_mapping_is_linear():
    assert ips_to_score(F(1)) == 0
    assert ips_to_score(F(5)) == 100
    assert ips_to_score(F(252, 100)) == 38  # Kota Blitar 2,52 -> 38
    with pytest.raises(AwardError):
        ips_to_score(F(6))


@pytest.mark.parametrize("text, expected", [("81,15", F(8115, 100)), ("74.1", F(741, 10)),
                                            (90, F(90)), ("0", F(0)), ("100", F(100))])
def test_scores_are_read_exactly(text, expected):
    assert parse_score(text) == expected


@pytest.mark.parametrize("bad", ["", "tinggi", "100.01", "-1", "1e400", "nan", "inf", True,
                                 None, "12,34567"])
def test_bad_scores_are_refused(bad):
    with pytest.raises(AwardError):
        parse_score(bad)


def test_jury_mean_below_five_trimmed_mean_from_five():
    four = {"a": F(60), "b": F(70), "c": F(80), "d": F(100)}
    agg = aggregate_jury(four)
    assert (agg.rule, agg.value, agg.spread) == ("mean", F(310, 4), 40)
    five = {**four, "e": F(20)}
    agg = aggregate_jury(five)
    # drop 20 (e) and 100 (d): (60 + 70 + 80) / 3 = 70
    assert (agg.rule, agg.value, agg.low, agg.high) == ("trimmed-mean", F(70), 20, 100)
    assert set(agg.dropped) == {"d", "e"}
    assert "terpangkas" in agg.rule_text


def test_malang_hand_worked():
    # A: IPS 3,00 -> 50; BPS 80; portal 90 -> 0.3*50 + 0.3*80 + 0.4*90 = 15 + 24 + 36 = 75
    # B: IPS 2,20 -> 30; BPS 90; portal 95 -> 9 + 27 + 38 = 74
    a = Entrant("a", "Dinas A", ips=F(3), inputs={"rekomendasi-bps": F(80), "portal": F(90)})
    b = Entrant("b", "Dinas B", ips=F(22, 10), inputs={"rekomendasi-bps": F(90),
                                                       "portal": F(95)})
    result = rank(MALANG, [b, a]).stages[0]
    assert [(r.entrant.key, r.rank, r.score) for r in result.ranked] == [("a", 1, 75),
                                                                         ("b", 2, 74)]
    parts = {p.criterion.id: p.contribution for p in result.ranked[0].parts}
    assert parts == {"internal": 15, "rekomendasi-bps": 24, "portal": 36}


def test_incomplete_entrant_is_listed_not_ranked_never_zero():
    a = Entrant("a", "Dinas A", ips=F(3), inputs={"rekomendasi-bps": F(80), "portal": F(90)})
    c = Entrant("c", "Dinas C", ips=F(3), inputs={"portal": F(90)})  # no BPS recommendation
    result = rank(MALANG, [a, c]).stages[0]
    assert [r.entrant.key for r in result.ranked] == ["a"]
    [row] = result.incomplete
    assert row.rank is None and row.score is None and not row.advanced
    assert row.missing == ("Rekomendasi BPS",)


def _sata_entrant(n: int, portal, integration, ips, sdi, jury=None) -> Entrant:
    return Entrant(f"k{n:02d}", f"Kab {n:02d}", ips=F(ips),
                   inputs={"daftar-data": F(portal), "integrasi": F(integration), "sdi": F(sdi)},
                   jury={"presentasi": jury} if jury else {})


def test_sata_cut_after_two_stages_and_five_winners():
    # Entrant n: stage 1 = (n*5 + n*5)/2 = 5n, stage 2 = (ips->score + 5n)/2 with ips 1 -> 2.5n.
    # Cumulative after stage 2 = (5n + 2.5n)/2 = 3.75n: the 10 highest n (3..12) go on.
    entrants = [_sata_entrant(n, 5 * n, 5 * n, 1, 5 * n,
                              jury={"j1": F(100 - n), "j2": F(100 - n)})
                for n in range(1, 13)]
    ranking = rank(SATA, entrants)
    one, two, three = ranking.stages
    assert all(r.advanced for r in one.rows)  # no cut after Tahap I
    assert [r.entrant.key for r in two.ranked][:10] == [f"k{n:02d}" for n in range(12, 2, -1)]
    assert [r.advanced for r in two.ranked] == [True] * 10 + [False] * 2
    assert two.ranked[0].score == F(375, 100) * 12
    # Tahap III ranks the 10 finalists by the mean of three stage scores:
    # n: (5n + 2.5n + (100 - n)) / 3 = (100 + 6.5n) / 3 -> still the higher n first.
    assert [r.entrant.key for r in three.ranked] == [f"k{n:02d}" for n in range(12, 2, -1)]
    assert three.ranked[0].score == F(100 + F(13, 2) * 12, 3)
    assert [r.entrant.key for r in three.ranked if r.advanced] == [
        "k12", "k11", "k10", "k09", "k08"]
    assert ranking.tie_rule == TIE_RULE


def test_ties_are_broken_by_the_stated_rule():
    # Same cumulative score; the one with the higher current-stage score goes first, then names.
    a = Entrant("a", "Beta", ips=F(3), inputs={"rekomendasi-bps": F(80), "portal": F(90)})
    b = Entrant("b", "Alfa", ips=F(3), inputs={"rekomendasi-bps": F(80), "portal": F(90)})
    result = rank(MALANG, [a, b]).stages[0]
    assert [r.entrant.name for r in result.ranked] == ["Alfa", "Beta"]


def test_a_broken_rubric_names_file_and_field(tmp_path: Path):
    path = tmp_path / "rusak.toml"
    path.write_text('id = "rusak"\ntitle = "x"\n[[stages]]\nid = "s"\nname = "S"\nweight = 1\n'
                    '[[stages.criteria]]\nid = "c"\nname = "C"\nsource = "input"\nweight = 60\n',
                    encoding="utf-8")
    with pytest.raises(RubricError, match=r"rusak\.toml: stages\[0\]: bobot kriteria tahap s "
                                          r"berjumlah 60, harus 100"):
        load_rubric_file(path)
    path.write_text('id = "rusak"\ntitle = "x"\n[[stages]]\nid = "s"\nname = "S"\nweight = 1\n'
                    '[[stages.criteria]]\nid = "c"\nname = "C"\nsource = "vote"\nweight = 100\n',
                    encoding="utf-8")
    with pytest.raises(RubricError, match=r"rusak.toml: stages\[0\].criteria\[0\].source"):
        load_rubric_file(path)
    path.write_text("id = [", encoding="utf-8")
    with pytest.raises(RubricError, match=r"rusak\.toml: TOML tidak sah di akhir berkas: "):
        load_rubric_file(path)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(100, 500), st.integers(0, 100), st.integers(0, 100),
                          st.booleans()), min_size=1, max_size=12))
def test_ranking_laws(rows):
    entrants = [Entrant(f"e{n}", f"Dinas {n}", ips=F(ips, 100),
                        inputs={"rekomendasi-bps": F(bps), **({"portal": F(p)} if has else {})})
                for n, (ips, bps, p, has) in enumerate(rows)]
    stage = rank(MALANG, entrants).stages[0]
    ranked = stage.ranked
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert all(0 <= r.score <= 100 for r in ranked)
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)
    assert {r.entrant.key for r in stage.incomplete} == {
        f"e{n}" for n, row in enumerate(rows) if not row[3]}
    for r in ranked:  # contributions add up to the score exactly
        assert sum(p.contribution for p in r.parts) == r.score


@pytest.mark.parametrize("text", ["1e999999999", "-1e999999999", "1E3", "101", "100.00001"])
def test_scores_out_of_range_are_refused_before_any_big_arithmetic(text):
    with pytest.raises(AwardError):
        parse_score(text)


@pytest.mark.parametrize("text,expected", [("0", 0), ("1e2", 100), ("81,15", F("81.15"))])
def test_scores_in_range_with_exponents_are_exact(text, expected):
    assert parse_score(text) == expected
