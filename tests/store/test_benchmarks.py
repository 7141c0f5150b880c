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


def test_a_name_is_removed_as_it_was_added(workspace):
    benchmarks.add(workspace, "RB  Dua", "2,40")
    assert benchmarks.remove(workspace, " RB  Dua ").name == "RB Dua"
    assert benchmarks.load(workspace) == []


def test_adding_the_same_line_again_logs_nothing(workspace):
    benchmarks.add(workspace, "RB", "2,35", "Bappeda")
    logged = len(workspace.store.events("workspace"))
    benchmarks.add(workspace, " RB ", "2.35", "Bappeda")
    assert len(workspace.store.events("workspace")) == logged
    assert [(b.name, b.value) for b in benchmarks.load(workspace)] == [("RB", Decimal("2.35"))]


@pytest.mark.parametrize("name, value, fragment", [
    ("RPJMD", "dua", "bukan angka"),
    ("RPJMD", "0,99", "di luar rentang"),
    ("RPJMD", "5,01", "di luar rentang"),
    ("RPJMD", "2,605", "dua desimal"),
    ("RPJMD", "NaN", "bukan angka"),
    ("RPJMD", "1e0", "bukan angka"),
    ("RPJMD", "Infinity", "bukan angka"),
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


def test_the_line_beside_a_trend_says_which_are_reached():
    items = [benchmarks.Benchmark("Nasional", Decimal("2.25")),
             benchmarks.Benchmark("BPS kab/kota", Decimal("2.60"))]
    assert benchmarks.describe(items, "2,52") == (
        "Acuan: Nasional 2,25 (tercapai); BPS kab/kota 2,60 (kurang 0,08)")
    assert benchmarks.describe(items, None) == "Acuan: Nasional 2,25; BPS kab/kota 2,60"
    assert benchmarks.describe([], "2,52") == ""


async def test_the_history_screen_shows_the_reference_lines(demo_workspace, open_workspace):
    from textual.widgets import Static

    from epss.tui.app import create_app
    from epss.tui.screens.history import HistoryScreen

    ws = open_workspace(demo_workspace)
    benchmarks.add(ws, "RB", "2,35")
    app = create_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(HistoryScreen())
        await pilot.pause()
        text = str(app.screen.query_one("#years-summary", Static).render())
    assert "Acuan: RB 2,35 (tercapai)" in text
    assert "Kegiatan terpilih 2023: tidak dicatat; 2024: Dinas Kesehatan" in text
