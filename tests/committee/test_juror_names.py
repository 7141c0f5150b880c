"""A juror is one name (issue 17): a name that differs from a juror already scoring in the award
only in upper/lower case or spaces is refused everywhere a juror is named (the TUI dialog, `epss
award jury --juror`, a jury sheet), naming the existing juror, so a typo cannot add a sixth juror
and turn a five-juror trimmed mean into something else."""

from __future__ import annotations

import pytest

from epss.services.committee import JuryScore, juror_match
from epss.services.workspace import Workspace

AWARD = "sata-jatim-2024"


@pytest.fixture
def ws(committee_workspace):
    workspace = Workspace.open(committee_workspace, actor="Sekretariat Komite")
    yield workspace
    workspace.close()


def finalist(ws: Workspace) -> str:
    award = ws.committee.award(AWARD)
    return ws.committee.ranking(award).stages[-1].ranked[0].entrant.key


def test_the_award_lists_its_jurors(ws):
    award = ws.committee.award(AWARD)
    assert ws.committee.jurors(award) == ["Akademisi A", "Akademisi B", "Bappeda",
                                          "BPS Provinsi", "Konsultan Data"]


@pytest.mark.parametrize("typo", ["bps provinsi", "Bps  provinsi", "BPSProvinsi",
                                  " bps PROVINSI "])
def test_a_case_or_space_variant_is_refused(ws, refused, typo):
    award = ws.committee.award(AWARD)
    key = finalist(ws)
    message = refused(ws, lambda: ws.committee.set_jury(award, typo, key, "presentasi", 80),
                      "hampir sama", "'BPS Provinsi'")
    assert "tulis namanya persis" in message


def test_a_variant_cannot_clear_either(ws, refused):
    award = ws.committee.award(AWARD)
    refused(ws, lambda: ws.committee.set_jury(award, "bps provinsi", finalist(ws),
                                              "presentasi", None), "'BPS Provinsi'")


def test_a_jury_sheet_under_a_variant_is_refused(ws, refused):
    award = ws.committee.award(AWARD)
    scores = [JuryScore(finalist(ws), "presentasi", 75)]
    refused(ws, lambda: ws.committee.set_jury_scores(award, "konsultan data", scores),
            "'Konsultan Data'")


def test_the_exact_name_and_a_new_name_are_accepted(ws):
    award = ws.committee.award(AWARD)
    key = finalist(ws)
    ws.committee.set_jury(award, "BPS Provinsi", key, "presentasi", 80)
    ws.committee.set_jury(award, "  BPS   Provinsi ", key, "presentasi", 81)  # same text
    assert "BPS Provinsi" in ws.committee.jurors(award)
    ws.committee.set_jury(award, "BPS Kabupaten", key, "presentasi", 70)  # a new juror
    assert len(ws.committee.jurors(award)) == 6


def test_the_cli_refuses_with_the_hint(ws, refused):
    refused(ws.root, ["award", "jury", "--juror", "akademisi a", finalist(ws), "presentasi",
                      "80"], "'Akademisi A'", "hampir sama")


def test_juror_match():
    assert juror_match("BPS  Provinsi") == juror_match("bpsprovinsi") == "bpsprovinsi"
    assert juror_match("Akademisi A") != juror_match("Akademisi B")


def test_variants_kept_from_before_can_each_be_cleared(ws):
    """Two spellings stored before the check existed: each is named exactly and cleared."""
    award = ws.committee.award(AWARD)
    key = finalist(ws)
    entrant = next(e for e in ws.committee.entrants(award) if e.key == key)
    _, crit = award.rubric.criterion("presentasi")
    with ws.store.transaction():
        ws.store.put_award_values(award.id, [(entrant.agency.id, crit.id, "bps provinsi", "77")],
                                  ws.actor)
    assert {"BPS Provinsi", "bps provinsi"} <= set(ws.committee.jurors(award))
    ws.committee.set_jury(award, "bps provinsi", key, "presentasi", None)
    assert "bps provinsi" not in ws.committee.jurors(award)
    ws.committee.set_jury(award, "BPS Provinsi", key, "presentasi", 79)
