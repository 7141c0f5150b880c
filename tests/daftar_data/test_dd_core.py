"""The pure rules of the daftar data: schedules, due dates, zones and their boundaries, and the
exact matches (issue 20)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from epss.core import daftar_data as dd
from epss.core.daftar_data import Dataset, Item, Match

TODAY = date(2025, 3, 10)


def _item(id_: str = "A", jadwal: str = "Tahunan", **kw: str) -> Item:
    return Item(id=id_, nama_data=kw.pop("nama_data", "Data " + id_),
                produsen=kw.pop("produsen", "Dinas A"), jadwal=jadwal, **kw)


@pytest.mark.parametrize(("text", "period"), [
    ("Tahunan", (12, 0)), ("tahunan", (12, 0)), ("Semesteran", (6, 0)),
    ("Triwulanan", (3, 0)), ("Bulanan", (1, 0)), ("Dua Tahunan", (24, 0)),
    ("lima-tahunan", (60, 0)), ("Mingguan", (0, 7)), ("Harian", (0, 1)),
    ("Tidak tentu", None), ("Sewaktu-waktu", None),
])
def test_schedules_known(text, period):
    assert dd.schedule(text) == period


def test_an_unknown_schedule_names_the_known_ones():
    with pytest.raises(dd.ScheduleError, match=r"dwimingguan.*tahunan"):
        dd.schedule("dwimingguan")


@pytest.mark.parametrize(("updated", "jadwal", "due"), [
    (date(2024, 3, 10), "Tahunan", date(2025, 3, 10)),
    (date(2024, 8, 31), "Semesteran", date(2025, 2, 28)),  # clamped to the month's end
    (date(2024, 11, 30), "Triwulanan", date(2025, 2, 28)),
    (date(2024, 1, 31), "Bulanan", date(2024, 2, 29)),  # leap year
    (date(2025, 3, 1), "Mingguan", date(2025, 3, 8)),
    (date(2020, 1, 1), "Tidak tentu", None),
])
def test_due_dates(updated, jadwal, due):
    assert dd.due_date(updated, jadwal) == due


@pytest.mark.parametrize(("updated", "status"), [
    (date(2024, 3, 10), "mutakhir"),  # due exactly on the reference date: still current
    (date(2024, 3, 9), "terlambat"),  # due the day before
    (None, "ada"),  # the portal gives no date
])
def test_overdue_relative_to_the_reference_date(updated, status):
    item = _item()
    d = Dataset("a", "Data A", modified=updated)
    row = dd.item_status(item, d, Match("A", "a", "id", 100, "auto"), TODAY)
    assert row.status == status
    assert row.fulfilled


def test_no_schedule_is_never_overdue():
    row = dd.item_status(_item(jadwal="Tidak tentu"), Dataset("a", "A", modified=date(2000, 1, 1)),
                         None, TODAY)
    assert row.status == "ada" and row.due is None


@pytest.mark.parametrize(("percent", "zone"), [
    (Fraction(0), "merah"), (Fraction(4999, 100), "merah"), (Fraction(50), "kuning"),
    (Fraction(8999, 100), "kuning"), (Fraction(90), "hijau"), (Fraction(100), "hijau"),
])
def test_zones_at_the_boundaries(percent, zone):
    assert dd.zone(percent) == zone


def test_group_percent_and_zone_at_the_boundaries():
    def group(fulfilled: int, total: int) -> dd.Group:
        rows = [dd.item_status(_item(str(n)), Dataset(str(n), "x") if n < fulfilled else None,
                               None, TODAY) for n in range(total)]
        return dd.group("Dinas A", rows)

    assert (group(9, 10).zone, dd.percent_text(group(9, 10).percent)) == ("hijau", "90,0")
    assert (group(5, 10).zone, dd.percent_text(group(5, 10).percent)) == ("kuning", "50,0")
    g = group(899, 1000)  # 89,9 %
    assert (g.zone, dd.percent_text(g.percent)) == ("kuning", "89,9")
    g = group(8999, 10000)  # 89,99 %: shown cut, never rounded up into hijau
    assert (g.zone, dd.percent_text(g.percent)) == ("kuning", "89,9")
    g = group(4999, 10000)
    assert (g.zone, dd.percent_text(g.percent)) == ("merah", "49,9")
    assert dd.group("kosong", []).zone == "merah"


def test_only_auto_and_confirmed_matches_count():
    items = [_item("A"), _item("B"), _item("C")]
    datasets = {k: Dataset(k, k) for k in "abc"}
    matches = {"A": Match("A", "a", "id", 100, "auto"),
               "B": Match("B", "b", "judul", 80, "uncertain"),
               "C": Match("C", "c", "judul", 80, "rejected")}
    assert [r.status for r in dd.statuses(items, datasets, matches, TODAY)] == [
        "ada", "belum", "belum"]


def test_exact_matches_by_id_link_and_metadata_code():
    items = [_item("DD-1"), _item("DD-2", link_daerah="https://portal/dataset/apm-sd/"),
             _item("DD-3", kode_metadata="INDAH-9"), _item("DD-4")]
    datasets = [Dataset("dd-1", "x"), Dataset("apm-sd", "y"),
                Dataset("z", "z", kode_metadata="indah-9"), Dataset("w", "w", ref="DD-4")]
    found = dd.exact_matches(items, datasets)
    assert {k: (m.dataset_id, m.method) for k, m in found.items()} == {
        "DD-1": ("dd-1", "id"), "DD-2": ("apm-sd", "id"), "DD-3": ("z", "kode_metadata"),
        "DD-4": ("w", "id")}


def test_groups_by_opd_and_sector():
    rows = [dd.item_status(_item("A", produsen="Dinas B", sektor="S1"), None, None, TODAY),
            dd.item_status(_item("B", produsen="dinas a", sektor=""), None, None, TODAY)]
    assert [g.name for g in dd.groups(rows)] == ["dinas a", "Dinas B"]
    assert [g.name for g in dd.groups(rows, "sektor")] == ["(tanpa nama)", "S1"]
