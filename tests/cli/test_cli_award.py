"""`epss award ...`: what the committee's commands print, their exit codes, and that a refused
command leaves the database exactly as it was."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from fractions import Fraction as F
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from epss.cli import main
from epss.core.award import TIE_RULE, display
from epss.demo.committee import EntrantSpec, write_entrant_bundles
from epss.services.workspace import Workspace

ORGANISER = {"name": "Dinas Kominfo Provinsi Contoh", "kind": "provinsi", "code": "99"}
YEAR = 2024
ALFA = EntrantSpec("Pemerintah Kota Sumberwangi", "kota", "9971")
BETA = EntrantSpec("Pemerintah Kabupaten Tirtamulya", "kabupaten", "9911")
GAMA = EntrantSpec("Pemerintah Kabupaten Gunungsari", "kabupaten", "9912")
DRAFT = EntrantSpec("Pemerintah Kabupaten Karangjati", "kabupaten", "9913", answered=30)
SPECS = (ALFA, BETA, GAMA, DRAFT)
INPUTS = {ALFA: ("81,15", "74.1", "66,5"), BETA: (90, 60, "88.25"), GAMA: ("55,5", 70, 95),
          DRAFT: (99, 99, 99)}
JURY = {ALFA: {"BPS Provinsi": 80, "Bappeda": "92,5", "Akademisi A": 70, "Akademisi B": 85,
               "Konsultan Data": 60},
        BETA: {"BPS Provinsi": 75, "Bappeda": 80, "Akademisi A": "77,75"},
        GAMA: {"BPS Provinsi": 88, "Bappeda": 71}}
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def key(spec: EntrantSpec) -> str:
    return f"{spec.kind}:{spec.code}"


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli-bundles")
    paths = write_entrant_bundles(folder / "asli", SPECS, year=YEAR)
    found = {key(s): p for s, p in zip(SPECS, paths, strict=True)}
    # GAMA's bundle with one byte of its evidence changed (same size, valid zip)
    tampered = folder / "rusak" / found[key(GAMA)].name
    tampered.parent.mkdir()
    with zipfile.ZipFile(found[key(GAMA)]) as src, zipfile.ZipFile(tampered, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "manifest.json":
                data = data.replace(b"WALIDATA", b"WALIDATU")
            out.writestr(info, data)
    found["tampered"] = tampered
    return found


@pytest.fixture
def root(tmp_path) -> Path:
    """A committee workspace with nothing in it yet (closed: the CLI opens it)."""
    Workspace.create(tmp_path / "komite", actor="Sekretariat Komite", **ORGANISER).close()
    return tmp_path / "komite"


@pytest.fixture
def entered(root, bundles) -> Path:
    """SATA Jatim 2024 with the four entrants and no values."""
    with Workspace.open(root, actor="Sekretariat Komite") as ws:
        c = ws.committee
        award = c.new_award("sata-jatim", YEAR)
        for spec in SPECS:
            c.enter(award, bundles[key(spec)])
    return root


@pytest.fixture
def ready(entered) -> Path:
    """...and the committee's inputs and the jury's scores filled in."""
    with Workspace.open(entered, actor="Sekretariat Komite") as ws:
        c = ws.committee
        award = c.award()
        for spec, values in INPUTS.items():
            for criterion, value in zip(("daftar-data", "integrasi", "sdi"), values,
                                        strict=True):
                c.set_input(award, key(spec), criterion, value)
        for spec, scores in JURY.items():
            for juror, value in scores.items():
                c.set_jury(award, juror, key(spec), "presentasi", value)
    return entered


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-w", str(root), "award", *args])


def ok(root: Path, *args: str):
    result = run(root, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def service_ranking(root: Path):
    with Workspace.open(root) as ws:
        c = ws.committee
        return c.ranking(c.award())


# -- new, list ---------------------------------------------------------------------------------


def test_new_and_list(root):
    result = ok(root, "new", "--rubric", "sata-jatim", "--year", "2024")
    assert "Lomba SATA Jatim Award 2024 dibuat (sata-jatim-2024), 3 tahap." in result.stdout
    assert "diasumsikan" in result.stdout  # SATA Jatim publishes no weights
    result = ok(root, "new", "--rubric", "kota-malang-opd", "--year", "2023")
    assert "diasumsikan" not in result.stdout
    [a, b] = json.loads(ok(root, "list", "--json").stdout)
    assert (a["key"], a["entrants"], a["title"]) == ("sata-jatim-2024", 0, "SATA Jatim Award")
    assert b["key"] == "kota-malang-opd-2023"
    assert HEX64.match(a["rubric_sha256"])
    assert "sata-jatim-2024" in ok(root, "list").stdout


@pytest.mark.parametrize("args, fragment", [
    (("--rubric", "sata-jabar", "--year", "2024"), "rubrik tidak dikenal"),
    (("--rubric", "tidak/ada.toml", "--year", "2024"), "rubrik tidak dikenal"),
    (("--rubric", "sata-jatim", "--year", "1800"), "1800"),
])
def test_new_refused_creates_nothing(root, args, fragment, refused):
    refused(root, ["award", "new", *args], fragment)
    assert json.loads(ok(root, "list", "--json").stdout) == []


def test_new_refuses_an_award_that_exists(root, refused):
    ok(root, "new", "--rubric", "sata-jatim", "--year", "2024")
    refused(root, ["award", "new", "--rubric", "sata-jatim", "--year", "2024"], "sudah ada")


def test_commands_without_an_award(root, refused):
    for args in (("rank",), ("entrants",), ("rubric",), ("input", "9971", "sdi", "1")):
        stderr = refused(root, ["award", *args], "belum ada lomba")
        assert "epss award new" in stderr


# -- enter -------------------------------------------------------------------------------------


def test_enter_several_with_one_tampered(root, bundles):
    ok(root, "new", "--rubric", "sata-jatim", "--year", "2024")
    result = run(root, "enter", str(bundles[key(ALFA)]), str(bundles["tampered"]),
                 str(bundles[key(BETA)]))
    assert result.exit_code == 2
    assert f"terdaftar: {ALFA.name} (kota:9971)" in result.stdout
    assert f"terdaftar: {BETA.name} (kabupaten:9911)" in result.stdout
    assert re.search(r"IPS \d,\d\d; SHA-256 [0-9a-f]{16}…", result.stdout)
    assert f"DITOLAK {bundles['tampered'].name}:" in result.stderr
    assert "hash" in result.stderr
    assert "2 bundel diterima, 1 ditolak." in result.stdout
    entrants = json.loads(ok(root, "entrants", "--json").stdout)
    assert {e["key"] for e in entrants} == {key(ALFA), key(BETA)}
    with Workspace.open(root) as ws:  # the tampered entrant left nothing behind
        assert ws.store.find_agency("kabupaten", "9912") is None

    # again: the same bundles are unchanged; the genuine GAMA goes in
    result = ok(root, "enter", str(bundles[key(ALFA)]), str(bundles[key(GAMA)]))
    assert f"sudah terdaftar, sama: {ALFA.name}" in result.stdout
    assert f"terdaftar: {GAMA.name}" in result.stdout
    assert "2 bundel diterima, 0 ditolak." in result.stdout


def test_enter_json(root, bundles, tmp_path):
    ok(root, "new", "--rubric", "sata-jatim", "--year", "2024")
    missing = tmp_path / "tidak-ada.zip"
    result = run(root, "enter", "--json", str(bundles[key(DRAFT)]), str(missing))
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    [entry] = data["entered"]
    assert (entry["status"], entry["key"], entry["ips"]) == ("entered", key(DRAFT), None)
    assert "30 dari 38" in entry["ips_note"]
    assert HEX64.match(entry["bundle_sha256"])
    [bad] = data["refused"]
    assert bad["bundle"] == str(missing) and bad["error"]


def test_enter_another_assessment_needs_replace(entered, tmp_path, snapshot):
    [other] = write_entrant_bundles(tmp_path / "lain", [ALFA], year=YEAR, seed=7)
    before = snapshot(entered)
    result = run(entered, "enter", str(other))
    assert result.exit_code == 2
    assert "--replace" in result.stderr
    assert snapshot(entered) == before
    result = ok(entered, "enter", "--replace", str(other))
    assert f"diperbarui: {ALFA.name}" in result.stdout


# -- entrants ----------------------------------------------------------------------------------


def test_entrants(entered, bundles):
    data = json.loads(ok(entered, "entrants", "--json").stdout)
    assert [e["name"] for e in data] == sorted(s.name for s in SPECS)
    by_key = {e["key"]: e for e in data}
    alfa = by_key[key(ALFA)]
    assert (alfa["kind"], alfa["code"], alfa["assessment"]) == ("kota", "9971",
                                                                {"year": YEAR,
                                                                 "kind": "mandiri"})
    assert isinstance(alfa["ips"], float) and alfa["ips"] == round(alfa["ips"], 2)
    assert (alfa["ips_source"], alfa["ips_note"]) == ("scored", "")
    with zipfile.ZipFile(bundles[key(ALFA)]) as zf:
        assert alfa["bundle_sha256"] == hashlib.sha256(zf.read("manifest.json")).hexdigest()
    assert alfa["bundle"] == bundles[key(ALFA)].name
    draft = by_key[key(DRAFT)]
    assert (draft["ips"], draft["ips_source"], draft["predikat"]) == (None, None, None)
    text = ok(entered, "entrants").stdout
    assert f"{alfa['ips']:.2f}".replace(".", ",") in text
    assert "IPS belum final: baru 30 dari 38 indikator terisi" in text


# -- input and jury, typed ---------------------------------------------------------------------


def test_input_set_and_clear(entered, refused):
    result = ok(entered, "input", "kota:9971", "sdi", "66,5")
    assert result.stdout.strip() == f"Nilai sdi untuk {ALFA.name}: 66,50."
    result = ok(entered, "input", "Sumberwangi", "daftar-data", "81.125")
    assert "81,13" in result.stdout  # shown half up; stored exactly
    result = ok(entered, "input", "9971", "sdi", "--clear")
    assert result.stdout.strip() == f"Nilai sdi untuk {ALFA.name} dihapus."
    refused(entered, ["award", "input", "9971", "sdi", "--clear"], "belum ada nilai sdi")
    with Workspace.open(entered) as ws:
        values = ws.store.award_values(ws.committee.award().id)
    assert [(v["criterion"], v["juror"], v["value"]) for v in values] == [
        ("daftar-data", "", "81.125")]


def test_jury_typed(entered):
    result = ok(entered, "jury", "--juror", "Bappeda", "kota:9971", "presentasi", "81,5")
    assert result.stdout.strip() == f"Nilai presentasi untuk {ALFA.name} (juri Bappeda): 81,50."
    ok(entered, "jury", "-j", "BPS Provinsi", "9911", "presentasi", "70")
    result = ok(entered, "jury", "-j", "Bappeda", "9971", "presentasi", "--clear")
    assert "dihapus" in result.stdout
    with Workspace.open(entered) as ws:
        values = ws.store.award_values(ws.committee.award().id)
    assert [(v["juror"], v["value"]) for v in values] == [("BPS Provinsi", "70")]


# -- rank --------------------------------------------------------------------------------------


def test_rank_human(ready):
    ranking = service_ranking(ready)
    out = ok(ready, "rank").stdout
    for result in ranking.stages:
        assert result.stage.name in out
        for row in result.ranked:
            assert display(row.score) in out
            assert "," in display(row.score)
    # the report's numbering, and the last stage's cut names the winners
    assert "(tahap 1)" not in out and "Tahap III" in out
    assert re.search(r"Tahap III: .+\(5 teratas menjadi pemenang\)", out)
    assert "lanjut" in out and "menang" in out
    assert re.search(rf"-\s+{DRAFT.name}\s+belum lengkap: Hasil EPSS \(IPS\)", out)
    assert TIE_RULE in out
    assert "Sebagian bobot rubrik diasumsikan" in out
    # the winners' lines say "menang"; the finalists' lines in Tahap II say "lanjut"
    three = out.split("Tahap III")[1]
    for row in ranking.stages[2].ranked:
        line = next(ln for ln in three.splitlines() if row.entrant.name in ln)
        assert line.rstrip().endswith("menang")
        assert f"{row.rank:>2}. " in line


def test_rank_json(ready, bundles):
    ranking = service_ranking(ready)
    data = json.loads(ok(ready, "rank", "--json").stdout)
    assert data["award"] == "sata-jatim-2024" and data["year"] == YEAR
    assert data["rubric"] == "sata-jatim" and data["assumed_weights"] is True
    assert data["tie_rule"] == TIE_RULE
    assert "(IPS \u2212 1) \u00d7 25" in data["ips_mapping"]  # a real minus and times sign
    assert [s["id"] for s in data["stages"]] == ["tahap-1", "tahap-2", "tahap-3"]
    assert [s["advance"] for s in data["stages"]] == [None, 10, 5]
    for stage, result in zip(data["stages"], ranking.stages, strict=True):
        assert [r["key"] for r in stage["rows"]] == [r.entrant.key for r in result.rows]
        for row, expected in zip(stage["rows"], result.rows, strict=True):
            assert row["rank"] == expected.rank
            assert row["complete"] is expected.complete
            assert row["advanced"] is expected.advanced
            assert HEX64.match(row["bundle_sha256"])
            assert {p["criterion"] for p in row["parts"]} == {
                c.id for c in result.stage.criteria}
            if expected.score is None:
                assert (row["score"], row["score_display"]) == (None, None)
                continue
            assert row["score"] == float(expected.score)  # full precision, not rounded
            assert row["stage_score"] == float(expected.stage_score)
            assert row["score_display"] == display(expected.score)
            assert re.fullmatch(r"\d{1,3},\d\d", row["score_display"])
    # ALFA's jury score is a trimmed mean of thirds: (80 + 70 + 85) / 3 = 78,333...
    three = {r["key"]: r for r in data["stages"][2]["rows"]}
    part = three[key(ALFA)]["parts"][0]
    assert part["value"] == float(F(235, 3)) and part["value_display"] == "78,33"
    assert part["jury"]["rule"] == "trimmed-mean" and part["jury"]["jurors"] == 5
    assert sorted(part["jury"]["dropped"]) == ["Bappeda", "Konsultan Data"]
    assert three[key(BETA)]["parts"][0]["jury"]["rule"] == "mean"
    scores = [r["score"] for r in data["stages"][2]["rows"]]
    assert any(s != round(s, 2) for s in scores)  # floats are not cut to two decimals
    draft = next(r for r in data["stages"][1]["rows"] if r["key"] == key(DRAFT))
    assert (draft["rank"], draft["missing"]) == (None, ["Hasil EPSS (IPS)"])


def test_rank_stage_two(ready):
    out = ok(ready, "rank", "--stage", "2").stdout
    assert "Tahap II" in out and "Tahap I:" not in out and "Tahap III" not in out
    assert "lanjut" in out and "menang" not in out
    data = json.loads(ok(ready, "rank", "--stage", "2", "--json").stdout)
    assert [s["id"] for s in data["stages"]] == ["tahap-1", "tahap-2"]
    ranked = [r for r in data["stages"][1]["rows"] if r["rank"] is not None]
    assert all(r["advanced"] for r in ranked)  # three complete, ten may go on


# -- rubric ------------------------------------------------------------------------------------


def test_rubric_shows_assumed_weights(root):
    ok(root, "new", "--rubric", "sata-jatim", "--year", "2024")
    ok(root, "new", "--rubric", "kota-malang-opd", "--year", "2024")
    out = ok(root, "rubric", "--award", "sata-jatim-2024").stdout
    assert "(asumsi)" in out and "asumsi" in out
    assert "10 teratas lanjut" in out
    assert re.search(r"presentasi\s+100% \(asumsi\) jury", out)
    out = ok(root, "rubric", "--award", "kota-malang-opd-2024").stdout
    assert "asumsi" not in out
    assert re.search(r"portal\s+40%\s+input", out)


def test_rubric_export_then_replace(ready, tmp_path):
    target = tmp_path / "rubrik.toml"
    result = ok(ready, "rubric", "--export", str(target))
    assert str(target) in result.stdout
    text = target.read_text(encoding="utf-8")
    with Workspace.open(ready) as ws:
        award = ws.committee.award()
        assert text == award.rubric_text
        before = award.rubric_sha256
    edited = text.replace('source = "epss_ips"\nweight = 50', 'source = "epss_ips"\nweight = 70'
                          ).replace('source = "indeks_sdi"\nweight = 50',
                                    'source = "indeks_sdi"\nweight = 30')
    assert edited.count("weight = 70") == 1 and edited.count("weight = 30") == 1
    target.write_text(edited, encoding="utf-8")
    result = ok(ready, "rubric", "--replace", str(target))
    assert "diganti dengan rubrik.toml" in result.stdout
    assert re.search(r"epss\s+70% \(asumsi\)", result.stdout)
    [listed] = json.loads(ok(ready, "list", "--json").stdout)
    assert listed["rubric_sha256"] != before
    result = ok(ready, "rubric", "--replace", str(target))
    assert "tidak ada yang berubah" in result.stdout
    # the ranking follows the new Tahap II weights
    two = service_ranking(ready).stages[1]
    for row in two.ranked:
        assert [p.criterion.weight for p in row.parts] == [70, 30]


def test_rubric_replace_refused_when_values_would_be_orphaned(ready, tmp_path, refused):
    target = tmp_path / "rubrik.toml"
    ok(ready, "rubric", "--export", str(target))
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace('source = "jury"', 'source = "input"'), encoding="utf-8")
    refused(ready, ["award", "rubric", "--replace", str(target)], "presentasi")


def test_rubric_export_default_path(ready):
    result = ok(ready, "rubric", "--export", str(ready))
    assert (ready / "sata-jatim.toml").is_file()
    assert "--replace" in result.stdout


# -- withdraw ----------------------------------------------------------------------------------


def test_withdraw(ready, refused):
    result = ok(ready, "withdraw", "Sumberwangi")
    assert result.stdout.strip() == f"{ALFA.name} (kota:9971) ditarik dari lomba sata-jatim-2024."
    keys = {e["key"] for e in json.loads(ok(ready, "entrants", "--json").stdout)}
    assert keys == {key(BETA), key(GAMA), key(DRAFT)}
    data = json.loads(ok(ready, "rank", "--json").stdout)
    assert key(ALFA) not in {r["key"] for s in data["stages"] for r in s["rows"]}
    with Workspace.open(ready) as ws:
        agency = ws.store.find_agency("kota", "9971")
        assert ws.store.find_assessment(agency.id, YEAR, "mandiri") is not None
    refused(ready, ["award", "withdraw", "Sumberwangi"], "tidak terdaftar")


# -- the jury sheet ----------------------------------------------------------------------------


def _fill(path: Path, target: Path, juror: str | None, scores: dict[str, object]) -> Path:
    book = openpyxl.load_workbook(path)
    ws = book.active
    ws["B1"] = juror
    for row in range(6, ws.max_row + 1):
        code = ws.cell(row=row, column=1).value
        if code in scores:
            ws.cell(row=row, column=3).value = scores[code]
    book.save(target)
    return target


def test_jury_sheet_out_and_in(ready, tmp_path, refused):
    sheet = tmp_path / "juri.xlsx"
    result = ok(ready, "jury-sheet", "-o", str(sheet), "--juror", "Akademisi C")
    assert "(3 peserta)" in result.stdout  # the finalists; DRAFT is incomplete
    assert openpyxl.load_workbook(sheet).active["B1"].value == "Akademisi C"
    filled = _fill(sheet, tmp_path / "isi.xlsx", "Akademisi C",
                   {key(ALFA): "81,5", key(BETA): 90, key(GAMA): 66.25})
    result = ok(ready, "jury", "--sheet", str(filled))
    assert result.stdout.strip() == "3 nilai juri Akademisi C diimpor dari isi.xlsx."
    result = ok(ready, "jury", "--sheet", str(filled), "--juror", "Akademisi D")
    assert "3 nilai juri Akademisi D" in result.stdout
    with Workspace.open(ready) as ws:
        c = ws.committee
        award = c.award()
        jurors = {v["juror"] for v in ws.store.award_values(award.id) if v["juror"]}
    assert {"Akademisi C", "Akademisi D"} <= jurors

    # a hostile sheet: refused whole, the message names the cell
    bad = _fill(sheet, tmp_path / "rusak.xlsx", "Akademisi E",
                {key(ALFA): 80, key(BETA): 120})
    stderr = refused(ready, ["award", "jury", "--sheet", str(bad)], "rusak.xlsx")
    assert "kolom C" in stderr and "antara 0 dan 100" in stderr


def test_jury_sheet_default_path(ready):
    result = ok(ready, "jury-sheet", "--juror", "Akademisi C")
    assert (ready / "exports" / "nilai-juri-sata-jatim-2024-akademisi-c.xlsx").is_file()
    assert "ditulis ke" in result.stdout


# -- report ------------------------------------------------------------------------------------


def test_report(ready, tmp_path):
    target = tmp_path / "komite.pdf"
    result = ok(ready, "report", "-o", str(target))
    assert "Laporan komite SATA Jatim Award 2024 ditulis ke" in result.stdout
    assert target.read_bytes().startswith(b"%PDF-")


# -- every refusal: non-zero exit, a message on stderr, the database unchanged --------------


ERRORS = [
    (("input", "kota:9971", "sdi", "abc"), "harus angka"),
    (("input", "kota:9971", "sdi", "101"), "antara 0 dan 100"),
    (("input", "kota:9971", "sdi", "1,23456"), "4 angka desimal"),
    (("input", "kota:9971", "epss", "50"), "tidak diisi tangan"),
    (("input", "kota:9971", "presentasi", "50"), "epss award jury"),
    (("input", "kota:9971", "portal", "50"), "tidak ada di rubrik"),
    (("input", "kota:9979", "sdi", "50"), "tidak terdaftar"),
    (("input", "Kabupaten", "sdi", "50"), "beberapa peserta"),
    (("input", "kota:9971", "sdi"), "berikan NILAI"),
    (("input", "kota:9971", "sdi", "50", "--clear"), "berikan NILAI"),
    (("input", "--award", "sata-jatim-2030", "kota:9971", "sdi", "50"), "tidak ada"),
    (("jury", "kota:9971", "presentasi", "80"), "--juror NAMA wajib diisi"),
    (("jury", "-j", "Bappeda", "kota:9971", "sdi", "80"), "epss award input"),
    (("jury", "-j", "Bappeda", "kota:9971", "presentasi"), "pemakaian"),
    (("jury", "-j", "Juri Baru", "kota:9971", "presentasi", "--clear"), "belum ada nilai"),
    (("jury", "-j", "J" * 81, "kota:9971", "presentasi", "80"), "80 karakter"),
    (("jury", "-j", "Bappeda", "kota:9971", "presentasi", "1e3"), "antara 0 dan 100"),
    (("jury", "--sheet", "{tmp}/x.xlsx", "kota:9971"), "--sheet tidak dipakai bersama"),
    (("jury", "--sheet", "{tmp}/tidak-ada.xlsx"), "tidak ditemukan"),
    (("rank", "--stage", "4"), "tahap harus 1-3"),
    (("rank", "--award", "sata-jabar-2024"), "tidak ada"),
    (("withdraw", "kota:9979"), "tidak terdaftar"),
    (("rubric", "--export", "{tmp}/a.toml", "--replace", "{tmp}/b.toml"), "tidak keduanya"),
    (("rubric", "--export", "{tmp}/rubrik.txt"), "harus berakhiran .toml"),
    (("rubric", "--replace", "{tmp}/tidak-ada.toml"), "rubrik tidak dikenal"),
    (("jury-sheet", "-o", "{tmp}/juri.csv"), "harus berakhiran .xlsx"),
    (("jury-sheet", "-o", "{tmp}/tidak-ada/juri.xlsx"), "folder tidak ada"),
    (("jury-sheet", "--juror", "J" * 81, "-o", "{tmp}/juri.xlsx"), "80 karakter"),
    (("report", "-o", "{tmp}/laporan.txt"), "harus berakhiran .pdf"),
    (("report", "-o", "{tmp}/tidak-ada/laporan.pdf"), "folder tidak ada"),
    (("enter", "{tmp}/tidak-ada.zip"), "DITOLAK tidak-ada.zip"),
    (("new", "--rubric", "sata-jatim", "--year", "2024"), "sudah ada"),
]


@pytest.mark.parametrize("args, fragment", ERRORS, ids=[" ".join(a)[:50] for a, _ in ERRORS])
def test_a_refused_command_changes_nothing(ready, tmp_path, args, fragment, refused):
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    (tmp_path / "x.xlsx").write_bytes(b"")
    before_files = sorted(p.name for p in tmp_path.rglob("*"))
    refused(ready, ["award", *args], fragment, prefix="")  # `enter` says DITOLAK per bundle
    assert sorted(p.name for p in tmp_path.rglob("*")) == before_files  # nothing written


def test_rubric_replace_with_a_broken_file_names_it(ready, tmp_path, refused):
    broken = tmp_path / "rusak.toml"
    broken.write_text("id = [\n", encoding="utf-8")
    refused(ready, ["award", "rubric", "--replace", str(broken)], "rusak.toml")
