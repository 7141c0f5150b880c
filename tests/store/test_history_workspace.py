"""Reported BPS indices in the workspace (migration 0002) and the history convenience methods."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from fractions import Fraction

import pytest

import epss.store
from epss.core.model import ReportedIndices
from epss.core.scoring import score
from epss.demo import BADAN_2023, MANDIRI_2023, MANDIRI_2024
from epss.services.workspace import DB_NAME, Workspace, WorkspaceError


@pytest.fixture
def ws(workspace):
    return workspace


@pytest.fixture
def badan(ws):
    return ws.new_assessment(2024, "badan")


@pytest.fixture
def demo(demo_workspace, open_workspace):
    return open_workspace(demo_workspace, actor="tester")


def _rows(ws: Workspace) -> list[tuple]:
    return [tuple(r) for r in ws.store.conn.execute(
        "SELECT assessment_id, node, value FROM reported_index ORDER BY assessment_id, node")]


# -- migration -------------------------------------------------------------------------------


def test_a_workspace_made_before_0002_upgrades_and_keeps_its_data(tmp_path, monkeypatch):
    root = tmp_path / "old"
    monkeypatch.setattr(epss.store, "MIGRATIONS", epss.store.MIGRATIONS[:1])
    old = Workspace.create(root, name="Pemerintah Kota Blitar", kind="kota", code="3572",
                           actor="tester")
    a = old.new_assessment(2023, "badan")
    old.set_answer(a.id, "10101", level=3, explanation="SOP")
    events = len(old.store.events())
    old.close()
    with sqlite3.connect(root / DB_NAME) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "reported_index" not in tables
    monkeypatch.undo()

    with Workspace.open(root, actor="tester") as ws:
        applied = [r[0] for r in ws.store.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'epss' ORDER BY rowid")]
        assert applied == [name for name, _ in epss.store.MIGRATIONS]
        assert ws.answer(a.id, "10101").level == 3
        assert len(ws.store.events()) == events
        assert ws.reported_indices(a.id) == ReportedIndices()
        ws.set_reported_indices(a.id, ips="2,31")
        assert ws.reported_indices(a.id).ips == Decimal("2.31")
        assert ws.doctor() == []
    with Workspace.open(root) as again:  # already up to date: nothing re-applied
        assert again.reported_indices(a.id).ips == Decimal("2.31")
        count = again.store.conn.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0]
        assert count == len(epss.store.MIGRATIONS)


def test_reported_index_table_refuses_unknown_nodes_and_orphans(ws, badan):
    conn = ws.store.conn
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO reported_index VALUES (?, 'domain', '2', 'x', 'now')",
                     (badan.id,))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO reported_index VALUES (9999, 'ips', '2', 'x', 'now')")
    conn.rollback()


# -- setting, reading, clearing --------------------------------------------------------------


def test_set_reported_indices_stores_the_exact_text_and_logs_it(ws, badan):
    got = ws.set_reported_indices(badan.id, ips="2,52",
                                  domains={"1": "2.50", "3": Decimal("2.1"), 5: "3"})
    assert got == ReportedIndices(ips=Decimal("2.52"), domains={
        "1": Decimal("2.50"), "3": Decimal("2.1"), "5": Decimal("3")})
    assert _rows(ws) == [(badan.id, "1", "2.50"), (badan.id, "3", "2.1"),
                         (badan.id, "5", "3"), (badan.id, "ips", "2.52")]
    event = ws.store.events()[-1]
    assert (event.action, event.entity, event.entity_id, event.actor) == (
        "reported", "assessment", str(badan.id), "tester")
    assert json.loads(event.data) == {
        "before": {}, "after": {"1": "2.50", "3": "2.1", "5": "3", "ips": "2.52"}}
    assert ws.doctor() == []


def test_later_values_replace_given_nodes_and_keep_the_others(ws, badan):
    ws.set_reported_indices(badan.id, ips="2.52", domains={"1": "2.5"})
    got = ws.set_reported_indices(badan.id, domains={"1": "2,75", "2": "2"})
    assert got.ips == Decimal("2.52")
    assert got.domains == {"1": Decimal("2.75"), "2": Decimal("2")}
    data = json.loads(ws.store.events()[-1].data)
    assert data["before"] == {"1": "2.5", "ips": "2.52"}
    assert data["after"] == {"1": "2.75", "2": "2", "ips": "2.52"}


def test_setting_the_same_values_again_writes_no_event(ws, badan):
    ws.set_reported_indices(badan.id, ips="2.52")
    events = len(ws.store.events())
    ws.set_reported_indices(badan.id, ips="2,52")
    assert len(ws.store.events()) == events


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"ips": "0,99"}, "IPS: nilai harus antara 1 dan 5"),
        ({"ips": "5.01"}, "antara 1 dan 5"),
        ({"ips": "2,525"}, "paling banyak 2 angka desimal"),
        ({"ips": Decimal("2.520")}, "paling banyak 2 angka desimal"),
        ({"ips": "dua"}, "harus angka"),
        ({"ips": ""}, "harus angka"),
        ({"ips": "2.5e0"}, "harus angka"),
        ({"ips": True}, "harus angka"),
        ({"domains": {"6": "2"}}, "kode domain '6' tidak dikenal"),
        ({"domains": {"ips": "2"}}, "tidak dikenal"),
        ({"domains": {"101": "2"}}, "tidak dikenal"),
        ({"ips": "2.5", "domains": {"2": "9"}}, "indeks domain 2: nilai harus antara 1 dan 5"),
        ({}, "tidak ada nilai indeks"),
        ({"domains": {}}, "tidak ada nilai indeks"),
    ],
)
def test_bad_reported_values_are_refused_and_change_nothing(ws, refused, badan, kwargs,
                                                              fragment):
    ws.set_reported_indices(badan.id, ips="2.10", domains={"1": "2"})
    refused(ws, lambda: ws.set_reported_indices(badan.id, **kwargs), fragment)


@pytest.mark.parametrize("kind", ["mandiri", "target"])
def test_reported_indices_are_only_for_bps_results(ws, kind):
    a = ws.new_assessment(2024, kind)
    events = len(ws.store.events())
    with pytest.raises(WorkspaceError, match="hanya untuk penilaian badan"):
        ws.set_reported_indices(a.id, ips="2.52")
    with pytest.raises(WorkspaceError, match="hanya untuk penilaian badan"):
        ws.clear_reported_indices(a.id)
    assert _rows(ws) == [] and len(ws.store.events()) == events


def test_final_bps_result_cannot_change(ws, badan):
    ws.set_reported_indices(badan.id, ips="2.52")
    ws.set_status(badan.id, "final")
    with pytest.raises(WorkspaceError, match="final"):
        ws.set_reported_indices(badan.id, ips="2.60")
    with pytest.raises(WorkspaceError, match="final"):
        ws.clear_reported_indices(badan.id)
    assert ws.reported_indices(badan.id).ips == Decimal("2.52")


def test_missing_assessment_is_refused(ws):
    with pytest.raises(WorkspaceError, match="#404 tidak ada"):
        ws.set_reported_indices(404, ips="2.52")
    with pytest.raises(WorkspaceError, match="#404 tidak ada"):
        ws.reported_indices(404)


def test_clear_some_or_all_reported_indices(ws, badan):
    ws.set_reported_indices(badan.id, ips="2.52", domains={"1": "2.5", "2": "2.25"})
    left = ws.clear_reported_indices(badan.id, ["1", "ips"])
    assert left == ReportedIndices(domains={"2": Decimal("2.25")})
    data = json.loads(ws.store.events()[-1].data)
    assert data == {"before": {"1": "2.5", "2": "2.25", "ips": "2.52"}, "after": {"2": "2.25"}}
    with pytest.raises(WorkspaceError, match="'7' tidak dikenal"):
        ws.clear_reported_indices(badan.id, ["7"])
    assert ws.clear_reported_indices(badan.id).empty
    assert _rows(ws) == []
    events = len(ws.store.events())
    ws.clear_reported_indices(badan.id)  # nothing left: no event
    assert len(ws.store.events()) == events


def test_deleting_the_assessment_deletes_its_reported_indices_and_logs_them(ws, badan):
    other = ws.new_assessment(2023, "badan")
    ws.set_reported_indices(badan.id, ips="2.52", domains={"4": "1.75"})
    ws.set_reported_indices(other.id, ips="2.00")
    ws.delete_assessment(badan.id)
    assert _rows(ws) == [(other.id, "ips", "2.00")]
    data = json.loads(ws.store.events()[-1].data)
    assert data["reported"] == {"4": "1.75", "ips": "2.52"}
    assert ws.doctor() == []


def test_carry_over_does_not_copy_a_bps_letter(ws, badan):
    ws.set_reported_indices(badan.id, ips="2.52")
    later = ws.new_assessment(2025, "badan", from_year=2024)
    assert ws.reported_indices(later.id).empty


# -- history from the workspace --------------------------------------------------------------


def test_demo_year_over_year(demo):
    c = demo.compare_years(2024, 2023)  # the earlier year is the old side whatever the order
    assert (c.old.label, c.new.label) == ("Penilaian mandiri 2023", "Penilaian mandiri 2024")
    expected = score(demo.catalog, MANDIRI_2024).ips - score(demo.catalog, MANDIRI_2023).ips
    assert c.ips_delta == expected == c.effects_total
    assert c.new.ips == Fraction(252, 100)
    assert (c.raised, c.lowered, c.unchanged, c.unknown) == (11, 0, 27, 0)
    assert not c.provisional


def test_demo_self_vs_bps(demo):
    g = demo.compare_self_vs_badan(2023)
    assert (g.over, g.under, g.equal, g.unknown) == (8, 0, 30, 0)
    assert g.mean_abs_gap == Fraction(8, 38)
    expected = score(demo.catalog, MANDIRI_2023).ips - score(demo.catalog, BADAN_2023).ips
    assert g.ips_gap == expected
    assert demo.compare_self_vs_badan().badan.label == "Penilaian badan (hasil BPS) 2023"


def test_a_bps_letter_with_only_indices_in_comparisons_and_trend(demo):
    letter = demo.new_assessment(2024, "badan")
    demo.set_reported_indices(letter.id, ips="2,31", domains={"1": "2,75"})
    g = demo.compare_self_vs_badan(2024)
    assert not g.indicator_gaps_known and g.unknown == 38
    assert g.ips_gap == Fraction(252 - 231, 100)
    assert g.domains[0].gap == Fraction(3) - Fraction(275, 100)
    c = demo.compare_years(2023, 2024, kind="badan")
    assert not c.indicators_known
    assert c.ips_delta == Fraction(231, 100) - score(demo.catalog, BADAN_2023).ips
    points = [(p.year, p.kind, p.source) for p in demo.trend().points]
    assert points == [(2023, "mandiri", "scored"), (2023, "badan", "scored"),
                      (2024, "mandiri", "scored"), (2024, "badan", "reported")]
    assert [p.year for p in demo.trend(["badan"]).points] == [2023, 2024]


def test_trend_leaves_out_an_assessment_with_nothing_to_plot(demo):
    demo.new_assessment(2025, "target")
    assert [p.kind for p in demo.trend().points].count("target") == 0


def test_history_refuses_what_is_not_there(demo):
    with pytest.raises(WorkspaceError, match="belum ada penilaian mandiri tahun 2025"):
        demo.compare_years(2024, 2025)
    with pytest.raises(WorkspaceError, match="dua tahun yang berbeda"):
        demo.compare_years(2024, 2024)
    with pytest.raises(WorkspaceError, match="belum ada penilaian badan tahun 2024"):
        demo.compare_self_vs_badan(2024)
    with pytest.raises(WorkspaceError, match="jenis penilaian"):
        demo.trend(["bps"])
    demo.new_assessment(2022, "badan")
    with pytest.raises(WorkspaceError, match="belum ada penilaian mandiri tahun 2022"):
        demo.compare_self_vs_badan(2022)


def test_a_final_demo_bps_result_keeps_its_letter_closed(demo):
    badan_2023 = demo.assessment(2023, "badan")
    assert badan_2023.status == "final"
    with pytest.raises(WorkspaceError, match="final"):
        demo.set_reported_indices(badan_2023.id, ips="1.86")


def test_replace_makes_the_given_values_all_there_is_in_one_event(ws, badan):
    ws.set_reported_indices(badan.id, ips="2,41", domains={"1": "2.80", "5": "1,90"})
    events = len(ws.store.events("assessment", badan.id))
    result = ws.set_reported_indices(badan.id, ips="2.50", domains={"2": "2.1"}, replace=True)
    assert result.as_text() == {"2": "2.1", "ips": "2.50"}
    logged = ws.store.events("assessment", badan.id)[events:]
    assert len(logged) == 1 and logged[0].action == "reported"
    assert ws.set_reported_indices(badan.id, domains={}, replace=True).empty


def test_replace_with_a_bad_value_changes_nothing(ws, badan):
    ws.set_reported_indices(badan.id, ips="2,41", domains={"1": "2.80"})
    with pytest.raises(WorkspaceError):
        ws.set_reported_indices(badan.id, ips="2.50", domains={"2": "9"}, replace=True)
    assert ws.reported_indices(badan.id).as_text() == {"1": "2.80", "ips": "2.41"}
