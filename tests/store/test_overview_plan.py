"""``Workspace.overview`` and ``Workspace.plan``: the one place the lists and the plans come from.

The lists (Beranda, ``epss assessment list``) once decided in three places which IPS a BPS result
shows; now one rule (``epss.core.history.shown_ips``) decides it for the lists, the comparisons,
the trend and the committee alike.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from epss.core import planner
from epss.core.scoring import format_index
from epss.services.workspace import OverviewRow, Workspace, WorkspaceError

ALL_THREE = {"10101": 3, "10201": 3, "10301": 3}


@pytest.fixture
def ws(workspace):
    return workspace


def _answer_all(ws: Workspace, assessment_id: int, level: int) -> None:
    for code in ws.catalog.codes:
        ws.set_answer(assessment_id, code, level=level)


def _row(ws: Workspace, year: int, kind: str) -> OverviewRow:
    return next(r for r in ws.overview()
                if (r.assessment.year, r.assessment.kind) == (year, kind))


# -- overview ----------------------------------------------------------------------------------


def test_a_complete_assessment_is_listed_with_its_scored_ips(ws):
    a = ws.new_assessment(2024)
    _answer_all(ws, a.id, 3)
    ws.link_evidence(a.id, "10101", "https://data.example.go.id/sds")
    row = _row(ws, 2024, "mandiri")
    card = ws.scorecard(a.id)
    assert row.assessment.id == a.id and row.card == card and row.with_evidence == 1
    assert (row.ips.source, row.ips.value, row.ips.predikat) == ("scored", card.ips, card.predikat)
    assert row.ips.display == card.ips_display and not row.ips.provisional


def test_a_bps_letter_without_levels_is_listed_with_the_letters_ips(ws):
    badan = ws.new_assessment(2023, "badan")
    ws.set_reported_indices(badan.id, ips="2,41")
    row = _row(ws, 2023, "badan")
    assert (row.ips.source, row.ips.value, row.ips.display) == ("reported", Fraction("2.41"),
                                                                 "2,41")
    assert row.ips.predikat == "Cukup" and not row.ips.provisional
    assert row.card.answered == 0  # the counts are still the levels'


def test_a_partly_answered_bps_result_with_a_letter_shows_the_letter_as_compare_does(ws):
    """The old list rule took the letter only when no level was entered; the comparison took it
    whenever the levels were incomplete. One rule now: the comparison's."""
    mandiri, badan = ws.new_assessment(2023), ws.new_assessment(2023, "badan")
    _answer_all(ws, mandiri.id, 3)
    for code, level in ALL_THREE.items():
        ws.set_answer(badan.id, code, level=level)
    ws.set_reported_indices(badan.id, ips=Decimal("2.41"))
    row = _row(ws, 2023, "badan")
    gap = ws.compare_self_vs_badan(2023)
    assert row.ips.source == gap.badan.ips_source == "reported"
    assert row.ips.value == gap.badan.ips == Fraction("2.41")


def test_an_assessment_with_nothing_entered_has_no_ips_rather_than_an_invented_one(ws):
    ws.new_assessment(2024)
    row = _row(ws, 2024, "mandiri")
    assert row.ips.value is None and row.ips.source is None and row.ips.predikat is None
    assert row.ips.display == "–" and row.ips.provisional
    assert ws.trend().points == ()  # the trend leaves it out for the same reason


def test_a_partly_answered_assessment_is_provisional_and_scored(ws):
    a = ws.new_assessment(2024)
    for code, level in ALL_THREE.items():
        ws.set_answer(a.id, code, level=level)
    row = _row(ws, 2024, "mandiri")
    assert row.ips.source == "scored" and row.ips.provisional
    assert row.ips.display == format_index(ws.scorecard(a.id).ips, ws.catalog.edition.rounding)


def test_overview_agrees_with_the_trend_and_shown_ips_for_every_assessment(ws):
    first, badan = ws.new_assessment(2023), ws.new_assessment(2023, "badan")
    _answer_all(ws, first.id, 2)
    ws.set_reported_indices(badan.id, ips="2,10")
    second = ws.new_assessment(2024, from_year=2023)
    ws.set_answer(second.id, "10101", level=5)
    points = {(p.year, p.kind): p for p in ws.trend().points}
    rows = ws.overview()
    assert len(rows) == 3
    for row in rows:
        key = (row.assessment.year, row.assessment.kind)
        assert ws.shown_ips(row.assessment.id) == row.ips
        assert (points[key].ips, points[key].source) == (row.ips.value, row.ips.source)


# -- plan --------------------------------------------------------------------------------------


def test_plan_is_the_planners_plan_for_the_assessments_levels(ws):
    a = ws.new_assessment(2024)
    _answer_all(ws, a.id, 2)
    expected = planner.plan(ws.catalog, ws.levels(a.id),
                            planner.parse_target("baik", ws.catalog.edition),
                            max_level_step=1, locked=["50101", "50201"])
    by_text = ws.plan(a.id, "Baik", max_level_step=1, locks="50101, 50201")
    by_target = ws.plan(a.id, planner.parse_target("baik", ws.catalog.edition),
                        max_level_step=1, locks=("50101", "50201"))
    assert by_text == by_target == expected
    assert by_text.feasible and by_text.steps
    assert by_text.locked == ("50101", "50201")


@pytest.mark.parametrize("target, options, message", [
    ("hebat", {}, "target tidak dikenal"),
    ("9,99", {}, "di luar rentang IPS"),
    ("baik", {"locks": "99999"}, "indikator yang dikunci tidak dikenal"),
    ("baik", {"max_level_step": 0}, "batas kenaikan per indikator paling sedikit 1"),
])
def test_a_bad_plan_request_is_a_workspace_error_in_indonesian(ws, target, options, message):
    a = ws.new_assessment(2024)
    events = ws.store.conn.execute("SELECT count(*) FROM event").fetchone()[0]
    with pytest.raises(WorkspaceError, match=message):
        ws.plan(a.id, target, **options)
    assert ws.store.conn.execute("SELECT count(*) FROM event").fetchone()[0] == events


def test_plan_of_an_unknown_assessment_is_refused(ws):
    with pytest.raises(WorkspaceError, match="penilaian #404 tidak ada"):
        ws.plan(404, "baik")
