"""`epss assessment final|draft|delete` (issue 15): status changes and a guarded delete."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from epss.cli import assessment as cli_assessment
from epss.cli import main


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "blitar"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(root), "--agency", "Pemerintah Kota Blitar",
                                "--kind", "kota", "--code", "3572"]).exit_code == 0
    for year in ("2023", "2024"):
        assert runner.invoke(main, ["-w", str(root), "assessment", "new", "--year", year]
                             ).exit_code == 0
    for level, code in (("3", "10101"), ("2", "10201")):
        assert runner.invoke(main, ["-w", str(root), "answer", code, "--level", level,
                                    "--year", "2024"]).exit_code == 0
    return root


def run(root, *args, **kwargs):
    return CliRunner().invoke(main, ["-w", str(root), *args], **kwargs)


def events(root, action):
    conn = sqlite3.connect(root / "epss.db")
    try:
        return [json.loads(r[0]) for r in conn.execute(
            "SELECT data FROM event WHERE action = ? ORDER BY id", (action,))]
    finally:
        conn.close()


def statuses(root):
    listing = json.loads(run(root, "assessment", "list", "--json").stdout)
    return {(a["year"], a["kind"]): a["status"] for a in listing}


def one_error(result) -> str:
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("epss: error: "), result.stderr
    return lines[0]


# -- final / draft ------------------------------------------------------------------------------

def test_final_locks_and_draft_reopens(root, snapshot):
    result = run(root, "assessment", "final", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Penilaian mandiri 2024 sekarang berstatus final:")
    assert statuses(root) == {(2024, "mandiri"): "final", (2023, "mandiri"): "draft"}
    before = snapshot(root)
    refused = run(root, "answer", "10101", "--level", "4", "--year", "2024")
    assert "final" in one_error(refused)
    assert snapshot(root) == before
    result = run(root, "assessment", "draft", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "sekarang berstatus draft" in result.stdout
    assert run(root, "answer", "10101", "--level", "4", "--year", "2024").exit_code == 0
    assert [(e["before"], e["after"]) for e in events(root, "status")] == [
        ("draft", "final"), ("final", "draft")]


def test_final_without_year_takes_the_latest(root):
    assert run(root, "assessment", "final").exit_code == 0
    assert statuses(root)[(2024, "mandiri")] == "final"


def test_final_twice_changes_nothing(root, snapshot):
    assert run(root, "assessment", "final", "--year", "2023").exit_code == 0
    before = snapshot(root)
    result = run(root, "assessment", "final", "--year", "2023")
    assert result.exit_code == 0
    assert result.stdout == ("Penilaian mandiri 2023 sudah berstatus final; "
                             "tidak ada yang berubah.\n")
    assert snapshot(root) == before


@pytest.mark.parametrize("command", ["final", "draft"])
def test_status_of_a_missing_assessment_is_one_line(root, command, snapshot):
    before = snapshot(root)
    line = one_error(run(root, "assessment", command, "--year", "2030"))
    assert "2030" in line
    line = one_error(run(root, "assessment", command, "--kind", "badan"))
    assert "badan" in line
    assert snapshot(root) == before


# -- delete -------------------------------------------------------------------------------------

def test_delete_refuses_without_yes_when_not_on_a_terminal(root, snapshot):
    before = snapshot(root)
    line = one_error(run(root, "assessment", "delete", "--year", "2024"))
    assert line == ("epss: error: Penilaian mandiri 2024 (2 jawaban, 0 bukti) tidak dihapus: "
                    "tambahkan --yes untuk menghapus tanpa bertanya")
    assert snapshot(root) == before


def test_delete_with_yes_deletes_and_logs_the_answers(root):
    result = run(root, "assessment", "delete", "--year", "2024", "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Penilaian mandiri 2024 (2 jawaban, 0 bukti) dihapus.")
    assert set(statuses(root)) == {(2023, "mandiri")}
    [logged] = events(root, "delete")
    assert logged["year"] == 2024 and logged["kind"] == "mandiri"
    assert logged["answers"] == {"10101": [3, ""], "10201": [2, ""]}


def test_delete_requires_a_year(root, snapshot):
    before = snapshot(root)
    line = one_error(run(root, "assessment", "delete", "--yes"))
    assert line.startswith("epss: error: opsi --year wajib diisi")
    assert snapshot(root) == before


def test_delete_of_a_missing_assessment_is_one_line(root, snapshot):
    before = snapshot(root)
    assert "2030" in one_error(run(root, "assessment", "delete", "--year", "2030", "--yes"))
    assert snapshot(root) == before


@pytest.mark.parametrize("reply", ["y\n", "ya\n", "Y\n"])
def test_delete_asks_on_a_terminal_and_yes_deletes(root, monkeypatch, reply):
    monkeypatch.setattr(cli_assessment, "stdin_is_terminal", lambda: True)
    result = run(root, "assessment", "delete", "--year", "2024", input=reply)
    assert result.exit_code == 0, result.output
    assert "Hapus Penilaian mandiri 2024 (2 jawaban, 0 bukti)? [y/T]" in result.stderr
    assert "dihapus" in result.stdout
    assert set(statuses(root)) == {(2023, "mandiri")}


@pytest.mark.parametrize("reply", ["\n", "t\n", "tidak\n", "yes please\n"])
def test_delete_asks_on_a_terminal_and_anything_else_keeps_it(root, monkeypatch, reply, snapshot):
    monkeypatch.setattr(cli_assessment, "stdin_is_terminal", lambda: True)
    before = snapshot(root)
    result = run(root, "assessment", "delete", "--year", "2024", input=reply)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Tidak jadi; tidak ada yang dihapus.\n"
    assert snapshot(root) == before


def test_a_final_assessment_is_not_deleted_even_with_yes(root, snapshot):
    assert run(root, "assessment", "final", "--year", "2024").exit_code == 0
    before = snapshot(root)
    line = one_error(run(root, "assessment", "delete", "--year", "2024", "--yes"))
    assert "final" in line and "assessment draft --year 2024" in line
    assert snapshot(root) == before
    assert run(root, "assessment", "draft", "--year", "2024").exit_code == 0
    assert run(root, "assessment", "delete", "--year", "2024", "--yes").exit_code == 0
