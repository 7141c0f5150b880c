"""Issue 20, committee part, pure rules: award categories ranked each on their own, and the
Bappenas Indeks SDI as a structured criterion (total as given, domains 0-100, names and weights
the reference does not give kept "unknown")."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from epss.core.award import (
    UNKNOWN,
    AwardError,
    Category,
    Entrant,
    RubricError,
    SdiValue,
    packaged_rubrics,
    parse_rubric,
    parse_sdi,
    rank,
    rank_categories,
    ranking_to_dict,
    rankings_to_dict,
)

SATA = packaged_rubrics()["sata-jatim"]
MALANG = packaged_rubrics()["kota-malang-opd"]
SDI = SATA.criterion("sdi")[1]
CATS = (Category(id="kab-kota", name="Kabupaten/kota"),
        Category(id="opd", name="OPD provinsi"), Category(id="rsud", name="RSUD"))


def malang(key: str, portal: int, bps: int, ips: str = "3", category: str | None = None
           ) -> Entrant:
    return Entrant(key, f"Peserta {key}", ips=F(ips),
                   inputs={"rekomendasi-bps": F(bps), "portal": F(portal)}, category=category)


# -- the Indeks SDI in the rubric ---------------------------------------------------------------


def test_the_shipped_sdi_criterion_names_no_domain_nor_weight():
    assert SDI.source == "indeks_sdi"
    assert [d.id for d in SDI.domains] == ["domain-1", "domain-2", "domain-3"]
    for domain in SDI.domains:  # the reference names neither: nothing is invented
        assert domain.name is None and domain.weight is None
        assert domain.name_confidence == domain.weight_confidence == "unknown"
        assert UNKNOWN in domain.label and domain.weight_text == UNKNOWN


SDI_RUBRIC = '''id = "x"
title = "X"
[[stages]]
id = "s"
name = "S"
weight = 1
[[stages.criteria]]
id = "sdi"
name = "Indeks SDI"
source = "{source}"
weight = 100
{domains}'''


@pytest.mark.parametrize("source, domains, fragment", [
    ("indeks_sdi", "", "indeks_sdi perlu 1-6 domain"),
    ("input", '[[stages.criteria.domains]]\nid = "d1"', "domains hanya untuk sumber indeks_sdi"),
    ("indeks_sdi", '[[stages.criteria.domains]]\nid = "d1"\n[[stages.criteria.domains]]\nid = "d1"',
     "id domain ganda"),
    ("indeks_sdi", '[[stages.criteria.domains]]\nid = "d1"\nname = "Tata kelola"',
     "name dan name_confidence tidak cocok"),
    ("indeks_sdi", '[[stages.criteria.domains]]\nid = "d1"\nweight = 30',
     "weight dan weight_confidence tidak cocok"),
    ("indeks_sdi", '[[stages.criteria.domains]]\nid = "d1"\nweight_confidence = "published"',
     "weight dan weight_confidence tidak cocok"),
])
def test_a_bad_sdi_rubric_is_refused_naming_the_field(source, domains, fragment):
    with pytest.raises(RubricError, match=fragment):
        parse_rubric(SDI_RUBRIC.format(source=source, domains=domains), "r.toml")


def test_a_published_domain_name_and_weight_are_shown_not_used():
    rubric = parse_rubric(SDI_RUBRIC.format(source="indeks_sdi", domains=(
        '[[stages.criteria.domains]]\nid = "d1"\nname = "Tata kelola"\n'
        'name_confidence = "published"\nweight = 40\nweight_confidence = "published"\n'
        '[[stages.criteria.domains]]\nid = "d2"')), "r.toml")
    crit = rubric.stages[0].criteria[0]
    assert crit.domains[0].label == "Tata kelola" and crit.domains[0].weight_text == "40 %"
    assert crit.domain("tata KELOLA").id == "d1" and crit.domain("2").id == "d2"
    sdi = parse_sdi(crit, "55", {"d1": "100", "d2": "0"})
    assert sdi.total == 55  # never 40 % x 100 + ...: the total is as given
    [row] = rank(rubric, [Entrant("a", "A", sdi={"sdi": sdi})]).stages[0].rows
    assert row.stage_score == 55 and row.parts[0].sdi == sdi


# -- recording an Indeks SDI --------------------------------------------------------------------


def test_sdi_total_and_domains_by_id_number_or_order():
    sdi = parse_sdi(SDI, "74,1", {"3": "80", "domain-1": 70.5})
    assert sdi == SdiValue(F("74.1"), {"domain-1": F("70.5"), "domain-3": F(80)})
    assert list(sdi.domains) == ["domain-1", "domain-3"]  # the rubric's order
    assert parse_sdi(SDI, 0).domains == {}  # domains may be left out


@pytest.mark.parametrize("total, domains, fragment", [
    (None, {"1": 50}, "nilai total wajib diisi"),
    ("  ", {}, "nilai total wajib diisi"),
    ("100,5", {}, "antara 0 dan 100"),
    ("abc", {}, "harus angka"),
    (50, {"1": -1}, "antara 0 dan 100"),
    (50, {"1": "101"}, "antara 0 dan 100"),
    (50, {"2": "1,23456"}, "paling banyak 4 angka desimal"),
    (50, {"4": 10}, "domain '4' tidak ada di kriteria sdi"),
    (50, {"1": 10, "domain-1": 20}, "disebut dua kali"),
])
def test_sdi_refusals_say_why(total, domains, fragment):
    with pytest.raises(AwardError, match=fragment):
        parse_sdi(SDI, total, domains)


def test_sdi_on_another_criterion_is_refused():
    with pytest.raises(AwardError, match="bukan Indeks SDI"):
        parse_sdi(SATA.criterion("integrasi")[1], 50)


SCORES = st.decimals(min_value=-200, max_value=300, places=2, allow_nan=False,
                     allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(SCORES, st.lists(SCORES, min_size=3, max_size=3))
def test_sdi_law_in_range_kept_exactly_out_of_range_refused(total, domains):
    """Every value 0-100 is kept exactly (the total whatever the domains say); any value
    outside 0-100 refuses the whole entry."""
    given_domains = {str(n): v for n, v in enumerate(domains, 1)}
    values = [total, *domains]
    if all(0 <= v <= 100 for v in values):
        sdi = parse_sdi(SDI, total, given_domains)
        assert sdi.total == F(total)
        assert [sdi.domains[f"domain-{n}"] for n in (1, 2, 3)] == [F(v) for v in domains]
    else:
        with pytest.raises(AwardError, match="antara 0 dan 100"):
            parse_sdi(SDI, total, given_domains)


def test_the_sdi_total_is_the_criterion_value_and_a_plain_total_still_counts():
    one = {"daftar-data": F(50), "integrasi": F(50)}  # Tahap I, to reach Tahap II
    with_domains = Entrant("a", "A", ips=F(3), inputs={**one, "sdi": F(60)},
                           sdi={"sdi": parse_sdi(SDI, 60, {"1": 10})})
    plain_total = Entrant("b", "B", ips=F(3), inputs={**one, "sdi": F(60)})  # `award input`
    none = Entrant("c", "C", ips=F(3), inputs=one)
    stage = rank(SATA, [with_domains, plain_total, none]).stages[1]
    parts = {r.entrant.key: next(p for p in r.parts if p.criterion.id == "sdi")
             for r in stage.rows}
    assert parts["a"].value == parts["b"].value == 60
    assert parts["a"].sdi is not None and parts["b"].sdi is None
    assert parts["c"].value is None  # missing: incomplete, never zero
    data = ranking_to_dict(rank(SATA, [with_domains]))
    [sdi_part] = [p for p in data["stages"][1]["rows"][0]["parts"] if p["criterion"] == "sdi"]
    assert sdi_part["sdi"]["domains"][0] == {"id": "domain-1", "name": None, "weight": None,
                                             "value": 10.0, "value_display": "10,00"}
    assert sdi_part["sdi"]["domains"][1]["value"] is None


# -- categories ---------------------------------------------------------------------------------


def test_each_category_is_ranked_on_its_own_by_hand():
    # Malang: 30 % IPS score, 30 % BPS, 40 % portal. IPS 3 -> 50.
    a = malang("a", 90, 90, category="opd")  # 15 + 27 + 36 = 78
    b = malang("b", 50, 50, category="opd")  # 15 + 15 + 20 = 50
    c = malang("c", 60, 60, category="rsud")  # 15 + 18 + 24 = 57
    d = malang("d", 99, 99)  # no category yet
    result = rank_categories(MALANG, [a, b, c, d], CATS)
    assert [item.category.id for item in result.categories] == ["kab-kota", "opd", "rsud"]
    kab, opd, rsud = (item.ranking.stages[0] for item in result.categories)
    assert kab.rows == ()
    assert [(r.entrant.key, r.rank, r.score) for r in opd.rows] == [("a", 1, 78), ("b", 2, 50)]
    assert [(r.entrant.key, r.rank, r.score) for r in rsud.rows] == [("c", 1, 57)]
    assert [e.key for e in result.unassigned] == ["d"]  # listed, never ranked
    assert result.categorised


def test_an_award_without_categories_ranks_as_before():
    entrants = [malang("a", 90, 90, category="x"), malang("b", 50, 50)]
    result = rank_categories(MALANG, entrants)
    [only] = result.categories
    assert only.category is None and result.unassigned == () and not result.categorised
    assert only.ranking == rank(MALANG, entrants)
    assert rankings_to_dict(result) == ranking_to_dict(rank(MALANG, entrants))


def test_cut_offs_apply_per_category():
    # SATA Jatim: ten advance after Tahap II, five win, in each category
    def sata(n: int, category: str) -> Entrant:
        return Entrant(f"{category}{n:02d}", f"{category} {n:02d}", ips=F(3),
                       inputs={"daftar-data": F(n), "integrasi": F(n), "sdi": F(n)},
                       jury={"presentasi": {"j": F(n)}}, category=category)
    entrants = [sata(n, c) for c in ("kab-kota", "opd") for n in range(1, 13)]
    result = rank_categories(SATA, entrants, CATS[:2])
    for item in result.categories:
        two, three = item.ranking.stages[1:]
        assert sum(r.advanced for r in two.rows) == 10
        assert sum(r.advanced for r in three.rows) == 5
        assert all(r.entrant.category == item.category.id for r in two.rows)
    data = rankings_to_dict(result)
    assert [c["id"] for c in data["categories"]] == ["kab-kota", "opd"]
    assert data["unassigned"] == [] and "stages" not in data


def test_duplicate_categories_or_entrants_are_refused():
    with pytest.raises(AwardError, match="kategori ganda"):
        rank_categories(MALANG, [], (CATS[0], CATS[0]))
    with pytest.raises(AwardError, match="peserta ganda"):
        rank_categories(MALANG, [malang("a", 1, 1), malang("a", 2, 2)], CATS)


ENTRANTS = st.lists(
    st.tuples(st.integers(0, 100), st.integers(0, 100), st.sampled_from(["300", "252", "410"]),
              st.sampled_from([None, "kab-kota", "opd", "rsud", "lain"]), st.booleans()),
    max_size=14)


@settings(max_examples=120, deadline=None)
@given(ENTRANTS, st.integers(1, 3))
def test_law_ranking_per_category_equals_ranking_that_category_alone(specs, upto):
    """rank_categories(...) for category c == rank(entrants whose category is c), for every c,
    on SATA Jatim's three stages with their cut-offs; entrants in no listed category are the
    unassigned ones, each exactly once."""
    entrants = []
    for n, (portal, bps, ips, category, jury) in enumerate(specs):
        entrants.append(Entrant(
            f"e{n:02d}", f"Peserta {n % 5}", ips=F(ips) / 100,
            inputs={"daftar-data": F(portal), "integrasi": F(bps), "sdi": F(portal + bps, 2)},
            jury={"presentasi": {"j1": F(bps)}} if jury else {}, category=category))
    result = rank_categories(SATA, entrants, CATS, upto=upto)
    for item in result.categories:
        alone = [e for e in entrants if e.category == item.category.id]
        assert item.ranking == rank(SATA, alone, upto=upto)
    assert sorted(e.key for e in result.unassigned) == sorted(
        e.key for e in entrants if e.category not in {c.id for c in CATS})
