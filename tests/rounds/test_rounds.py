"""Assessor rounds of a badan assessment, the drop list, the repair window and the package."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import epss.services.workspace
from epss.cli import main
from epss.core.errors import ReadOnlyWorkspace
from epss.core.scoring import score
from epss.services.rounds import INDEX_HEADERS, ROUNDS, topic_slug
from epss.services.workspace import Workspace

YEAR = 2026


@pytest.fixture
def two(workspace, tmp_path):
    """A mandiri 2026 at level 3 on four indicators (with evidence on 10101), a badan 2026."""
    ws = workspace
    m = ws.new_assessment(YEAR)
    for code in ("10101", "10201", "10301", "20101"):
        ws.set_answer(m.id, code, level=3)
    k1 = ws.sampling.add_kegiatan(m.id, opd="Dinas Kesehatan", name="Survei Gizi")
    ws.sampling.add_kegiatan(m.id, opd="Dinas Pendidikan", name="Dapodik", kind="kompilasi")
    sk = tmp_path / "sk.pdf"
    sk.write_bytes(b"%PDF-1.4 SK walidata")
    internal = tmp_path / "draft.pdf"
    internal.write_bytes(b"%PDF-1.4 draft internal")
    att, _ = ws.add_evidence(m.id, "10101", sk, title="SK Walidata 2026")
    ws.sampling.mark_evidence(att.id, kegiatan_id=k1.id)
    hidden, _ = ws.add_evidence(m.id, "10101", internal, title="Konsep internal")
    ws.sampling.mark_evidence(hidden.id, for_tpb=False)
    ws.link_evidence(m.id, "10101", "https://contoh.go.id/sds", title="Portal SDS")
    b = ws.new_assessment(YEAR, "badan")
    return ws, m, b


def _cli(ws: Workspace, *args: str):
    result = CliRunner().invoke(main, ["-w", str(ws.root), *args])
    assert result.exit_code == 0, (result.output, result.stderr)
    return result.output


def test_levels_per_round_and_ips_per_round(two):
    ws, _m, b = two
    ws.rounds.set_level(b.id, "dokumen", "10101", 1, "SK belum bertanda tangan")
    ws.rounds.set_level(b.id, "dokumen", "10201", 2)
    ws.rounds.set_level(b.id, "pleno", "10101", 2)
    rows = {r.round: r for r in ws.rounds.summaries(b.id)}
    assert list(rows) == ["dokumen", "pleno"]
    assert rows["dokumen"].recorded == 2
    assert rows["dokumen"].scorecard.ips == score(ws.catalog, {"10101": 1, "10201": 2}).ips
    # a round re-scores only what it changes: 10201 stands at its dokumen level
    assert (rows["pleno"].recorded, rows["pleno"].standing) == (1, 2)
    assert rows["pleno"].scorecard.ips == score(ws.catalog, {"10101": 2, "10201": 2}).ips
    assert rows["pleno"].scorecard.ips > rows["dokumen"].scorecard.ips
    # the note stays when a level is changed without one
    ws.rounds.set_level(b.id, "dokumen", "10101", 2)
    assert ws.rounds.levels(b.id)["dokumen"]["10101"]["note"] == "SK belum bertanda tangan"


def test_answers_follow_the_latest_recorded_round(two):
    ws, _m, b = two
    ws.rounds.set_level(b.id, "pleno", "10101", 2)
    assert ws.levels(b.id)["10101"] == 2
    ws.rounds.set_level(b.id, "dokumen", "10101", 1)  # an earlier round: the answer stays
    assert ws.levels(b.id)["10101"] == 2
    ws.rounds.set_level(b.id, "final", "10101", 4)
    assert ws.levels(b.id)["10101"] == 4
    assert isinstance(ws.scorecard(b.id).ips, Fraction)


def test_drop_list_both_directions(two):
    ws, _m, b = two
    ws.rounds.set_level(b.id, "pleno", "10101", 1, "Bukti OPD kedua tidak ada")
    ws.rounds.set_level(b.id, "pleno", "10201", 3)  # equal: not dropped
    ws.rounds.set_level(b.id, "pleno", "10301", 4)  # higher: not dropped
    ws.rounds.set_level(b.id, "pleno", "20101", 2)
    ws.rounds.set_level(b.id, "pleno", "20102", 1)  # no mandiri answer: nothing to compare
    repair = ws.rounds.drops(b.id)
    assert repair.round == "pleno"
    assert [(i.code, i.mandiri_level, i.tpb_level) for i in repair.items] == [
        ("10101", 3, 1), ("20101", 3, 2)]
    first = repair.items[0]
    assert first.note == "Bukti OPD kedua tidak ada"
    assert first.criterion == ws.catalog.indicator("10101").levels[3]
    assert first.expected_evidence == ws.catalog.indicator("10101").evidence[3]
    assert first.files == ["SK Walidata 2026"]  # the internal draft is not in the package
    assert first.links == ["https://contoh.go.id/sds"]
    shares = {k.opd: k.evidence for k in first.kegiatan}
    assert shares == {"Dinas Kesehatan": 1, "Dinas Pendidikan": 0}
    assert any("antar-OPD" in f or "OPD" in f for f in first.findings)
    # another round has its own list
    assert ws.rounds.drops(b.id, "dokumen").items == []
    # a later round that repairs one indicator: it leaves the list, the other stays with its note
    ws.rounds.set_level(b.id, "harmonisasi", "10101", 3)
    assert [(i.code, i.note) for i in ws.rounds.drops(b.id).items] == [("20101", "")]
    assert [i.code for i in ws.rounds.drops(b.id, "pleno").items] == ["10101", "20101"]


def test_package_layout(two, tmp_path):
    ws, _m, b = two
    ws.rounds.set_level(b.id, "pleno", "10101", 1, "SK belum bertanda tangan")
    ws.rounds.set_level(b.id, "pleno", "20101", 2)
    ws.rounds.set_deadline(b.id, "pleno", "2026-07-31")
    dest = tmp_path / "paket"
    written = ws.rounds.package(ws.rounds.drops(b.id), dest)
    folders = sorted(p.name for p in dest.iterdir() if p.is_dir())
    assert folders == ["01_10101_standar-data-statistik-sds",
                       "02_20101_relevansi-data-terhadap-pengguna"]
    first = dest / folders[0]
    assert sorted(p.name for p in first.iterdir()) == ["01 SK Walidata 2026.pdf", "tautan.txt"]
    assert (first / "01 SK Walidata 2026.pdf").read_bytes() == b"%PDF-1.4 SK walidata"
    assert (first / "tautan.txt").read_text().strip().endswith("https://contoh.go.id/sds")
    assert list((dest / folders[1]).iterdir()) == []
    assert {dest / "indeks-perbaikan.xlsx", dest / "indeks-perbaikan.pdf"} <= set(written)
    book = load_workbook(dest / "indeks-perbaikan.xlsx")
    rows = list(book["Perbaikan"].iter_rows(values_only=True))
    assert rows[0] == INDEX_HEADERS
    assert [r[:5] for r in rows[1:]] == [("01", "10101", ws.catalog.indicator("10101").name, 3, 1),
                                         ("02", "20101", ws.catalog.indicator("20101").name, 3, 2)]
    assert rows[1][5] == "SK belum bertanda tangan"
    assert "Dinas Kesehatan" in rows[1][7]
    assert rows[1][8] == "01 SK Walidata 2026.pdf\ntautan.txt"
    assert ("Tenggat perbaikan", "2026-07-31") in list(book["Keterangan"].iter_rows(
        values_only=True))
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(dest / "indeks-perbaikan.pdf").pages)
    assert "01_10101_standar-data-statistik-sds" in text
    assert "SK belum bertanda tangan" in text and "2026-07-31" in text


def test_package_refuses_a_folder_that_is_not_empty(two, tmp_path, refused):
    ws, _m, b = two
    ws.rounds.set_level(b.id, "pleno", "10101", 1)
    dest = tmp_path / "isi"
    dest.mkdir()
    (dest / "lain.txt").write_text("x")
    refused(ws, lambda: ws.rounds.package(ws.rounds.drops(b.id), dest, pdf=False),
            "tidak kosong")
    assert sorted(p.name for p in dest.iterdir()) == ["lain.txt"]


@pytest.mark.parametrize("name", [n for n in (
    "Tingkat Kematangan Penggunaan Data Statistik Sektoral untuk Perencanaan",
    "Tingkat Kematangan Penerapan Standar Data Statistik (SDS)",
    "Tingkat Kematangan Penyelenggaraan Pelaksanaan Tugas Sebagai Wali Data")])
def test_topic_never_cut_mid_word(name):
    slug = topic_slug(name)
    assert len(slug) <= 40
    words = [w.strip("()").lower() for w in name.split()]
    assert all(part in words for part in slug.split("-"))
    assert not slug.endswith(("-untuk", "-sebagai", "-dan"))


@pytest.mark.parametrize(("value", "fragment"), [
    ("31-07-2026", "TTTT-BB-HH"), ("2026-02-30", "tidak ada di kalender"), ("besok", "TTTT-BB-HH"),
])
def test_deadline_validation(two, refused, value, fragment):
    ws, _m, b = two
    refused(ws, lambda: ws.rounds.set_deadline(b.id, "pleno", value), fragment)
    refused(ws, ["round", "deadline", "--round", "pleno", "--year", str(YEAR), value], fragment)


def test_bad_input_is_refused_and_changes_nothing(two, refused):
    ws, m, b = two
    refused(ws, lambda: ws.rounds.set_level(b.id, "semifinal", "10101", 2), "babak",
            "dokumen, interviu")
    refused(ws, lambda: ws.rounds.set_level(b.id, "pleno", "99999", 2), "99999")
    refused(ws, lambda: ws.rounds.set_level(b.id, "pleno", "10101", 6), "1 sampai 5")
    refused(ws, lambda: ws.rounds.set_level(m.id, "pleno", "10101", 2), "penilaian badan")
    refused(ws, ["round", "set", "--round", "pleno", "10101", "--level", "0"], "1 sampai 5")
    refused(ws, ["perbaikan"], "belum ada tingkat")
    ws.set_status(b.id, "final")
    refused(ws, lambda: ws.rounds.set_level(b.id, "pleno", "10101", 2), "final")


def test_without_mandiri_the_drop_list_is_refused(workspace, refused):
    b = workspace.new_assessment(YEAR, "badan")
    workspace.rounds.set_level(b.id, "dokumen", "10101", 2)
    refused(workspace, lambda: workspace.rounds.drops(b.id), "mandiri")


def test_read_only_workspace_refuses_writes(two, monkeypatch):
    ws, _m, b = two
    ws.rounds.set_level(b.id, "dokumen", "10101", 2)
    root = ws.root
    ws.close()
    monkeypatch.setattr(epss.services.workspace, "read_only_reason",
                        lambda where: f"folder {where} tidak bisa ditulis")
    with Workspace.open(root) as ro:
        with pytest.raises(ReadOnlyWorkspace):
            ro.rounds.set_level(b.id, "dokumen", "10101", 3)
        with pytest.raises(ReadOnlyWorkspace):
            ro.rounds.set_deadline(b.id, "dokumen", "2026-07-31")
        assert ro.rounds.levels(b.id)["dokumen"]["10101"]["level"] == 2  # reading still works


def test_every_write_is_logged(two):
    ws, _m, b = two
    before = len(ws.store.events())
    ws.rounds.set_level(b.id, "dokumen", "10101", 2, "catatan")
    ws.rounds.set_level(b.id, "dokumen", "10101", 2, "catatan")  # no change: no event
    ws.rounds.set_deadline(b.id, "dokumen", "2026-07-31")
    assert [e.action for e in ws.store.events()[before:]] == ["round", "round_deadline"]


def test_cli_walk(two, tmp_path):
    ws, _m, _b = two
    out = _cli(ws, "round", "set", "--round", "dokumen", "10101", "--level", "1",
               "--note", "SK belum bertanda tangan")
    assert "Penilaian dokumen: 10101 tingkat 1" in out
    _cli(ws, "round", "set", "--round", "pleno", "20101", "--level", "2", "--year", str(YEAR))
    _cli(ws, "round", "deadline", "--round", "pleno", "2026-07-31")
    listed = json.loads(_cli(ws, "round", "list", "--json"))
    assert [(r["round"], r["recorded"], r["deadline"]) for r in listed] == [
        ("dokumen", 1, None), ("pleno", 1, "2026-07-31")]
    assert "Pleno" in _cli(ws, "round", "list")
    text = _cli(ws, "perbaikan", "--round", "dokumen")
    assert "10101" in text and "SK belum bertanda tangan" in text
    data = json.loads(_cli(ws, "perbaikan", "--json", "-o", str(tmp_path / "p")))
    assert data["round"] == "pleno" and [i["code"] for i in data["items"]] == ["10101", "20101"]
    assert (tmp_path / "p" / "indeks-perbaikan.xlsx").is_file()
    assert set(ROUNDS) == {"dokumen", "interviu", "pleno", "harmonisasi", "final"}


# -- aspect indices of a BPS result letter -----------------------------------------------------


def test_reported_aspects_are_recorded_beside_domains(workspace, refused):
    ws = workspace
    b = ws.new_assessment(YEAR, "badan")
    got = ws.set_reported_indices(b.id, ips="2,10", domains={"1": "2.5"},
                                  aspects={"101": "2,50", "202": "1.75"})
    assert got.aspects == {"101": Decimal("2.50"), "202": Decimal("1.75")}
    assert got.domains == {"1": Decimal("2.5")}
    assert ws.store.reported_indices(b.id)["101"] == "2.50"
    # a form with only IPS and domain fields (the TUI's) keeps the aspects
    kept = ws.set_reported_indices(b.id, ips="2,20", replace=True)
    assert kept.aspects == got.aspects and kept.domains == {}
    refused(ws, lambda: ws.set_reported_indices(b.id, aspects={"999": "2"}), "aspek", "999")
    refused(ws, lambda: ws.set_reported_indices(b.id, aspects={"101": "6"}), "antara 1 dan 5")
    refused(ws, ["assessment", "reported", "--aspect", "101"], "KODE=NILAI")
    out = _cli(ws, "assessment", "reported", "--aspect", "303=3,00")
    assert "aspek 101 2,50" in out and "aspek 303 3,00" in out
    assert ws.clear_reported_indices(b.id, ["101"]).aspects == {"202": Decimal("1.75"),
                                                                 "303": Decimal("3.00")}


def test_reported_aspects_travel_in_a_bundle(workspace, tmp_path):
    ws = workspace
    b = ws.new_assessment(YEAR, "badan")
    ws.set_reported_indices(b.id, ips="2,10", aspects={"101": "2,50"})
    bundle = tmp_path / "b.zip"
    ws.export_bundle(b.id, bundle)
    other = Workspace.create(tmp_path / "lain", name="Pemerintah Kota Uji", kind="kota",
                             code="9976", actor="tester")
    try:
        other.import_bundle(bundle)
        again = other.assessment(YEAR, "badan")
        assert other.reported_indices(again.id).aspects == {"101": Decimal("2.50")}
    finally:
        other.close()


def test_migration_keeps_reported_indices(tmp_path, monkeypatch):
    """A workspace made before 0007_rounds keeps its BPS letter values when it is upgraded."""
    import epss.store

    older = tuple(m for m in epss.store.MIGRATIONS if m[0] < "0007")
    monkeypatch.setattr(epss.store, "MIGRATIONS", older)
    ws = Workspace.create(tmp_path / "lama", name="Pemerintah Kota Uji", kind="kota",
                          code="9976", actor="tester")
    b = ws.new_assessment(YEAR, "badan")
    ws.set_reported_indices(b.id, ips="2,41", domains={"1": "2,80"})
    ws.close()
    monkeypatch.undo()
    with Workspace.open(tmp_path / "lama") as new:
        assert new.store.reported_indices(b.id) == {"1": "2.80", "ips": "2.41"}
        assert new.set_reported_indices(b.id, aspects={"101": "2,5"}).aspects == {
            "101": Decimal("2.5")}
        new.rounds.set_level(b.id, "dokumen", "10101", 2)
        assert new.store.verify_chain() == []


def test_score_shows_reported_aspects(workspace):
    b = workspace.new_assessment(YEAR, "badan")
    workspace.set_reported_indices(b.id, ips="2,41", domains={"1": "2,80"}, aspects={"101": "3"})
    out = _cli(workspace, "score", "--kind", "badan")
    assert "domain 1: 2,80" in out and "aspek 101: 3,00" in out
