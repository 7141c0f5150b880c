"""The command-line contract of DESIGN.md: output shapes, exit codes, nothing written on error."""

import json

import pytest
from click.testing import CliRunner

from epss.cli import main


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def demo_dir(demo_template):
    return demo_template  # shared: read it only (tests/e2e runs `epss demo` itself)


def test_demo_scores_2_52_cukup(runner, demo_dir):
    result = runner.invoke(main, ["--workspace", str(demo_dir), "score"])
    assert result.exit_code == 0, result.output
    assert "IPS 2,52 — Cukup" in result.output
    assert "38/38" in result.output


def test_score_json_shape(runner, demo_dir):
    result = runner.invoke(main, ["-w", str(demo_dir), "score", "--json"])
    data = json.loads(result.output)
    assert data["ips"] == 2.52 and data["ips_display"] == "2,52"
    assert data["predikat"] == "Cukup" and data["provisional"] is False
    assert data["answered"] == 38 and data["total"] == 38
    assert [d["code"] for d in data["domains"]] == ["1", "2", "3", "4", "5"]
    assert set(data["domains"][0]) >= {"code", "name", "weight", "index"}
    assert len(data["aspects"]) == 19 and len(data["indicators"]) == 38
    assert sum(i["effective_weight"] for i in data["indicators"]) == pytest.approx(100)


def test_score_other_year_and_kind(runner, demo_dir):
    result = runner.invoke(main, ["-w", str(demo_dir), "score", "--year", "2023", "--kind",
                                  "badan", "--json"])
    data = json.loads(result.output)
    assert data["ips_display"] == "1,86"


def test_score_missing_assessment_is_an_error(runner, demo_dir):
    result = runner.invoke(main, ["-w", str(demo_dir), "score", "--year", "2030"])
    assert result.exit_code == 2
    assert "2030" in result.stderr


def test_score_answers_file_without_workspace(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EPSS_WORKSPACE", str(tmp_path / "nowhere"))
    path = tmp_path / "a.json"
    path.write_text(json.dumps({code: 3 for code in _codes()}))
    result = runner.invoke(main, ["score", "--answers", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ips"] == 3.0 and data["predikat"] == "Baik"
    assert not (tmp_path / "nowhere").exists()


def _codes():
    from epss.core.catalog import load_catalog

    return load_catalog().codes


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"99999": 3}', "kode indikator tidak dikenal: '99999'"),
        ('{"10101": 0}', "antara 1 dan 5"),
        ('{"10101": 6}', "antara 1 dan 5"),
        ('{"10101": 3.5}', "bilangan bulat 1-5"),
        ('{"10101": "tiga"}', "bilangan bulat 1-5"),
        ("[3, 4]", "harus berupa objek JSON"),
        ('"10101"', "harus berupa objek JSON"),
        ("{not json", "JSON tidak sah di baris 1"),
        (b"\xff\xfe\x00", "bukan teks UTF-8"),
    ],
)
def test_score_answers_bad_input(runner, tmp_path, content, fragment):
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    result = runner.invoke(main, ["score", "--answers", str(path)])
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_score_answers_unreadable(runner, tmp_path):
    result = runner.invoke(main, ["score", "--answers", str(tmp_path / "none.json")])
    assert result.exit_code == 2 and "berkas tidak ada" in result.stderr
    result = runner.invoke(main, ["score", "--answers", str(tmp_path)])
    assert result.exit_code == 2 and "ini folder, bukan berkas" in result.stderr


def test_catalog_json(runner):
    result = runner.invoke(main, ["catalog", "--json"])
    data = json.loads(result.output)
    assert data["edition"] == "perban-3-2022"
    inds = [i for d in data["domains"] for a in d["aspects"] for i in a["indicators"]]
    assert len(inds) == 38
    assert {"code", "name", "weight", "effective_weight"} <= set(inds[0])
    assert sum(i["effective_weight"] for i in inds) == pytest.approx(100)
    assert data["domains"][2]["weight"] == 19


def test_catalog_tree(runner):
    result = runner.invoke(main, ["catalog"])
    assert "3 Proses Bisnis Statistik — 19%" in result.output
    assert "10101 Tingkat Kematangan Penerapan Standar Data Statistik (SDS)" in result.output


def test_init_assessment_answer_flow(runner, tmp_path):
    root = tmp_path / "blitar"
    result = runner.invoke(main, ["init", str(root), "--agency", "Pemerintah Kota Blitar",
                                  "--kind", "kota", "--code", "3572"])
    assert result.exit_code == 0, result.output
    w = ["-w", str(root)]
    assert runner.invoke(main, [*w, "assessment", "new", "--year", "2024"]).exit_code == 0
    result = runner.invoke(main, [*w, "answer", "10101", "--level", "4",
                                  "--explanation", "SOP SDS"])
    assert result.exit_code == 0, result.output
    assert "sementara" in result.output
    listing = json.loads(runner.invoke(main, [*w, "assessment", "list", "--json"]).output)
    assert listing[0]["answered"] == 1 and listing[0]["year"] == 2024
    result = runner.invoke(main, [*w, "assessment", "new", "--year", "2025", "--from-year",
                                  "2024"])
    assert "disalin dari 2024" in result.output
    data = json.loads(runner.invoke(main, [*w, "score", "--json"]).output)
    assert data["answered"] == 1
    assert runner.invoke(main, [*w, "doctor"]).exit_code == 0


@pytest.mark.parametrize("level", ["0", "6", "3.5", "tiga"])
def test_answer_bad_level_changes_nothing(runner, demo_dir, level):
    before = runner.invoke(main, ["-w", str(demo_dir), "score", "--json"]).output
    result = runner.invoke(main, ["-w", str(demo_dir), "answer", "10101", "--level", level])
    assert result.exit_code == 2
    assert "level" in result.stderr
    assert runner.invoke(main, ["-w", str(demo_dir), "score", "--json"]).output == before


def test_init_bad_code(runner, tmp_path):
    result = runner.invoke(main, ["init", str(tmp_path / "x"), "--agency", "Kota X", "--kind",
                                  "kota", "--code", "3512"])
    assert result.exit_code == 2
    assert "angka ke-3" in result.stderr
    assert not (tmp_path / "x" / "epss.db").exists()


def test_no_workspace_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["-w", str(tmp_path / "none"), "score"])
    assert result.exit_code == 2
    assert "epss init" in result.stderr


# -- refusals that must change nothing (issue 15) -----------------------------------------------

PDF_BYTES = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
             b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


@pytest.fixture
def blitar(runner, tmp_path):
    root = tmp_path / "blitar"
    result = runner.invoke(main, ["init", str(root), "--agency", "Pemerintah Kota Blitar",
                                  "--kind", "kota", "--code", "3572"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["-w", str(root), "assessment", "new", "--year", "2024"]
                         ).exit_code == 0
    return root


def test_cli_same_file_twice_refused(runner, blitar, tmp_path, refused):
    (tmp_path / "sk.pdf").write_bytes(PDF_BYTES)
    (tmp_path / "sk-salinan.pdf").write_bytes(PDF_BYTES)
    w = ["-w", str(blitar)]
    result = runner.invoke(main, [*w, "evidence", "add", "--indicator", "10101",
                                  str(tmp_path / "sk.pdf")])
    assert result.exit_code == 0, result.output
    att_id = result.output.split()[0]  # "#1"
    refused(blitar, ["evidence", "add", "--indicator", "10101",
                     str(tmp_path / "sk-salinan.pdf")],
            f"sudah dilampirkan sebagai {att_id}")


def test_cli_duplicate_within_a_batch_refuses_the_batch(runner, blitar, tmp_path, refused):
    (tmp_path / "sk.pdf").write_bytes(PDF_BYTES)
    (tmp_path / "sk (1).pdf").write_bytes(PDF_BYTES)
    (tmp_path / "catatan.txt").write_text("Daftar data prioritas 2024\n")
    refused(blitar, ["evidence", "add", "--indicator", "10101",
                     str(tmp_path / "catatan.txt"), str(tmp_path / "sk.pdf"),
                     str(tmp_path / "sk (1).pdf")], "sk (1).pdf")


def test_cli_batch_with_a_file_already_attached_stores_nothing(runner, blitar, tmp_path,
                                                              refused):
    (tmp_path / "sk.pdf").write_bytes(PDF_BYTES)
    (tmp_path / "catatan.txt").write_text("Daftar data prioritas 2024\n")
    w = ["-w", str(blitar)]
    result = runner.invoke(main, [*w, "evidence", "add", "--indicator", "10101",
                                  str(tmp_path / "sk.pdf")])
    assert result.exit_code == 0, result.output
    refused(blitar, ["evidence", "add", "--indicator", "10101",
                     str(tmp_path / "catatan.txt"), str(tmp_path / "sk.pdf")],
            "sudah dilampirkan sebagai #1")


def test_cli_same_link_twice_and_credentials_refused(runner, blitar, refused):
    w = ["-w", str(blitar)]
    url = "https://data.blitarkota.go.id/dataset"
    result = runner.invoke(main, [*w, "evidence", "link", "--indicator", "10101", url])
    assert result.exit_code == 0, result.output
    refused(blitar, ["evidence", "link", "--indicator", "10101", url],
            "sudah dilampirkan sebagai #1")
    refused(blitar, ["evidence", "link", "--indicator", "10101",
                     "https://admin:rahasia@data.blitarkota.go.id/x"], "kata sandi")


def test_cli_settings_that_contradict_each_other_refused(runner, blitar, refused):
    refused(blitar, ["setting", "evidence_warn_mib", "101"], "evidence_max_mib")
    refused(blitar, ["setting", "evidence_max_mib", "9"], "evidence_warn_mib")
    result = runner.invoke(main, ["-w", str(blitar), "setting", "evidence_warn_mib", "100"])
    assert result.exit_code == 0 and "evidence_warn_mib = 100" in result.output


@pytest.mark.parametrize("source", ["2025", "2026"])
def test_cli_carry_over_from_a_later_year_refused(runner, blitar, source, refused):
    for year in ("2025", "2026"):
        assert runner.invoke(main, ["-w", str(blitar), "assessment", "new", "--year", year]
                             ).exit_code == 0
    refused(blitar, ["assessment", "new", "--year", "2024", "--kind", "target",
                     "--from-year", source], source)


def test_cli_bundle_of_another_agency_with_the_same_code_refused(runner, demo_dir, tmp_path,
                                                                   refused):
    import shutil

    source = tmp_path / "kota-contoh"
    shutil.copytree(demo_dir, source)  # exporting logs an event: not in the shared demo
    bundle = tmp_path / "kota-contoh.zip"
    result = runner.invoke(main, ["-w", str(source), "export", "bundle", "--year", "2024",
                                  "-o", str(bundle)])
    assert result.exit_code == 0, result.output
    other = tmp_path / "wonoasri"
    result = runner.invoke(main, ["init", str(other), "--agency", "Pemerintah Kota Wonoasri",
                                  "--kind", "kota", "--code", "9971"])
    assert result.exit_code == 0, result.output
    for extra in ([], ["--replace"]):
        message = refused(other, ["import", "bundle", *extra, str(bundle)],
                          "Pemerintah Kota Contoh", "Pemerintah Kota Wonoasri")
        assert message.count("kota 9971") == 2
        assert len(message.strip().splitlines()) == 1
