"""`epss compare`, `epss plan` and `epss assessment reported` on the demo workspace.

The demo's numbers (epss/demo.py): mandiri 2023 scores 2,18 and 2024 scores 2,52 (11 indicators
raised one level); the 2023 BPS result scores 1,86 (8 claimed levels not verified). Errors are one
line on stderr starting "epss: error:", exit code 2, and change nothing in the database.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from epss.cli import main
from epss.services.workspace import Workspace


@pytest.fixture
def demo_src(demo_template) -> Path:
    return demo_template  # shared: read it only


@pytest.fixture
def demo(demo_workspace) -> Path:
    return demo_workspace  # a private copy for a test that may write


@pytest.fixture
def with_badan_2024(demo) -> Path:
    """The demo plus an empty 2024 BPS result (to record its letter's indices on)."""
    result = run(demo, "assessment", "new", "--year", "2024", "--kind", "badan")
    assert result.exit_code == 0, result.output
    return demo


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-w", str(root), *args])


def ok_json(root: Path, *args: str):
    result = run(root, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_one_line_error(result, fragment: str = "") -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("epss: error:"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert fragment in result.stderr
    assert result.stdout == ""


# -- compare --years --------------------------------------------------------------------------


def test_compare_years_json_shape_and_demo_numbers(demo_src):
    data = ok_json(demo_src, "compare", "--years", "2023", "2024")
    assert {"old", "new", "ips_delta", "ips_delta_display", "counts", "domains", "aspects",
            "indicators", "notes"} <= set(data)
    assert data["old"]["label"] == "Penilaian mandiri 2023"
    assert data["new"]["label"] == "Penilaian mandiri 2024"
    assert data["old"]["ips_display"] == "2,18" and data["new"]["ips_display"] == "2,52"
    assert data["ips_delta_display"] == "+0,34"
    assert data["ips_delta"] == pytest.approx(data["new"]["ips"] - data["old"]["ips"])
    counts = data["counts"]
    assert (counts["raised"], counts["lowered"], counts["unchanged"]) == (11, 0, 27)
    assert counts["unknown"] == 0 and counts["total"] == 38
    assert [d["code"] for d in data["domains"]] == ["1", "2", "3", "4", "5"]
    assert len(data["aspects"]) == 19 and len(data["indicators"]) == 38
    raised = {i["code"] for i in data["indicators"] if i["delta"]}
    assert raised == {"10301", "10401", "20101", "20301", "30101", "30401", "40101", "40202",
                      "40301", "40302", "40304"}
    assert all(i["delta"] == 1 for i in data["indicators"] if i["delta"])
    assert data["notes"] == []


def test_compare_years_effects_add_up_to_the_ips_change(demo_src):
    data = ok_json(demo_src, "compare", "--years", "2023", "2024")
    effects = sum(i["effect"] for i in data["indicators"])
    assert effects == pytest.approx(data["ips_delta"], abs=1e-9)
    contributions = sum(d["contribution"] for d in data["domains"])
    assert contributions == pytest.approx(data["ips_delta"], abs=1e-9)
    unchanged = [i for i in data["indicators"] if not i["delta"]]
    assert all(i["effect"] == 0 for i in unchanged)


def test_compare_years_in_either_order(demo_src):
    forward = ok_json(demo_src, "compare", "--years", "2023", "2024")
    backward = ok_json(demo_src, "compare", "--years", "2024", "2023")
    assert backward == forward


def test_compare_years_text_lists_domains_and_changed_indicators(demo_src):
    result = run(demo_src, "compare", "--years", "2023", "2024")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Penilaian mandiri 2023 → Penilaian mandiri 2024" in out
    assert "IPS 2,18 (Cukup) → 2,52 (Cukup): +0,34" in out
    assert "11 naik, 0 turun, 27 tetap" in out
    for name in ("Prinsip Satu Data Indonesia", "Kualitas Data", "Proses Bisnis Statistik",
                 "Kelembagaan", "Statistik Nasional"):
        assert name in out
    listed = _indicator_lines(out)
    assert len(listed) == 11 and "10301" in listed and "10101" not in listed

    every = run(demo_src, "compare", "--years", "2023", "2024", "--all")
    assert every.exit_code == 0, every.output
    assert len(_indicator_lines(every.stdout)) == 38
    assert "10101" in _indicator_lines(every.stdout)


def _indicator_lines(out: str) -> list[str]:
    """The codes of the indicator rows (five-digit code after two spaces)."""
    return [line.split()[0] for line in out.splitlines()
            if line.startswith("  ") and line.split()[0].isdigit() and len(line.split()[0]) == 5]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ([], "--years"),
        (["--years", "2023", "2024", "--self-vs-badan"], "salah satu"),
        (["--year", "2023"], "--self-vs-badan"),
        (["--years", "2023", "2024", "--year", "2023"], "--self-vs-badan"),
        (["--years", "2023", "2023"], "2023"),
        (["--years", "2023", "2030"], "2030"),
        (["--years", "2023", "2024", "--kind", "badan"], "2024"),
        (["--self-vs-badan", "--year", "2024"], "2024"),
        (["--self-vs-badan", "--year", "1999"], "1999"),
    ],
)
def test_compare_errors_are_one_line_and_change_nothing(demo, args, fragment, snapshot):
    before = snapshot(demo)
    result = run(demo, "compare", *args)
    assert_one_line_error(result, fragment)
    assert snapshot(demo) == before


# -- compare --self-vs-badan ------------------------------------------------------------------


def test_compare_self_vs_badan_json(demo_src):
    data = ok_json(demo_src, "compare", "--self-vs-badan")
    assert {"mandiri", "badan", "ips_gap", "ips_gap_display", "counts", "mean_abs_gap",
            "mean_abs_gap_display", "domains", "aspects", "indicators", "notes",
            "indicator_gaps_known"} <= set(data)
    counts = data["counts"]
    assert (counts["over"], counts["under"], counts["equal"]) == (8, 0, 30)
    assert counts["unknown"] == 0
    assert data["mean_abs_gap_display"] == "0,21"
    assert data["ips_gap_display"] == "+0,32"
    assert data["mandiri"]["ips_display"] == "2,18" and data["badan"]["ips_display"] == "1,86"
    assert data["indicator_gaps_known"] is True
    over = {i["code"] for i in data["indicators"] if i["gap"]}
    assert over == {"10101", "10201", "20201", "30201", "40202", "20401", "50102", "50201"}
    assert sum(i["effect"] for i in data["indicators"]) == pytest.approx(data["ips_gap"],
                                                                         abs=1e-9)
    assert ok_json(demo_src, "compare", "--self-vs-badan", "--year", "2023") == data


def test_compare_self_vs_badan_text(demo_src):
    result = run(demo_src, "compare", "--self-vs-badan", "--year", "2023")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Penilaian mandiri 2023 dibanding Penilaian badan (hasil BPS) 2023" in out
    assert "IPS mandiri 2,18 (Cukup), BPS 1,86 (Cukup): selisih +0,32" in out
    assert "8 diklaim lebih tinggi, 0 lebih rendah, 30 sama" in out
    assert "rata-rata selisih mutlak 0,21" in out
    assert len(_indicator_lines(out)) == 8
    assert "Statistik Nasional" in out
    every = run(demo_src, "compare", "--self-vs-badan", "--all")
    assert len(_indicator_lines(every.stdout)) == 38


def test_compare_self_vs_badan_without_a_bps_result(tmp_path, snapshot):
    root = tmp_path / "blitar"
    ws = Workspace.create(root, name="Pemerintah Kota Blitar", kind="kota", code="3572")
    ws.new_assessment(2024)
    ws.close()
    before = snapshot(root)
    result = run(root, "compare", "--self-vs-badan")
    assert_one_line_error(result, "badan")
    assert snapshot(root) == before


# -- assessment reported ----------------------------------------------------------------------


def test_reported_set_show_list_score_compare_and_clear(with_badan_2024):
    root = with_badan_2024
    empty = run(root, "assessment", "reported", "--year", "2024")
    assert empty.exit_code == 0, empty.output
    assert "belum ada nilai dari surat BPS" in empty.stdout

    result = run(root, "assessment", "reported", "--year", "2024", "--ips", "2,41",
                 "--domain", "1=2.80")
    assert result.exit_code == 0, result.output
    assert "Penilaian badan (hasil BPS) 2024 menurut surat BPS: IPS 2,41, domain 1 2,80" \
        in result.stdout

    shown = run(root, "assessment", "reported")  # the latest BPS result is 2024's
    assert shown.exit_code == 0, shown.output
    assert "IPS 2,41, domain 1 2,80" in shown.stdout

    listing = run(root, "assessment", "list")
    badan_row = next(line for line in listing.stdout.splitlines()
                     if "2024 badan" in line)
    assert "IPS 2,41 Cukup (dari surat BPS)" in badan_row
    assert "1,00" not in badan_row
    rows = ok_json(root, "assessment", "list")
    row = next(r for r in rows if r["year"] == 2024 and r["kind"] == "badan")
    assert row["ips"] == pytest.approx(2.41) and row["ips_display"] == "2,41"
    assert row["source"] == "reported" and row["provisional"] is False
    mandiri = next(r for r in rows if r["year"] == 2024 and r["kind"] == "mandiri")
    assert mandiri["source"] == "scored" and mandiri["ips_display"] == "2,52"

    score = run(root, "score", "--kind", "badan", "--year", "2024")
    assert score.exit_code == 0, score.output
    assert "IPS 2,41 — Cukup" in score.stdout
    assert "domain 1: 2,80" in score.stdout
    assert "1,00" not in score.stdout
    data = ok_json(root, "score", "--kind", "badan", "--year", "2024")
    assert data["reported"] == {"ips": pytest.approx(2.41), "1": pytest.approx(2.80)}

    gap = ok_json(root, "compare", "--self-vs-badan", "--year", "2024")
    assert gap["indicator_gaps_known"] is False
    assert gap["counts"]["unknown"] == 38 and gap["counts"]["over"] == 0
    assert gap["ips_gap_display"] == "+0,11"
    assert gap["badan"]["ips_display"] == "2,41"
    assert all(i["gap"] is None and i["effect"] is None for i in gap["indicators"])
    domain1 = gap["domains"][0]
    assert domain1["badan_display"] == "2,80" and domain1["gap_display"] == "+0,20"
    assert gap["domains"][1]["badan_display"] is None
    text = run(root, "compare", "--self-vs-badan", "--year", "2024")
    assert text.exit_code == 0, text.output
    assert "selisih +0,11" in text.stdout
    assert "selisih per indikator tidak diketahui" in text.stdout

    cleared = run(root, "assessment", "reported", "--year", "2024", "--clear")
    assert cleared.exit_code == 0, cleared.output
    assert "belum ada nilai dari surat BPS" in cleared.stdout
    listing = run(root, "assessment", "list").stdout
    assert "(dari surat BPS)" not in listing


def test_reported_values_given_later_keep_the_others(with_badan_2024):
    root = with_badan_2024
    assert run(root, "assessment", "reported", "--ips", "2.41").exit_code == 0
    result = run(root, "assessment", "reported", "--domain", "5=1.50", "--domain", "1 = 2,80")
    assert result.exit_code == 0, result.output
    assert "IPS 2,41, domain 1 2,80, domain 5 1,50" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--ips", "7"], "antara 1 dan 5"),
        (["--ips", "0,5"], "antara 1 dan 5"),
        (["--ips", "abc"], "abc"),
        (["--ips", "2.555"], "desimal"),
        (["--domain", "x"], "KODE=NILAI"),
        (["--domain", "1="], "KODE=NILAI"),
        (["--domain", "9=2.0"], "'9'"),
        (["--domain", "1=6"], "antara 1 dan 5"),
        (["--ips", "2.50", "--domain", "9=2.0"], "'9'"),  # all or nothing
        (["--clear", "--ips", "2.50"], "--clear"),
        (["--clear", "--domain", "1=2.0"], "--clear"),
        (["--year", "2023", "--ips", "2.0"], "final"),
        (["--year", "2030", "--ips", "2.0"], "2030"),
    ],
)
def test_reported_bad_input_changes_nothing(with_badan_2024, args, fragment, snapshot):
    root = with_badan_2024
    assert run(root, "assessment", "reported", "--ips", "2,41", "--domain", "1=2.80") \
        .exit_code == 0
    before = snapshot(root)
    result = run(root, "assessment", "reported", *args)
    assert_one_line_error(result, fragment)
    assert snapshot(root) == before
    assert "IPS 2,41, domain 1 2,80" in run(root, "assessment", "reported").stdout


def test_reported_needs_a_bps_result_of_that_year(demo, snapshot):
    """2024 has only the self-assessment: there is no BPS result to attach a letter to."""
    before = snapshot(demo)
    result = run(demo, "assessment", "reported", "--year", "2024", "--ips", "2.41")
    assert_one_line_error(result, "badan")
    assert snapshot(demo) == before


def test_reported_clear_with_empty_ips_is_refused(with_badan_2024, snapshot):
    root = with_badan_2024
    assert run(root, "assessment", "reported", "--ips", "2,41").exit_code == 0
    before = snapshot(root)
    result = run(root, "assessment", "reported", "--clear", "--ips", "")
    assert result.exit_code == 2
    assert snapshot(root) == before


# -- one rule for the IPS an assessment is shown with (issue 16: the rule is the service's) ------


def _badan_2024_row(root: Path) -> dict:
    return next(r for r in ok_json(root, "assessment", "list")
                if (r["year"], r["kind"]) == (2024, "badan"))


def test_nothing_to_show_is_no_ips_not_one(with_badan_2024):
    """No level and no letter: the list shows no IPS rather than an invented 1,00 Kurang."""
    root = with_badan_2024
    row = _badan_2024_row(root)
    assert (row["ips"], row["ips_display"], row["predikat"], row["source"]) == \
        (None, None, None, None)
    assert row["answered"] == 0 and row["total"] == 38
    line = next(x for x in run(root, "assessment", "list").stdout.splitlines()
                if "2024 badan" in x)
    assert "IPS –" in line and "1,00" not in line and "Kurang" not in line


def test_a_partly_answered_bps_result_shows_its_letter_everywhere(with_badan_2024):
    """Some levels typed in, the letter's IPS recorded: the list and `score` both show the
    letter's IPS (the levels alone would give a provisional number nobody published)."""
    root = with_badan_2024
    assert run(root, "assessment", "reported", "--year", "2024", "--ips", "2,41").exit_code == 0
    answered = run(root, "answer", "10101", "--level", "3", "--kind", "badan", "--year", "2024")
    assert answered.exit_code == 0, answered.output
    row = _badan_2024_row(root)
    assert (row["ips_display"], row["predikat"], row["source"]) == ("2,41", "Cukup", "reported")
    assert row["provisional"] is False and row["answered"] == 1
    score = ok_json(root, "score", "--kind", "badan", "--year", "2024")
    assert (score["ips_display"], score["source"]) == ("2,41", "reported")
    assert score["answered"] == 1
    text = run(root, "score", "--kind", "badan", "--year", "2024").stdout
    assert "IPS 2,41 — Cukup" in text and "1/38" in text


def test_a_letter_with_domains_only_gives_no_ips(with_badan_2024):
    root = with_badan_2024
    assert run(root, "assessment", "reported", "--domain", "1=2,80").exit_code == 0
    score = ok_json(root, "score", "--kind", "badan", "--year", "2024")
    assert (score["ips"], score["ips_display"], score["predikat"]) == (None, None, None)
    assert score["reported"] == {"1": pytest.approx(2.80)}
    text = run(root, "score", "--kind", "badan", "--year", "2024").stdout
    assert "domain 1: 2,80" in text and "1,00" not in text and "IPS" not in text


# -- plan ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["baik", "Baik", "2.60", "2,60", "2.6"])
def test_plan_to_baik_is_two_raises(demo, target, snapshot):
    before = snapshot(demo)
    data = ok_json(demo, "plan", "--target", target)
    assert data["feasible"] is True and data["already_met"] is False
    assert data["start_ips_display"] == "2,52"
    assert data["raises"] == 2 and len(data["steps"]) == 2
    assert data["final_ips_display"] == "2,60" and data["final_predikat"] == "Baik"
    for step in data["steps"]:
        assert {"code", "from_level", "to_level", "gain", "running_ips", "evidence"} <= set(step)
        assert step["to_level"] == step["from_level"] + 1
        assert step["gain"] > 0 and step["evidence"]
    assert data["steps"][-1]["running_ips"] == pytest.approx(data["final_ips"])
    assert data["final_ips"] - data["start_ips"] == pytest.approx(
        sum(s["gain"] for s in data["steps"]))
    assert snapshot(demo) == before  # planning writes nothing


def test_plan_text(demo_src):
    result = run(demo_src, "plan", "--target", "baik")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Penilaian mandiri 2024: IPS 2,52 (Cukup)")
    assert "2 kenaikan" in out and "2,60" in out
    assert "  1. 50101" in out and "  2. 10101" in out
    assert "tingkat 1 → 2" in out and "tingkat 3 → 4" in out
    assert "bukti yang diharapkan:" in out
    assert "Aturan pilihan:" in out


@pytest.mark.parametrize(("target", "threshold"),
                         [("sangat-baik", "3,50"), ("memuaskan", "4,20")])
def test_plan_higher_targets_need_more_raises(demo_src, target, threshold):
    data = ok_json(demo_src, "plan", "--target", target)
    assert data["feasible"] is True
    assert data["raises"] > 2
    assert data["target"]["threshold_display"] == threshold
    assert _number(data["final_ips_display"]) >= _number(threshold)
    running = [s["running_ips"] for s in data["steps"]]
    assert running == sorted(running)


def _number(display: str) -> float:
    return float(display.replace(",", "."))


def test_plan_with_locks_and_cap(demo_src):
    data = ok_json(demo_src, "plan", "--target", "baik", "--lock", "10101, 10201")
    assert data["locked"] == ["10101", "10201"]
    assert not {"10101", "10201"} & {s["code"] for s in data["steps"]}
    assert data["feasible"] is True


def test_plan_infeasible_exits_1_and_names_the_best_reachable(demo_src):
    args = ["plan", "--target", "memuaskan", "--lock", "10101,10201", "--max-level-step", "1"]
    result = run(demo_src, *args)
    assert result.exit_code == 1, result.output
    assert "tidak dapat dicapai" in result.stdout
    assert "3,38" in result.stdout
    result = run(demo_src, *args, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["feasible"] is False and data["steps"] == []
    assert data["best_reachable_ips_display"] == "3,38"
    assert data["best_reachable_ips_display"] in data["message"]


def test_plan_already_met(demo_src):
    result = run(demo_src, "plan", "--target", "cukup")
    assert result.exit_code == 0, result.output
    assert "sudah tercapai" in result.stdout
    data = ok_json(demo_src, "plan", "--target", "cukup")
    assert data["already_met"] is True and data["feasible"] is True
    assert data["raises"] == 0 and data["steps"] == []
    assert data["final_ips_display"] == "2,52"


def test_plan_other_year(demo_src):
    data = ok_json(demo_src, "plan", "--target", "baik", "--year", "2023")
    assert data["start_ips_display"] == "2,18"
    assert data["raises"] > 2


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--target", "hebat"], "hebat"),
        (["--target", "9"], "9"),
        (["--target", "baik", "--lock", "99999"], "99999"),
        (["--target", "baik", "--max-level-step", "0"], "paling sedikit 1 tingkat"),
        (["--target", "baik", "--year", "2030"], "2030"),
    ],
)
def test_plan_errors(demo, args, fragment, snapshot):
    before = snapshot(demo)
    result = run(demo, "plan", *args)
    assert_one_line_error(result, fragment)
    assert snapshot(demo) == before
