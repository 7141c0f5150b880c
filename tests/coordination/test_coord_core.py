"""epss.core.progress: zones at their boundaries (from the exact fraction), done and overdue."""

from __future__ import annotations

from datetime import date

import pytest

from epss.core.progress import Assignment, opd_codes, progress

TODAY = date(2026, 7, 1)


def _assign(code: str, opd: str = "Dinas A", *, kegiatan: int | None = None,
            due: date | None = None) -> Assignment:
    return Assignment(code, kegiatan, opd, "", due)


def _codes(n: int) -> list[str]:
    return [f"{10101 + i}" for i in range(n)]


@pytest.mark.parametrize(("done", "total", "zone", "text"), [
    (9, 10, "hijau", "90,0"),        # exactly 90 %: hijau
    (899, 1000, "kuning", "89,9"),   # just under 90 %: kuning, never printed as 90
    (1, 2, "kuning", "50,0"),        # exactly 50 %: kuning
    (499, 1000, "merah", "49,9"),    # just under 50 %: merah
    (0, 3, "merah", "0,0"),
    (3, 3, "hijau", "100,0"),
])
def test_zone_boundaries(done, total, zone, text):
    codes = _codes(total)
    rows = progress([_assign(c) for c in codes], dict.fromkeys(codes[:done], 3),
                    [(c, None) for c in codes[:done]], [], TODAY)
    assert len(rows) == 1
    assert (rows[0].zone, rows[0].percent_text) == (zone, text)
    assert (rows[0].assigned, rows[0].done) == (total, done)


def test_done_needs_answer_and_evidence():
    rows = progress([_assign("10101"), _assign("10201"), _assign("10301")],
                    {"10101": 3, "10201": 2, "10301": None},
                    [("10101", None), ("10301", None)], [], TODAY)
    (row,) = rows
    assert (row.answered, row.evidenced, row.done) == (2, 2, 1)


def test_overdue_only_before_today_and_not_done():
    rows = progress([
        _assign("10101", due=date(2026, 6, 30)),   # past, not done: overdue
        _assign("10201", due=date(2026, 7, 1)),    # due today: not yet overdue
        _assign("10301", due=date(2026, 1, 1)),    # past but done: not overdue
        _assign("10401"),                          # no due date: never overdue
    ], {"10101": 2, "10301": 3}, [("10301", None)], [], TODAY)
    (row,) = rows
    assert [i.assignment.indicator for i in row.items if i.overdue] == ["10101"]
    assert row.overdue == 1


def test_kegiatan_share_needs_evidence_of_that_kegiatan():
    assignments = [_assign("20101", "Dinas A", kegiatan=1), _assign("20101", "Dinas B", kegiatan=2)]
    rows = progress(assignments, {"20101": 3}, [("20101", 1), ("20101", None)], [], TODAY)
    by_opd = {r.opd: r for r in rows}
    assert by_opd["Dinas A"].evidenced == 1
    assert by_opd["Dinas B"].evidenced == 0  # umum or the other kegiatan's evidence is not B's


def test_findings_and_grouping():
    assignments = [_assign("10101", "Dinas A"), _assign("10201", "dinas a"),
                   _assign("20101", "Dinas B", kegiatan=1), _assign("20101", "Dinas B", kegiatan=2)]
    rows = progress(assignments, {}, [], ["10101", "10101", "20101", "30101"], TODAY)
    assert [(r.opd, r.assigned, r.findings) for r in rows] == [("Dinas A", 2, 2), ("Dinas B", 2, 1)]
    assert opd_codes(assignments, "DINAS B") == ["20101"]
