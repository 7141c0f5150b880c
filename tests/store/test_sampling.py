"""Sampled kegiatan, what each attachment is, and the assessor's rules, through the workspace and
the CLI: every change logged, every bad input refused with nothing changed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from epss.cli import main


@pytest.fixture
def a(workspace):
    return workspace.new_assessment(2026)


@pytest.fixture
def two(workspace, a):
    s = workspace.sampling
    return (s.add_kegiatan(a.id, opd="Dinas Kesehatan", name="Survei Gizi",
                           code="K-24.6104.005"),
            s.add_kegiatan(a.id, opd="Dinas Pendidikan", name="Kompilasi Data Sekolah",
                           kind="kompilasi"))


def run(ws, *args):
    return CliRunner().invoke(main, ["-w", str(ws.root), *args])


def test_kegiatan_are_registered_listed_and_logged(workspace, a, two):
    assert [k.opd for k in workspace.sampling.kegiatan(a.id)] == ["Dinas Kesehatan",
                                                                  "Dinas Pendidikan"]
    events = [e for e in workspace.store.events("kegiatan")]
    assert [e.action for e in events] == ["create", "create"]


@pytest.mark.parametrize("changes, fragment", [
    ({"opd": " ", "name": "Survei"}, "nama OPD tidak boleh kosong"),
    ({"opd": "Dinkes", "name": "x" * 201}, "terlalu panjang"),
    ({"opd": "Dinkes", "name": "Survei", "code": "K 24 / ;"}, "kode kegiatan"),
    ({"opd": "Dinkes", "name": "Survei", "kind": "sensus"}, "jenis kegiatan 'sensus'"),
    ({"opd": "dinas kesehatan", "name": "SURVEI GIZI"}, "sudah terdaftar"),
])
def test_bad_kegiatan_are_refused(workspace, a, two, refused, changes, fragment):
    refused(workspace, lambda: workspace.sampling.add_kegiatan(a.id, **changes), fragment)


def test_a_final_assessment_takes_no_kegiatan(workspace, a, refused):
    workspace.set_status(a.id, "final")
    refused(workspace, lambda: workspace.sampling.add_kegiatan(a.id, opd="D", name="K"),
            "final")


def test_marks_are_saved_logged_and_validated(workspace, a, two, refused):
    att = workspace.link_evidence(a.id, "20101", "https://data.kota.go.id/sk.pdf", title="SK")
    marked = workspace.sampling.mark_evidence(att.id, doc_kind="sk", doc_year=2025, signed=True,
                                              for_tpb=False, kegiatan_id=two[0].id)
    assert (marked.doc_kind, marked.doc_year, marked.signed, marked.for_tpb,
            marked.kegiatan_id) == ("sk", 2025, True, False, two[0].id)
    assert workspace.store.events("attachment", att.id)[-1].action == "mark"
    s = workspace.sampling
    refused(workspace, lambda: s.mark_evidence(att.id, doc_kind="surat"), "jenis dokumen")
    refused(workspace, lambda: s.mark_evidence(att.id, doc_year=1900), "di luar 1945-2027")
    refused(workspace, lambda: s.mark_evidence(att.id, doc_year=2028), "di luar")
    refused(workspace, lambda: s.mark_evidence(att.id, kegiatan_id=999), "kegiatan #999")
    refused(workspace, lambda: s.mark_evidence(att.id), "tidak ada yang diubah")
    refused(workspace, lambda: s.mark_evidence(424242, signed=True), "#424242 tidak ada")


def test_a_kegiatan_of_another_assessment_cannot_be_named(workspace, a, two, refused):
    other = workspace.new_assessment(2024)
    att = workspace.link_evidence(other.id, "20101", "https://data.kota.go.id/a.pdf")
    refused(workspace, lambda: workspace.sampling.mark_evidence(att.id, kegiatan_id=two[0].id),
            "bukan kegiatan terpilih")


def test_removing_a_kegiatan_keeps_its_evidence(workspace, a, two):
    att = workspace.link_evidence(a.id, "20101", "https://data.kota.go.id/a.pdf")
    workspace.sampling.mark_evidence(att.id, kegiatan_id=two[0].id)
    workspace.sampling.remove_kegiatan(two[0].id)
    kept = workspace.evidence(a.id, "20101")
    assert [x.id for x in kept] == [att.id] and kept[0].kegiatan_id is None


def test_a_new_year_keeps_what_documents_are_but_not_the_sample(workspace, a, two):
    att = workspace.link_evidence(a.id, "20101", "https://data.kota.go.id/sop.pdf")
    workspace.sampling.mark_evidence(att.id, doc_kind="sop", doc_year=2026, signed=True,
                                     for_tpb=False, kegiatan_id=two[1].id)
    nxt = workspace.new_assessment(2027, from_year=2026)
    (copied,) = workspace.evidence(nxt.id, "20101")
    assert (copied.doc_kind, copied.doc_year, copied.signed, copied.for_tpb) == (
        "sop", 2026, True, False)
    assert copied.kegiatan_id is None
    assert workspace.sampling.kegiatan(nxt.id) == []


def test_on_request_the_sample_comes_along_with_its_evidence_marks(workspace, a, two, refused):
    att = workspace.link_evidence(a.id, "20101", "https://data.kota.go.id/sop.pdf")
    workspace.sampling.mark_evidence(att.id, kegiatan_id=two[1].id)
    refused(workspace, lambda: workspace.new_assessment(2027, keep_kegiatan=True),
            "tahun asal")
    nxt = workspace.new_assessment(2027, from_year=2026, keep_kegiatan=True)
    carried = workspace.sampling.kegiatan(nxt.id)
    assert [(k.opd, k.name) for k in carried] == [(k.opd, k.name) for k in two]
    assert {k.id for k in carried}.isdisjoint(k.id for k in two)
    (copied,) = workspace.evidence(nxt.id, "20101")
    assert copied.kegiatan_id == carried[1].id
    event = workspace.store.events("assessment")[-1]
    assert json.loads(event.data)["kegiatan_copied"] == 2


def test_the_findings_include_the_rules_and_a_rule_can_be_turned_off(workspace, a, two):
    workspace.set_answer(a.id, "20101", level=3, explanation="Survei gizi berjalan. " * 5)
    att = workspace.link_evidence(a.id, "20101", "https://data.kota.go.id/kak.pdf")
    workspace.sampling.mark_evidence(att.id, doc_kind="kak", kegiatan_id=two[0].id)
    kinds = {f.kind for f in workspace.findings(a.id) if f.code == "20101"}
    assert {"ketimpangan-opd", "tanpa-dokumen-formal", "tanpa-tanda-tangan"} <= kinds
    workspace.sampling.set_rule("ketimpangan-opd", False)
    kinds = {f.kind for f in workspace.findings(a.id) if f.code == "20101"}
    assert "ketimpangan-opd" not in kinds
    assert not next(s for s in workspace.sampling.rules() if s.rule.id == "ketimpangan-opd").enabled
    workspace.sampling.set_rule("ketimpangan-opd", True)
    assert "ketimpangan-opd" in {f.kind for f in workspace.findings(a.id)}


def test_last_year_is_the_latest_earlier_year_across_a_gap(workspace):
    old = workspace.new_assessment(2024)
    workspace.set_answer(old.id, "20101", level=1, explanation="Belum ada.")
    new = workspace.new_assessment(2026)  # EPSS did not run in 2025
    workspace.set_answer(new.id, "20101", level=3, explanation="SOP sudah ada.")
    assert "naik-dua-tingkat" in {f.kind for f in workspace.findings(new.id)}


def test_the_evidence_age_is_a_setting(workspace, a):
    att = workspace.link_evidence(a.id, "20101", "https://data.kota.go.id/lama.pdf")
    workspace.set_answer(a.id, "20101", level=2, explanation="x")
    workspace.sampling.mark_evidence(att.id, doc_year=2023)
    assert "bukti-lama" in {f.kind for f in workspace.findings(a.id)}
    workspace.set_setting("review_evidence_age_years", 3)
    assert "bukti-lama" not in {f.kind for f in workspace.findings(a.id)}


# -- the command line ----------------------------------------------------------------------------

def test_cli_kegiatan_marks_periksa_and_rules(workspace, a):
    assert run(workspace, "kegiatan", "add", "--opd", "Dinas Kesehatan", "--name",
               "Survei Gizi", "--code", "K-24.6104.005", "--year", "2026").exit_code == 0
    listed = json.loads(run(workspace, "kegiatan", "list", "--json", "--year", "2026").output)
    assert listed[0]["opd"] == "Dinas Kesehatan" and listed[0]["evidence"] == 0
    att = workspace.link_evidence(a.id, "20101", "https://data.kota.go.id/kak.pdf", title="KAK")
    result = run(workspace, "evidence", "mark", str(att.id), "--doc-kind", "kak",
                 "--doc-year", "2026", "--internal", "--kegiatan", str(listed[0]["id"]))
    assert result.exit_code == 0, result.output
    assert "KAK (kerangka acuan kerja), 2026, belum bertanda tangan, internal" in result.output
    listing = run(workspace, "evidence", "list", "--year", "2026").output
    assert "Dinas Kesehatan — Survei Gizi" in listing
    workspace.set_answer(a.id, "20101", level=2, explanation="Survei gizi. " * 10)
    checked = run(workspace, "periksa", "--year", "2026", "--json")
    assert checked.exit_code == 1
    kinds = {f["kind"] for f in json.loads(checked.output) if f["indicator"] == "20101"}
    assert {"tanpa-tanda-tangan", "hanya-internal"} <= kinds
    assert run(workspace, "aturan", "off", "hanya-internal").exit_code == 0
    rules = json.loads(run(workspace, "aturan", "--json").output)
    assert {r["id"]: r["enabled"] for r in rules}["hanya-internal"] is False
    assert "[MATI ] hanya-internal" in run(workspace, "aturan").output
    result = run(workspace, "evidence", "mark", str(att.id), "--kegiatan", "umum")
    assert "umum/walidata" in result.output


@pytest.mark.parametrize("args, fragment", [
    (["kegiatan", "add", "--opd", "D", "--name", "K", "--jenis", "sensus", "--year", "2026"],
     "jenis kegiatan"),
    (["kegiatan", "remove", "77"], "kegiatan #77 tidak ada"),
    (["kegiatan", "remove", "0"], "kegiatan #0 tidak ada"),
    (["evidence", "mark", "5", "--doc-year", "dua ribu"], "tahun dokumen harus angka"),
    (["aturan", "off", "tidak-ada"], "aturan 'tidak-ada' tidak dikenal"),
])
def test_cli_refusals(workspace, a, refused, args, fragment):
    refused(workspace, args, fragment)
