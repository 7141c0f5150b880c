"""Named IPS reference lines (epss acuan): validated, logged, shown beside a comparison."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from epss.cli import main
from epss.services import benchmarks


def run(ws, *args):
    return CliRunner().invoke(main, ["-w", str(ws.root), *args])


def test_added_sorted_replaced_by_name_and_logged(workspace):
    benchmarks.add(workspace, "Target BPS kab/kota", "2,60", "BPS 2024")
    benchmarks.add(workspace, "RB", "2.35")
    benchmarks.add(workspace, "rb", "2,40")  # the same name in another case replaces it
    assert [(b.name, b.value) for b in benchmarks.load(workspace)] == [
        ("rb", Decimal("2.40")), ("Target BPS kab/kota", Decimal("2.60"))]
    assert [e.action for e in workspace.store.events("workspace")][-3:] == ["benchmark"] * 3
    benchmarks.remove(workspace, "RB")
    assert [b.name for b in benchmarks.load(workspace)] == ["Target BPS kab/kota"]


@pytest.mark.parametrize("name, value, fragment", [
    ("RPJMD", "dua", "bukan angka"),
    ("RPJMD", "0,99", "di luar rentang"),
    ("RPJMD", "5,01", "di luar rentang"),
    ("RPJMD", "2,605", "dua desimal"),
    ("RPJMD", "NaN", "di luar rentang"),
    (" ", "2,60", "tidak boleh kosong"),
    ("x" * 61, "2,60", "paling panjang"),
])
def test_bad_values_are_refused(workspace, refused, name, value, fragment):
    refused(workspace, lambda: benchmarks.add(workspace, name, value), fragment)


def test_removing_an_unknown_one_names_those_there_are(workspace, refused):
    benchmarks.add(workspace, "RB", "2,35")
    refused(workspace, lambda: benchmarks.remove(workspace, "RPJMD"), "ada: RB")


def test_cli_lists_as_json_and_compare_shows_them_with_the_samples(workspace):
    old, new = workspace.new_assessment(2024), workspace.new_assessment(2026)
    workspace.sampling.add_kegiatan(new.id, opd="Dinas Kesehatan", name="Survei Gizi")
    assert run(workspace, "acuan", "add", "RB", "2,35", "--source", "KemenPANRB").exit_code == 0
    listed = json.loads(run(workspace, "acuan", "--json").output)
    assert listed == [{"name": "RB", "value": "2.35", "source": "KemenPANRB"}]
    shown = run(workspace, "compare", "--years", "2024", "2026").output
    assert "2026: Dinas Kesehatan — Survei Gizi" in shown and "2024: tidak dicatat" in shown
    assert "Acuan: RB 2,35" in shown
    data = json.loads(run(workspace, "compare", "--years", "2024", "2026", "--json").output)
    assert data["kegiatan"] == {"2024": [], "2026": ["Dinas Kesehatan — Survei Gizi"]}
    assert old.id != new.id


def test_cli_refusals(workspace, refused):
    refused(workspace, ["acuan", "add", "RB", "9"], "di luar rentang")
    refused(workspace, ["acuan", "remove", "RB"], "tidak ada")
