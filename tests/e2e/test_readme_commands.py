"""The README's commands as a user runs them: ``python -m epss ...`` in a folder of its own, each
in a process of its own, judged only by the exit code, what it prints and the files it writes.

The other test folders call the workspace layer or click's runner in-process; these catch what
only a real process shows (the entry point, the working folder as the workspace, stdout and
stderr kept apart, nothing left behind by one command for the next). The demo is made once per
module with ``epss demo``; a test that changes a workspace works on a copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

# Real processes, a demo made per module: about 20 s; run with the slow tests (CI).
pytestmark = pytest.mark.slow

PDF = b"%PDF-1.4\n% SK Walidata\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's working folder; the user's state and data folders live inside it too."""
    return tmp_path_factory.mktemp("pengguna")


def epss(cwd: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    """Run ``python -m epss ARGS`` in ``cwd`` and check its exit code (and that it never shows
    a traceback); the environment names no workspace, so the folder decides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EPSS_")}
    env.update(NO_COLOR="1", COLUMNS="100", XDG_STATE_HOME=str(cwd / ".state"),
               XDG_DATA_HOME=str(cwd / ".data"))
    result = subprocess.run([sys.executable, "-m", "epss", *args], cwd=cwd, env=env, text=True,
                            capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == code, (args, result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("epss: error: ") and fragment in result.stderr, result.stderr


@pytest.fixture(scope="module")
def demo(home: Path) -> Path:
    """``epss demo kota --no-tui``: the Kota Contoh demo (read it only; copy it to change it)."""
    result = epss(home, "demo", "kota", "--no-tui")
    assert "Workspace demo dibuat: kota" in result.stdout
    return home / "kota"


@pytest.fixture
def copy(demo: Path, tmp_path: Path) -> Path:
    """A private copy of the demo folder, as a user copies it to a flash drive."""
    target = tmp_path / "kota"
    shutil.copytree(demo, target)
    return target


def manifest_sha(output: str) -> str:
    [found] = re.findall(r"SHA-256 manifest: ([0-9a-f]{64})", output)
    return found


def test_demo_scores_2_52_cukup_from_its_own_folder(demo: Path, home: Path) -> None:
    score = epss(demo, "score").stdout  # no -w: the current folder holds epss.db
    assert "Pemerintah Kota Contoh — Penilaian mandiri 2024" in score
    assert "IPS 2,52 — Cukup" in score and "Indikator terisi: 38/38" in score
    assert epss(home, "-w", "kota", "score").stdout == score
    data = json.loads(epss(demo, "score", "--json").stdout)
    assert (data["ips_display"], data["predikat"], data["answered"]) == ("2,52", "Cukup", 38)

    listing = epss(demo, "assessment", "list").stdout
    rows = [" ".join(line.split()[1:]) for line in listing.splitlines()]
    assert rows == ["2024 mandiri draft IPS 2,52 Cukup terisi 38/38",
                    "2023 mandiri final IPS 2,18 Cukup terisi 38/38",
                    "2023 badan final IPS 1,86 Cukup terisi 38/38"]
    # Running it again reopens the same workspace and changes nothing.
    epss(home, "demo", "kota", "--no-tui")
    assert epss(demo, "assessment", "list").stdout == listing


def test_evidence_add_list_verify_and_a_tampered_file(copy: Path, tmp_path: Path) -> None:
    (tmp_path / "sk-walidata.pdf").write_bytes(PDF)
    added = epss(copy, "evidence", "add", "--indicator", "10101", str(tmp_path / "sk-walidata.pdf"),
                 "--title", "SK Walidata 2024").stdout
    assert re.match(r"#\d+ 10101 SK Walidata 2024 — PDF", added), added
    assert "SK Walidata 2024" in epss(copy, "evidence", "list", "--indicator", "10101").stdout
    listed = json.loads(epss(copy, "evidence", "list", "--json").stdout)
    digest = hashlib.sha256(PDF).hexdigest()
    assert [a["title"] for a in listed if a["blob_sha"] == digest] == ["SK Walidata 2024"]
    assert "utuh" in epss(copy, "evidence", "verify").stdout

    blob = copy / "evidence" / digest[:2] / digest[2:]
    blob.chmod(0o644)
    blob.write_bytes(PDF.replace(b"Walidata", b"Walikota"))
    found = epss(copy, "evidence", "verify", code=1)
    assert digest[:12] in found.stdout + found.stderr
    epss(copy, "doctor", code=1)


def test_bundle_moves_to_a_second_workspace(copy: Path, tmp_path: Path) -> None:
    exported = epss(copy, "export", "bundle", "--year", "2024", "-o", str(tmp_path / "kota.zip"))
    sha = manifest_sha(exported.stdout)
    assert "1 bukti rahasia tidak disertakan" in exported.stdout

    epss(tmp_path, "init", "laptop", "--agency", "Pemerintah Kota Contoh", "--kind", "kota",
         "--code", "9971")
    laptop = tmp_path / "laptop"
    imported = epss(laptop, "import", "bundle", str(tmp_path / "kota.zip")).stdout
    assert "diimpor: 38 jawaban" in imported and manifest_sha(imported) == sha
    again = epss(laptop, "import", "bundle", str(tmp_path / "kota.zip")).stdout
    assert "tidak ada yang berubah" in again and manifest_sha(again) == sha
    assert "IPS 2,52 — Cukup" in epss(laptop, "score").stdout
    epss(laptop, "evidence", "verify")

    epss(tmp_path, "init", "lain", "--agency", "Pemerintah Kota Lain", "--kind", "kota",
         "--code", "9976")
    refused = epss(tmp_path / "lain", "import", "bundle", str(tmp_path / "kota.zip"), code=2)
    one_line_error(refused, "Pemerintah Kota Contoh")
    assert json.loads(epss(tmp_path / "lain", "assessment", "list", "--json").stdout) == []


def test_worksheet_export_and_dry_run_import(copy: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "lke.xlsx"
    assert "Lembar kerja" in epss(copy, "export", "xlsx", "--year", "2024", "-o", str(sheet)).stdout
    assert sheet.read_bytes()[:2] == b"PK"
    listing = epss(copy, "assessment", "list").stdout
    dry = epss(copy, "import", "xlsx", str(sheet), "--year", "2024", "--dry-run").stdout
    assert dry.startswith("Uji coba (tidak ada yang diubah)")
    assert "38 baris dibaca, 0 jawaban berubah, 0 tautan baru" in dry
    assert epss(copy, "assessment", "list").stdout == listing


def test_summary_report_is_a_two_page_pdf(copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "ringkasan.pdf"
    assert "ditulis ke" in epss(copy, "report", "-t", "summary", "-o", str(out)).stdout
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Pemerintah Kota Contoh" in text and "2,52" in text


def test_compare_plan_and_doctor(demo: Path) -> None:
    years = epss(demo, "compare", "--years", "2023", "2024").stdout
    assert "IPS 2,18 (Cukup) → 2,52 (Cukup): +0,34" in years
    assert "Indikator: 11 naik, 0 turun, 27 tetap" in years
    gap = epss(demo, "compare", "--self-vs-badan", "--year", "2023").stdout
    assert "IPS mandiri 2,18 (Cukup), BPS 1,86 (Cukup): selisih +0,32" in gap
    plan = epss(demo, "plan", "--target", "baik").stdout
    assert "tercapai dengan 2 kenaikan satu tingkat: IPS 2,52 → 2,60 (Baik)" in plan
    assert "Workspace sehat" in epss(demo, "doctor").stdout


def test_a_mistake_is_one_line_and_exit_2(demo: Path) -> None:
    one_line_error(epss(demo, "score", "--year", "2030", code=2), "2030")
    one_line_error(epss(demo, "answer", "10101", "--level", "6", code=2), "--level")
    one_line_error(epss(demo, "plan", "--target", "juara", code=2), "juara")


def test_award_basics_on_the_committee_demo(copy: Path, tmp_path: Path) -> None:
    made = epss(tmp_path, "demo", "komite", "--committee", "--no-tui").stdout
    assert "SATA Jatim Award 2024: 14 peserta" in made
    komite = tmp_path / "komite"
    entrants = json.loads(epss(komite, "award", "entrants", "--json").stdout)
    assert len(entrants) == 14 and all(len(e["bundle_sha256"]) == 64 for e in entrants)
    assert "Tahap I" in epss(komite, "award", "rank").stdout

    # The demo city enters with its own bundle; it is listed, not ranked, until its values are in.
    bundle = tmp_path / "kota.zip"
    epss(tmp_path, "-w", "kota", "export", "bundle", "--year", "2024", "-o", str(bundle))
    entered = epss(komite, "award", "enter", str(bundle)).stdout
    assert "terdaftar: Pemerintah Kota Contoh (kota:9971)" in entered and "IPS 2,52" in entered
    epss(komite, "award", "input", "Kota Contoh", "daftar-data", "81,15")
    stage = json.loads(epss(komite, "award", "rank", "--json").stdout)["stages"][0]
    [city] = [row for row in stage["rows"] if row["key"] == "kota:9971"]
    assert not city["complete"] and city["missing"]
    epss(komite, "award", "input", "Kota Contoh", "integrasi", "70")
    stage = json.loads(epss(komite, "award", "rank", "--json").stdout)["stages"][0]
    [city] = [row for row in stage["rows"] if row["key"] == "kota:9971"]
    assert city["complete"] and city["rank"] is not None
    assert [p["value_display"] for p in city["parts"]] == ["81,15", "70,00"]


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`epss catalog | head -1`: when the reader has gone, epss ends without a word on stderr."""
    import os
    import subprocess
    import sys

    read, write = os.pipe()
    os.close(read)  # the reader is gone before epss writes anything
    try:
        done = subprocess.run([sys.executable, "-m", "epss", "catalog"], stdout=write,
                              stderr=subprocess.PIPE, text=True, cwd=tmp_path, timeout=60)
    finally:
        os.close(write)
    assert done.stderr == ""
    assert done.returncode == 1


def test_the_dossier_from_the_command_is_the_one_printed_in_process(demo: Path,
                                                                    tmp_path: Path) -> None:
    """`epss report` lays the dossier out in a worker forked before it reads the workspace;
    the bytes are those the workspace layer prints in one process (the PDF is reproducible)."""
    from epss.services.dossier import render_report
    from epss.services.workspace import Workspace

    out = tmp_path / "dossier.pdf"
    epss(demo, "report", "-o", str(out))
    ws = Workspace.open(demo)
    try:
        local = render_report(ws, ws.assessment(2024).id, output=tmp_path / "local.pdf")
    finally:
        ws.close()
    assert out.read_bytes() == local.read_bytes()
