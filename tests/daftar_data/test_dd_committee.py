"""The committee side (issue 20): an entrant's bundle carries its daftar data recap, and a
rubric criterion of source `daftar_data` is computed from it, never typed."""

from __future__ import annotations

import json
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest

from epss.core.award import RubricError, parse_rubric
from epss.core.errors import WorkspaceError
from epss.services.committee_report import build_context
from epss.services.daftar_data import DaftarData
from epss.services.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "daftar_data"
RUBRIC = """
id = "uji-daftar-data"
title = "Lomba Uji Daftar Data"

[[stages]]
id = "tahap-1"
name = "Tahap I"
weight = 1

[[stages.criteria]]
id = "pemenuhan"
name = "Pemenuhan daftar data"
source = "daftar_data"
weight = 60

[[stages.criteria]]
id = "integrasi"
name = "Integrasi portal"
source = "input"
weight = 40
"""


@pytest.fixture
def bundle(workspace, tmp_path) -> Path:
    desk = DaftarData(workspace)
    desk.import_items(FIXTURES / "format-daftar-data-daerah.xlsx")
    desk.import_portal(FIXTURES / "ckan-package-search.json")
    desk.confirm("DD-014")
    assessment = workspace.new_assessment(2024)
    target = tmp_path / "kota-uji.zip"
    workspace.export_bundle(assessment.id, target)
    return target


@pytest.fixture
def committee(tmp_path):
    ws = Workspace.create(tmp_path / "komite", name="Dinas Kominfo Provinsi Uji",
                          kind="provinsi", code="99", actor="komite")
    (tmp_path / "r.toml").write_text(RUBRIC, encoding="utf-8")
    award = ws.committee.new_award(tmp_path / "r.toml", 2024)
    yield ws, award
    ws.close()


def test_the_manifest_carries_the_recap(workspace, bundle):
    with zipfile.ZipFile(bundle) as z:
        manifest = json.loads(z.read("manifest.json"))
    recap = manifest["daftar_data"]
    assert (recap["items"], recap["fulfilled"], recap["datasets"]) == (14, 9, 11)
    assert {o["name"]: o["fulfilled"] for o in recap["opd"]}["Dinas Pertanian"] == 0
    # the dossier hashes the same manifest
    assessment = workspace.assessment(2024)
    assert workspace.manifest(assessment.id)["daftar_data"] == recap


def test_a_workspace_without_a_list_has_no_section(workspace):
    assessment = workspace.new_assessment(2024)
    assert "daftar_data" not in workspace.manifest(assessment.id)


def test_the_criterion_is_computed_from_the_bundle(committee, bundle):
    ws, award = committee
    ws.committee.enter(award, bundle)
    entrant = ws.committee.plain_entrants(award)[0]
    assert entrant.daftar_data == Fraction(900, 14)
    assert "9 dari 14 item di portal = 64,2 %" in entrant.daftar_data_note
    ws.committee.set_input(award, entrant.key, "integrasi", "80")
    row = ws.committee.ranking(award).stages[0].ranked[0]
    assert row.stage_score == Fraction(60, 100) * Fraction(900, 14) + 32
    context = build_context(ws, award)
    part = context["entrants"][0]["stages"][0]["parts"][0]
    assert part["how"].startswith("daftar data dari bundel: 9 dari 14 item")
    # typed by hand: refused, it is computed
    with pytest.raises(WorkspaceError, match="dihitung dari rekap daftar data"):
        ws.committee.set_input(award, entrant.key, "pemenuhan", "90")
    # the entrant's assessment keeps the recap; its manifest is the bundle's
    assessment_id = ws.committee.entrants(award)[0].assessment.id
    assert ws.manifest(assessment_id, include_confidential=False)["daftar_data"]["items"] == 14


def test_a_bundle_without_a_recap_is_valid_and_the_entrant_incomplete(committee, tmp_path):
    ws, award = committee
    other = Workspace.create(tmp_path / "lain", name="Pemerintah Kota Lain", kind="kota",
                             code="9977")
    assessment = other.new_assessment(2024)
    other.export_bundle(assessment.id, tmp_path / "lain.zip")
    other.close()
    ws.committee.enter(award, tmp_path / "lain.zip")
    entrant = ws.committee.plain_entrants(award)[0]
    assert entrant.daftar_data is None
    assert "tidak memuat rekap daftar data" in entrant.daftar_data_note
    stage = ws.committee.ranking(award).stages[0]
    assert stage.ranked == () and "Pemenuhan daftar data" in stage.incomplete[0].missing


def test_an_inconsistent_recap_is_refused(committee, bundle, tmp_path, refused):
    from epss.core.manifest import manifest_bytes

    ws, award = committee
    with zipfile.ZipFile(bundle) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(entries["manifest.json"])
    manifest["daftar_data"]["fulfilled"] = 15
    entries["manifest.json"] = manifest_bytes(manifest)
    forged = tmp_path / "palsu.zip"
    with zipfile.ZipFile(forged, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    refused(ws, lambda: ws.committee.enter(award, forged), "daftar_data")


def test_a_rubric_takes_one_daftar_data_criterion():
    twice = RUBRIC.replace('source = "input"', 'source = "daftar_data"')
    with pytest.raises(RubricError, match="hanya satu kriteria"):
        parse_rubric(twice, "r.toml")
    bad = RUBRIC.replace('source = "daftar_data"', 'source = "daftar-data"')
    with pytest.raises(RubricError, match="source"):
        parse_rubric(bad, "r.toml")
