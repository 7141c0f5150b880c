"""Issue 20, committee part, through `epss award ...` on a real workspace: the Indeks SDI with its
domains (`award sdi`), categories (`award category ...`), the ranking and the committee
report per category; every refusal exits non-zero, says why in Indonesian and changes nothing;
every change is an audit event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from epss.cli import main
from epss.demo.committee import EntrantSpec, write_entrant_bundles
from epss.services.committee_report import build_context
from epss.services.workspace import Workspace

ORGANISER = {"name": "Dinas Kominfo Provinsi Contoh", "kind": "provinsi", "code": "99"}
ALFA = EntrantSpec("Pemerintah Kota Sumberwangi", "kota", "9971")
BETA = EntrantSpec("Pemerintah Kabupaten Tirtamulya", "kabupaten", "9911")
GAMA = EntrantSpec("Pemerintah Kabupaten Gunungsari", "kabupaten", "9912")
SPECS = (ALFA, BETA, GAMA)


def key(spec: EntrantSpec) -> str:
    return f"{spec.kind}:{spec.code}"


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> list[Path]:
    return write_entrant_bundles(tmp_path_factory.mktemp("bundles"), SPECS, year=2024)


@pytest.fixture
def root(tmp_path, bundles) -> Path:
    """SATA Jatim 2024 with three entrants and their Tahap I values."""
    with Workspace.create(tmp_path / "komite", actor="Sekretariat", **ORGANISER) as ws:
        c = ws.committee
        award = c.new_award("sata-jatim", 2024)
        for path in bundles:
            c.enter(award, path)
        for n, spec in enumerate(SPECS):
            c.set_input(award, key(spec), "daftar-data", 60 + n)
            c.set_input(award, key(spec), "integrasi", 70 + n)
    return tmp_path / "komite"


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-w", str(root), "award", *args])


def ok(root: Path, *args: str):
    result = run(root, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def events(root: Path, action: str) -> list[dict]:
    with Workspace.open(root) as ws:
        rows = ws.store.conn.execute(
            "SELECT data FROM event WHERE action = ? ORDER BY id", (action,)).fetchall()
    return [json.loads(r[0]) for r in rows]


# -- the Indeks SDI -----------------------------------------------------------------------------


def test_sdi_with_domains_is_stored_as_given_and_logged(root):
    result = ok(root, "sdi", "Sumberwangi", "74,1", "--domain", "1=70,5", "-d", "domain-3=80")
    assert f"Indeks SDI sdi untuk {ALFA.name}: 74,10 (dicatat sebagaimana diberikan)." in (
        result.stdout)
    assert "domain-1 (nama belum diketahui): 70,50" in result.stdout
    assert "domain-2 (nama belum diketahui): -" in result.stdout
    with Workspace.open(root) as ws:
        c = ws.committee
        award = c.award()
        plain = next(e for e in c.plain_entrants(award) if e.key == key(ALFA))
        assert str(plain.sdi["sdi"].total) == "741/10"
        assert {d: str(v) for d, v in plain.sdi["sdi"].domains.items()} == {
            "domain-1": "141/2", "domain-3": "80"}
        part = next(p for p in c.ranking(award).stages[1].rows[0].parts
                    if p.criterion.id == "sdi")
        assert part.sdi is not None
    [event] = events(root, "award_sdi")
    assert event == {"entrant": key(ALFA), "criterion": "sdi", "value": "74.1",
                     "domains": {"domain-1": "70.5", "domain-3": "80"}}
    # recording again replaces the domains too; --clear removes the total and the domains
    ok(root, "sdi", "9971", "75")
    result = ok(root, "sdi", "9971", "--clear")
    assert "dihapus (beserta domainnya)" in result.stdout
    with Workspace.open(root) as ws:
        assert ws.store.award_sdi_domains(ws.committee.award().id) == []
    # the total alone, as before, through `award input`
    ok(root, "input", "9971", "sdi", "66,5")
    rubric = ok(root, "rubric").stdout
    assert "domain domain-1: domain-1 (nama belum diketahui); bobot belum diketahui" in rubric
    assert "tidak dihitung dari domainnya" in rubric


SDI_ERRORS = [
    (("sdi", "9971"), "berikan INDEKS 0-100"),
    (("sdi", "9971", "101"), "antara 0 dan 100"),
    (("sdi", "9971", "-1"), "antara 0 dan 100"),
    (("sdi", "9971", "70", "--domain", "1=100,01"), "antara 0 dan 100"),
    (("sdi", "9971", "70", "--domain", "4=10"), "domain '4' tidak ada"),
    (("sdi", "9971", "70", "--domain", "1"), "--domain harus DOMAIN=NILAI"),
    (("sdi", "9971", "70", "--domain", "1=5", "--domain", "1=6"), "disebut dua kali"),
    (("sdi", "9971", "70", "--clear"), "--clear tidak dipakai bersama"),
    (("sdi", "9971", "--clear"), "belum ada nilai sdi"),
    (("sdi", "9971", "70", "--criterion", "integrasi"), "diisi dengan `epss award input`"),
    (("sdi", "9979", "70"), "tidak terdaftar"),
    (("input", "9971", "epss", "50"), "diambil dari IPS"),
    (("jury", "--juror", "Bappeda", "9971", "sdi", "50"), "epss award sdi"),
]


@pytest.mark.parametrize("args, fragment", SDI_ERRORS, ids=[" ".join(a) for a, _ in SDI_ERRORS])
def test_sdi_refusals_change_nothing(root, args, fragment, refused):
    refused(root, ["award", *args], fragment)


# -- categories ---------------------------------------------------------------------------------


def test_categories_rank_each_on_its_own(root, refused):
    # before: one ranking, as today
    plain = json.loads(ok(root, "rank", "--stage", "1", "--json").stdout)
    assert "categories" not in plain and len(plain["stages"][0]["rows"]) == 3
    ok(root, "category", "add", "kab-kota", "Kabupaten/kota")
    ok(root, "category", "add", "opd", "OPD provinsi")
    result = ok(root, "category", "add", "opd", "OPD Provinsi Jawa")
    assert "diperbarui" in result.stdout
    ok(root, "category", "assign", "Sumberwangi", "kab-kota")
    ok(root, "category", "assign", "9911", "OPD Provinsi Jawa")  # by name, any case
    listed = json.loads(ok(root, "category", "list", "--json").stdout)
    assert listed["categories"] == [
        {"id": "kab-kota", "name": "Kabupaten/kota", "entrants": [key(ALFA)]},
        {"id": "opd", "name": "OPD Provinsi Jawa", "entrants": [key(BETA)]}]
    assert listed["unassigned"] == [key(GAMA)]
    assert "Belum berkategori (1; tidak diberi peringkat)" in ok(root, "category", "list").stdout
    text = ok(root, "rank", "--stage", "1").stdout
    assert "=== Kategori Kabupaten/kota (kab-kota) ===" in text
    assert "=== Kategori OPD Provinsi Jawa (opd) ===" in text
    assert f"Belum berkategori (tidak diberi peringkat): {GAMA.name}" in text
    data = json.loads(ok(root, "rank", "--stage", "1", "--json").stdout)
    ranks = {c["id"]: [(r["key"], r["rank"]) for r in c["stages"][0]["rows"]]
             for c in data["categories"]}
    assert ranks == {"kab-kota": [(key(ALFA), 1)], "opd": [(key(BETA), 1)]}
    assert data["unassigned"] == [{"key": key(GAMA), "name": GAMA.name}]
    one = json.loads(ok(root, "rank", "--category", "opd", "--json").stdout)
    assert [c["id"] for c in one["categories"]] == ["opd"]
    entrants = json.loads(ok(root, "entrants", "--json").stdout)
    assert {e["key"]: e["category"] for e in entrants} == {
        key(ALFA): "kab-kota", key(BETA): "opd", key(GAMA): None}
    # a category with entrants cannot go; an empty one can
    refused(root, ["award", "category", "remove", "opd"], "masih berisi 1 peserta",
            BETA.name)
    ok(root, "category", "assign", "9911", "--clear")
    assert "dihapus" in ok(root, "category", "remove", "opd").stdout
    logged = events(root, "award_category")
    assert [(e["category"], e["name"]) for e in logged] == [
        ("kab-kota", "Kabupaten/kota"), ("opd", "OPD provinsi"), ("opd", "OPD Provinsi Jawa"),
        ("opd", None)]
    moves = events(root, "award_entrant_category")
    assert [(e["entrant"], e["category"], e["before"]) for e in moves] == [
        (key(ALFA), "kab-kota", None), (key(BETA), "opd", None), (key(BETA), None, "opd")]


CATEGORY_ERRORS = [
    (("category", "add", "Kab Kota", "Kabupaten/kota"), "kategori tidak sah"),
    (("category", "add", "rsud", ""), "kategori tidak sah"),
    (("category", "add", "kota", "kabupaten/KOTA"), "sudah dipakai kategori kab-kota"),
    (("category", "assign", "9971", "rsud"), "kategori 'rsud' tidak ada"),
    (("category", "assign", "9971"), "berikan KATEGORI, atau --clear"),
    (("category", "assign", "9971", "kab-kota", "--clear"), "berikan KATEGORI, atau --clear"),
    (("category", "assign", "9979", "kab-kota"), "tidak terdaftar"),
    (("category", "remove", "rsud"), "tidak ada"),
    (("rank", "--category", "rsud"), "tidak ada"),
]


@pytest.mark.parametrize("args, fragment", CATEGORY_ERRORS,
                         ids=[" ".join(a) for a, _ in CATEGORY_ERRORS])
def test_category_refusals_change_nothing(root, args, fragment, refused):
    ok(root, "category", "add", "kab-kota", "Kabupaten/kota")
    refused(root, ["award", *args], fragment)


def test_report_has_one_section_per_category(root, tmp_path):
    with Workspace.open(root, actor="Sekretariat") as ws:
        c = ws.committee
        award = c.award()
        before = build_context(ws, award)
        assert not before["categorised"] and len(before["categories"]) == 1
        assert before["categories"][0]["name"] is None
        c.set_sdi(award, key(ALFA), None, "74,1", {"2": "66"})
        award = c.add_category(award, "kab-kota", "Kabupaten/kota")
        award = c.add_category(award, "opd", "OPD provinsi")
        c.set_category(award, key(ALFA), "kab-kota")
        c.set_category(award, key(BETA), "kab-kota")
        c.set_category(award, key(GAMA), "opd")
        context = build_context(ws, award)
    assert context["categorised"] and context["unassigned"] == []
    sections = {s["name"]: {p["key"] for p in s["entrants"]} for s in context["categories"]}
    assert sections == {"Kabupaten/kota": {key(ALFA), key(BETA)}, "OPD provinsi": {key(GAMA)}}
    assert [s["name"] for s in context["categories"]] == ["Kabupaten/kota", "OPD provinsi"]
    [sdi] = [c for c in context["stages"][1]["criteria"] if c["id"] == "sdi"]
    assert sdi["domains"].count("belum diketahui") == 6  # three names, three weights
    alfa = next(p for p in context["entrants"] if p["key"] == key(ALFA))
    [part] = [p for s in alfa["stages"] for p in s["parts"] if p["id"] == "sdi"]
    assert part["value"] == "74,10"
    assert part["how"] == ("total sebagaimana diberikan; domain-1 (nama belum diketahui) –; "
                           "domain-2 (nama belum diketahui) 66,00; domain-3 (nama belum "
                           "diketahui) –")
    pdf = tmp_path / "komite.pdf"
    ok(root, "report", "-o", str(pdf))
    from pypdf import PdfReader

    text = " ".join((page.extract_text() or "") for page in PdfReader(pdf).pages)
    text = " ".join(text.split())
    for phrase in ("Kategori Kabupaten/kota", "Kategori OPD provinsi",
                   "Rincian per peserta · Kategori OPD provinsi", "Indeks SDI dicatat",
                   "tiap kategori diberi peringkat sendiri"):
        assert phrase in text, phrase
