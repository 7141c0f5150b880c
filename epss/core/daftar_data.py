"""Daftar data: the list of data each producer (OPD) must publish, and how far it is fulfilled.

Pure: items and portal datasets in, statuses and recaps out. An item is fulfilled when a portal
dataset is matched to it (by ID, by Kode Metadata INDAH, or by a confirmed fuzzy title). Its
status is then *mutakhir* or *terlambat* by its Jadwal Pemutakhiran counted from the dataset's
last update to a reference date, or *ada di portal* when the portal gives no update date.

Zones (Demak's walidata grading, quoted in issue 20): hijau ≥ 90 %, kuning 50–89 %, merah
< 50 %, read from the exact fraction, so 89,99 % is kuning and 90 % is hijau.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

JENIS = ("statistik", "geospasial", "keuangan")
KLASIFIKASI = ("terbuka", "terbatas", "tertutup")

# Jadwal Pemutakhiran -> how long a publication stays current, in months (None: no schedule,
# never overdue). Keys are normalised (lower case, no spaces or dashes).
_SCHEDULES: dict[str, int | None] = {
    "bulanan": 1, "perbulan": 1, "triwulanan": 3, "pertriwulan": 3, "kuartalan": 3,
    "caturwulanan": 4, "semesteran": 6, "persemester": 6, "enambulanan": 6,
    "tahunan": 12, "pertahun": 12, "satutahunan": 12, "duatahunan": 24, "2tahunan": 24,
    "tigatahunan": 36, "3tahunan": 36, "limatahunan": 60, "5tahunan": 60,
    "sepuluhtahunan": 120, "10tahunan": 120,
    "tidaktentu": None, "sewaktuwaktu": None, "insidental": None, "adhoc": None,
}
# Schedules shorter than a month, in days.
_DAY_SCHEDULES = {"harian": 1, "perhari": 1, "mingguan": 7, "perminggu": 7}
SCHEDULE_NAMES = ("harian", "mingguan", "bulanan", "triwulanan", "semesteran", "tahunan",
                  "dua tahunan", "lima tahunan", "tidak tentu")

STATUSES = ("belum", "ada", "mutakhir", "terlambat")
STATUS_LABELS = {"belum": "belum ada", "ada": "ada di portal", "mutakhir": "mutakhir",
                 "terlambat": "terlambat"}
ZONES = ("hijau", "kuning", "merah")
HIJAU_MIN, KUNING_MIN = Fraction(90), Fraction(50)

METHODS = ("id", "kode_metadata", "judul")
METHOD_LABELS = {"id": "ID", "kode_metadata": "Kode Metadata INDAH", "judul": "judul mirip"}


class ScheduleError(ValueError):
    """A Jadwal Pemutakhiran that is not known; the message names what is."""


def _norm(text: str) -> str:
    return re.sub(r"[\s\-_/.]+", "", text.casefold())


def schedule(text: str) -> tuple[int, int] | None:
    """A Jadwal Pemutakhiran as (months, days) of validity; None when it has no schedule."""
    key = _norm(text)
    if key in _DAY_SCHEDULES:
        return (0, _DAY_SCHEDULES[key])
    if key in _SCHEDULES:
        months = _SCHEDULES[key]
        return None if months is None else (months, 0)
    raise ScheduleError(f"jadwal pemutakhiran {text!r} tidak dikenal (pakai salah satu dari: "
                        f"{', '.join(SCHEDULE_NAMES)})")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def due_date(updated: date, jadwal: str) -> date | None:
    """When data updated on ``updated`` must be updated again; None without a schedule."""
    period = schedule(jadwal)
    if period is None:
        return None
    months, days = period
    return date.fromordinal(add_months(updated, months).toordinal() + days)


@dataclass(frozen=True)
class Item:
    """One row of the daftar data."""

    id: str
    nama_data: str
    produsen: str
    jadwal: str
    kode_indikator: str = ""
    nama_indikator: str = ""
    jenis: str = ""
    klasifikasi: str = ""
    satuan: str = ""
    kode_metadata: str = ""
    link_daerah: str = ""
    link_sdi: str = ""
    sektor: str = ""


@dataclass(frozen=True)
class Dataset:
    """One dataset of the portal listing."""

    id: str
    title: str
    kode_metadata: str = ""
    organisasi: str = ""
    modified: date | None = None
    url: str = ""
    ref: str = ""  # a daftar data ID the portal records for it (CKAN extras), if any


@dataclass(frozen=True)
class Match:
    item_id: str
    dataset_id: str
    method: str  # one of METHODS
    score: int  # 100 for an exact ID or code; the fuzzy score otherwise
    state: str  # auto | uncertain | confirmed | rejected


@dataclass(frozen=True)
class ItemStatus:
    item: Item
    status: str  # one of STATUSES
    dataset: Dataset | None
    match: Match | None
    due: date | None  # when the next update is due (None: unknown or no schedule)
    metadata: bool  # a Kode Metadata INDAH is recorded

    @property
    def fulfilled(self) -> bool:
        return self.status != "belum"

    @property
    def overdue(self) -> bool:
        return self.status == "terlambat"


@dataclass(frozen=True)
class Group:
    """Fulfilment of one OPD or sector (or of everything: ``name`` is "")."""

    name: str
    items: int
    fulfilled: int
    current: int
    overdue: int
    metadata: int
    statuses: tuple[ItemStatus, ...] = field(repr=False, default=())

    @property
    def percent(self) -> Fraction:
        return Fraction(100 * self.fulfilled, self.items) if self.items else Fraction(0)

    @property
    def zone(self) -> str:
        return zone(self.percent)


def zone(percent: Fraction) -> str:
    """hijau ≥ 90 %, kuning 50 % up to under 90 %, merah under 50 %."""
    if percent >= HIJAU_MIN:
        return "hijau"
    return "kuning" if percent >= KUNING_MIN else "merah"


def percent_text(value: Fraction) -> str:
    """One decimal with a comma, cut (never rounded up), so the text never crosses a zone
    boundary that the exact value has not reached: 89,99 % prints as 89,9."""
    tenths = int(value * 10)  # floor: the value is never negative
    return f"{tenths // 10},{tenths % 10}"


def item_status(item: Item, dataset: Dataset | None, match: Match | None,
                today: date) -> ItemStatus:
    metadata = bool(item.kode_metadata or (dataset and dataset.kode_metadata))
    if dataset is None:
        return ItemStatus(item, "belum", None, None, None, metadata)
    if dataset.modified is None:
        return ItemStatus(item, "ada", dataset, match, None, metadata)
    due = due_date(dataset.modified, item.jadwal)
    if due is None:
        return ItemStatus(item, "ada", dataset, match, None, metadata)
    return ItemStatus(item, "terlambat" if today > due else "mutakhir", dataset, match, due,
                      metadata)


def statuses(items: Sequence[Item], datasets: Mapping[str, Dataset],
             matches: Mapping[str, Match], today: date) -> list[ItemStatus]:
    """Each item's status; only auto and confirmed matches count as on the portal."""
    result = []
    for item in items:
        m = matches.get(item.id)
        if m is not None and m.state in ("auto", "confirmed") and m.dataset_id in datasets:
            result.append(item_status(item, datasets[m.dataset_id], m, today))
        else:
            result.append(item_status(item, None, None, today))
    return result


def group(name: str, rows: Iterable[ItemStatus]) -> Group:
    rows = tuple(rows)
    return Group(name, len(rows), sum(r.fulfilled for r in rows),
                 sum(r.status == "mutakhir" for r in rows), sum(r.overdue for r in rows),
                 sum(r.metadata for r in rows), rows)


def groups(rows: Sequence[ItemStatus], by: str = "produsen") -> list[Group]:
    """One group per OPD (``produsen``) or sector (``sektor``), by name."""
    found: dict[str, list[ItemStatus]] = {}
    for r in rows:
        found.setdefault(getattr(r.item, by) or "(tanpa nama)", []).append(r)
    return [group(name, found[name]) for name in sorted(found, key=str.casefold)]


# -- matching ------------------------------------------------------------------------------

FUZZY_ACCEPT, FUZZY_ASK = 92, 75  # >= accept: matched; between: asked; below: no match


def normal_title(text: str) -> str:
    """A title for fuzzy comparison: lower case, letters and digits, single spaces."""
    return " ".join(re.findall(r"[0-9a-z]+", text.casefold()))


def _slug(url: str) -> str:
    """The last path segment of a portal link (CKAN: /dataset/<name>)."""
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1].casefold() if "/" in path else ""


def exact_matches(items: Sequence[Item], datasets: Sequence[Dataset]) -> dict[str, Match]:
    """Matches by ID (the dataset's ID or name, the ID the portal records, or the item's
    Link Portal Daerah naming the dataset) and then by Kode Metadata INDAH."""
    by_id: dict[str, Dataset] = {}
    by_code: dict[str, Dataset] = {}
    for ds in datasets:
        for key in (ds.id, ds.ref):
            if key:
                by_id.setdefault(key.casefold(), ds)
        if ds.kode_metadata:
            by_code.setdefault(ds.kode_metadata.casefold(), ds)
    found: dict[str, Match] = {}
    used: set[str] = set()
    for item in items:
        d: Dataset | None = by_id.get(item.id.casefold())
        if d is None and item.link_daerah:
            d = by_id.get(_slug(item.link_daerah))
        if d is not None and d.id not in used:
            found[item.id] = Match(item.id, d.id, "id", 100, "auto")
            used.add(d.id)
    for item in items:
        if item.id in found or not item.kode_metadata:
            continue
        d = by_code.get(item.kode_metadata.casefold())
        if d is not None and d.id not in used:
            found[item.id] = Match(item.id, d.id, "kode_metadata", 100, "auto")
            used.add(d.id)
    return found


# -- the recap a bundle carries (for a committee's `daftar_data` criterion) ------------------

def bundle_recap(rows: Sequence[ItemStatus], datasets: int) -> dict[str, object]:
    """What an entrant's bundle says about its daftar data: counts only, none of them
    depending on the day it is read (lateness does, so it stays home)."""
    total = group("", rows)
    return {"items": total.items, "fulfilled": total.fulfilled, "metadata": total.metadata,
            "datasets": datasets,
            "opd": [{"name": g.name, "items": g.items, "fulfilled": g.fulfilled}
                    for g in groups(rows)]}


def recap_value(items: int, fulfilled: int) -> Fraction:
    """The criterion value 0-100: the fulfilment percentage, exact."""
    return Fraction(100 * fulfilled, items) if items else Fraction(0)


def recap_note(items: int, fulfilled: int) -> str:
    """How the value was computed, for the committee report."""
    value = recap_value(items, fulfilled)
    return (f"daftar data dari bundel: {fulfilled} dari {items} item di portal = "
            f"{percent_text(value)} % (zona {zone(value)})")
