"""`epss report`: where the PDF goes, what is refused before rendering, what the PDF holds.

Rendering takes one to a few seconds, so most tests print the two-page summary and the dossier
is rendered once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from epss.cli import main

CONFIDENTIAL_TITLE = "Daftar pegawai fungsional statistisi"  # the demo's confidential evidence


@pytest.fixture
def demo(demo_workspace) -> Path:
    return demo_workspace


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-w", str(root), *args])


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def assert_pdf(path: Path) -> None:
    assert path.is_file(), path
    assert path.read_bytes()[:5] == b"%PDF-"


def test_summary_to_the_default_path(demo):
    result = run(demo, "report", "-t", "summary")
    assert result.exit_code == 0, result.output
    path = demo / "reports" / "epss-9971-2024-mandiri-ringkasan.pdf"
    assert_pdf(path)
    assert str(path) in result.stdout
    assert "PDF summary Penilaian mandiri 2024 ditulis ke" in result.stdout
    pages, text = pdf_text(path)
    assert pages == 2
    assert "Kota Contoh" in text and "2,52" in text
    assert not list((demo / "reports").glob(".tmp-*"))  # the atomic write left nothing behind


def test_a_read_only_workspace_prints_into_the_home_folder(demo, tmp_path, monkeypatch):
    """(A write-protected flash drive; as root, a chmod would not protect, so the check is
    told.) The default place moves to ~/epss-laporan/<folder>/ and the message says where."""
    import epss.services.workspace

    monkeypatch.setattr(epss.services.workspace, "read_only_reason",
                        lambda where: f"folder {where} tidak bisa ditulis")
    monkeypatch.setenv("HOME", str(tmp_path / "rumah"))
    result = run(demo, "report", "-t", "summary")
    assert result.exit_code == 0, result.output
    path = tmp_path / "rumah" / "epss-laporan" / demo.name / "epss-9971-2024-mandiri-ringkasan.pdf"
    assert_pdf(path)
    assert str(path) in result.stdout
    assert not (demo / "reports").exists()
    path.unlink()
    monkeypatch.chdir(demo)  # `-w .`: the folder's own name, not "" (nor ".." for `-w ..`)
    assert run(Path("."), "report", "-t", "summary").exit_code == 0
    assert_pdf(path)


def test_summary_to_a_file_and_to_a_folder(demo, tmp_path):
    target = tmp_path / "untuk-juri.pdf"
    target.write_bytes(b"an older file, replaced")
    result = run(demo, "report", "--template", "summary", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert_pdf(target)
    assert str(target) in result.stdout
    assert not (demo / "reports").exists()  # -o was honoured, nothing at the default place

    folder = tmp_path / "keluar"
    folder.mkdir()
    result = run(demo, "report", "-t", "summary", "--year", "2023", "-o", str(folder))
    assert result.exit_code == 0, result.output
    inside = folder / "epss-9971-2023-mandiri-ringkasan.pdf"
    assert_pdf(inside)
    pages, text = pdf_text(inside)
    assert pages == 2 and "2,18" in text


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["-o", "{tmp}/x.txt"], ".pdf"),
        (["-o", "{tmp}/missing-dir/x.pdf"], "folder tidak ada"),
        (["--year", "1999"], "1999"),
        (["--year", "2030"], "2030"),
        (["--kind", "badan", "--year", "2024"], "badan"),
    ],
)
def test_bad_report_arguments_write_nothing(demo, tmp_path, args, fragment):
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("{tmp}", str(out)) for a in args]
    result = run(demo, "report", "-t", "summary", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("epss: error:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert fragment in result.stderr
    assert result.stdout == ""
    assert list(out.iterdir()) == []
    assert not (out / "missing-dir").exists()
    assert not (demo / "reports").exists()


def test_unknown_template_is_a_usage_error(demo):
    result = run(demo, "report", "-t", "poster")
    assert result.exit_code == 2
    assert not (demo / "reports").exists()


def test_dossier_is_the_default_and_hides_confidential_evidence(demo):
    result = run(demo, "report")
    assert result.exit_code == 0, result.output
    default = demo / "reports" / "epss-9971-2024-mandiri.pdf"
    assert_pdf(default)
    pages, text = pdf_text(default)
    assert pages > 2
    assert "2,52" in text
    assert CONFIDENTIAL_TITLE not in text


def test_include_confidential_reaches_the_renderer(demo, tmp_path, monkeypatch):
    """The flag is passed on (what the dossier then prints is tested in tests/reports)."""
    import epss.services.dossier

    calls = []

    def fake_render(ws, assessment_id, **kwargs):
        calls.append(kwargs)
        kwargs["output"].parent.mkdir(parents=True, exist_ok=True)
        kwargs["output"].write_bytes(b"%PDF-1.7 fake")
        return kwargs["output"]

    monkeypatch.setattr(epss.services.dossier, "render_report", fake_render)
    target = tmp_path / "dengan-rahasia.pdf"
    result = run(demo, "report", "--include-confidential", "-o", str(target))
    assert result.exit_code == 0, result.output
    result = run(demo, "report", "-t", "summary", "--year", "2023")
    assert result.exit_code == 0, result.output
    assert [(c["template"], c["include_confidential"]) for c in calls] == [
        ("dossier", True), ("summary", False)]
    assert calls[0]["output"] == target
    assert calls[1]["output"] == demo / "reports" / "epss-9971-2023-mandiri-ringkasan.pdf"


def test_as_a_process_it_ends_fast_with_everything_written(demo, tmp_path):
    """The console script skips Python's teardown after a written PDF (epss.cli.base.exit_fast):
    the line is still printed through a pipe, the file is whole, and a failure keeps its code."""
    import subprocess
    import sys

    target = tmp_path / "berkas.pdf"
    done = subprocess.run([sys.executable, "-m", "epss", "-w", str(demo), "report", "-t",
                           "summary", "-o", str(target)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"ditulis ke {target}" in done.stdout
    assert len(PdfReader(target).pages) == 2
    failed = subprocess.run([sys.executable, "-m", "epss", "-w", str(demo), "report", "-o",
                             str(tmp_path / "tidak-ada" / "x.pdf")], capture_output=True,
                            text=True, timeout=120)
    assert failed.returncode != 0 and failed.stderr.startswith("epss: error:")
