"""The document leads with the IPS the lists show (``Workspace.shown_ips``): for a BPS result
known only from its letter that is the letter's IPS, not the 1,00 of 38 unanswered levels."""

from __future__ import annotations

import pytest

from epss.services.dossier import build_context
from epss.services.workspace import Workspace
from reports import render_html


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "ws", name="Pemerintah Kota Contoh", kind="kota",
                          code="3572") as workspace:
        yield workspace


def _shown(ws: Workspace, assessment_id: int) -> str:
    return next(r.ips.display for r in ws.overview() if r.assessment.id == assessment_id)


def test_a_letter_only_bps_result_prints_the_letters_ips(ws):
    badan = ws.new_assessment(2023, "badan")
    ws.set_reported_indices(badan.id, ips="2,41")
    context = build_context(ws, badan.id, template="summary")
    score = context["score"]
    assert (score["ips_display"], score["predikat"]) == (_shown(ws, badan.id), "Cukup")
    assert score["source"] == "reported" and not score["provisional"]
    assert "IPS 2,41 (Cukup)" in context["document"]["subject"]
    html = render_html("summary.html.j2", context)
    assert "dari surat BPS" in html and "Skor sementara" not in html


def test_levels_entered_for_every_indicator_win_over_the_letter(ws):
    badan = ws.new_assessment(2023, "badan")
    ws.set_reported_indices(badan.id, ips="2,41")
    for code in ws.catalog.codes:
        ws.set_answer(badan.id, code, level=3)
    score = build_context(ws, badan.id, template="summary")["score"]
    assert score["source"] == "scored"
    assert score["ips_display"] == _shown(ws, badan.id) == ws.scorecard(badan.id).ips_display


def test_a_partly_answered_self_assessment_stays_provisional(ws):
    a = ws.new_assessment(2024)
    ws.set_answer(a.id, "10101", level=4)
    score = build_context(ws, a.id, template="summary")["score"]
    assert score["source"] == "scored" and score["provisional"]
    assert score["ips_display"] == _shown(ws, a.id)
