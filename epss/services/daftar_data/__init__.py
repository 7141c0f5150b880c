"""Daftar data (issue 20): the agency's list of data per OPD, what the portal holds, the matches
between them and the fulfilment recap. ``DaftarData(ws)`` holds the actions; every write is
one store transaction with its audit event.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epss.core import daftar_data as dd
from epss.core.daftar_data import Dataset, Group, Item, ItemStatus, Match
from epss.core.errors import WorkspaceError

if TYPE_CHECKING:
    from epss.services.workspace import Workspace

# The indicators a recap supports by default (catalog codes): 20401 Ketersediaan Data untuk
# Pengguna Data (the portal) and 40302 Penyelenggaraan Forum Satu Data (the agreed list).
ATTACH_TO = ("20401", "40302")


@dataclass(frozen=True)
class ImportResult:
    total: int
    added: list[str]
    changed: list[str]
    removed: list[str]
    matched: int
    uncertain: int


@dataclass(frozen=True)
class Recap:
    """Everything the status, the screen and the reports show, for one reference date."""

    today: date
    rows: list[ItemStatus]
    total: Group
    opd: list[Group]
    sectors: list[Group]
    datasets: int
    uncertain: int

    def find_opd(self, name: str) -> Group:
        """An OPD by its exact name or a unique part of it."""
        wanted = name.casefold().strip()
        exact = [g for g in self.opd if g.name.casefold() == wanted]
        found = exact or [g for g in self.opd if wanted and wanted in g.name.casefold()]
        if len(found) == 1:
            return found[0]
        if not found:
            raise WorkspaceError(f"tidak ada OPD bernama {name!r} di daftar data")
        raise WorkspaceError(f"{name!r} cocok dengan beberapa OPD: "
                             f"{', '.join(g.name for g in found[:5])}; tulis lebih lengkap")


class DaftarData:
    """The daftar data actions on one workspace."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- reading ---------------------------------------------------------------------------

    def items(self) -> list[Item]:
        return [Item(id=r.pop("item_id"), **r) for r in self.ws.store.dd_items()]

    def datasets(self) -> list[Dataset]:
        return [_dataset(r) for r in self.ws.store.dd_datasets()]

    def matches(self) -> dict[str, Match]:
        return {r["item_id"]: Match(**r) for r in self.ws.store.dd_matches()}

    def recap(self, today: date | None = None) -> Recap:
        today = today or date.today()
        items, datasets = self.items(), self.datasets()
        matches = self.matches()
        rows = dd.statuses(items, {d.id: d for d in datasets}, matches, today)
        return Recap(today, rows, dd.group("", rows), dd.groups(rows, "produsen"),
                     dd.groups(rows, "sektor") if any(i.sektor for i in items) else [],
                     len(datasets), sum(m.state == "uncertain" for m in matches.values()))

    def uncertain(self) -> list[tuple[Item, Dataset, Match]]:
        """Fuzzy matches waiting for a user's confirmation, in list order."""
        datasets = {d.id: d for d in self.datasets()}
        matches = self.matches()
        return [(i, datasets[matches[i.id].dataset_id], matches[i.id]) for i in self.items()
                if i.id in matches and matches[i.id].state == "uncertain"]

    # -- imports ---------------------------------------------------------------------------

    def import_items(self, source: str | Path, *, mapping: Sequence[str] = (),
                     sheet: str | None = None) -> ImportResult:
        """Replace the daftar data with the file's (all rows or none); items are compared by
        ID, and the portal matches are recomputed."""
        from epss.services.daftar_data.reading import read_items

        path = Path(source)
        items = read_items(path, mapping=mapping, sheet=sheet)
        store = self.ws.store
        with store.transaction():
            old = {i.id: i for i in self.items()}
            new_ids = {i.id for i in items}
            added = [i.id for i in items if i.id not in old]
            changed = [i.id for i in items if i.id in old and old[i.id] != i]
            removed = [k for k in old if k not in new_ids]
            store.dd_replace_items([_item_row(i) for i in items])
            matches = self._rematch(items, self.datasets())
            store.append_event(self.ws.actor, "import", "daftar_data", "items", {
                "file": path.name, "sha256": _sha256(path), "total": len(items),
                "added": len(added), "changed": len(changed), "removed": removed[:200]})
        return _result(len(items), added, changed, removed, matches)

    def import_portal(self, source: str | Path, *, mapping: Sequence[str] = (),
                      sheet: str | None = None) -> ImportResult:
        """Replace the portal listing with the file's and recompute the matches."""
        from epss.services.daftar_data.reading import read_datasets

        path = Path(source)
        datasets = read_datasets(path, mapping=mapping, sheet=sheet)
        store = self.ws.store
        with store.transaction():
            old = {d.id: d for d in self.datasets()}
            new_ids = {d.id for d in datasets}
            added = [d.id for d in datasets if d.id not in old]
            changed = [d.id for d in datasets if d.id in old and old[d.id] != d]
            removed = [k for k in old if k not in new_ids]
            store.dd_replace_datasets([_dataset_row(d) for d in datasets])
            matches = self._rematch(self.items(), datasets)
            store.append_event(self.ws.actor, "import", "daftar_data", "portal", {
                "file": path.name, "sha256": _sha256(path), "total": len(datasets),
                "added": len(added), "changed": len(changed), "removed": len(removed)})
        return _result(len(datasets), added, changed, removed, matches)

    def _rematch(self, items: list[Item], datasets: list[Dataset]) -> dict[str, Match]:
        from epss.services.daftar_data.matching import match_all

        matches = match_all(items, datasets, self.matches())
        self.ws.store.dd_replace_matches(
            [(m.item_id, m.dataset_id, m.method, m.score, m.state) for m in matches.values()])
        return matches

    # -- decisions on fuzzy matches -----------------------------------------------------------

    def confirm(self, item_id: str, dataset_id: str | None = None) -> Match:
        """Confirm the proposed match of an item, or match it to the named dataset."""
        store = self.ws.store
        with store.transaction():
            item = self._item(item_id)
            matches = self.matches()
            current = matches.get(item.id)
            target = dataset_id or (current.dataset_id if current else None)
            if target is None:
                raise WorkspaceError(f"item {item.id} belum punya usulan dataset; sebutkan "
                                     "dataset dengan --dataset ID")
            if target not in {d.id for d in self.datasets()}:
                raise WorkspaceError(f"tidak ada dataset {target!r} di daftar portal")
            other = next((m for m in matches.values() if m.dataset_id == target
                          and m.item_id != item.id and m.state in ("auto", "confirmed")), None)
            if other is not None:
                raise WorkspaceError(f"dataset {target!r} sudah dicocokkan dengan item "
                                     f"{other.item_id}")
            method = current.method if current and current.dataset_id == target else "judul"
            score = current.score if current and current.dataset_id == target else 0
            match = Match(item.id, target, method, score, "confirmed")
            self._put(matches, match, "confirm")
        return match

    def reject(self, item_id: str) -> Match:
        """Reject the proposed or found match of an item: it counts as not on the portal."""
        store = self.ws.store
        with store.transaction():
            item = self._item(item_id)
            matches = self.matches()
            current = matches.get(item.id)
            if current is None or current.state == "rejected":
                raise WorkspaceError(f"item {item.id} tidak punya kecocokan untuk ditolak")
            match = Match(item.id, current.dataset_id, current.method, current.score,
                          "rejected")
            self._put(matches, match, "reject")
        return match

    def _item(self, item_id: str) -> Item:
        found = next((i for i in self.items() if i.id == item_id.strip()), None)
        if found is None:
            raise WorkspaceError(f"tidak ada item dengan ID {item_id!r} di daftar data")
        return found

    def _put(self, matches: dict[str, Match], match: Match, action: str) -> None:
        matches[match.item_id] = match
        self.ws.store.dd_replace_matches(
            [(m.item_id, m.dataset_id, m.method, m.score, m.state) for m in matches.values()])
        self.ws.store.append_event(self.ws.actor, action, "daftar_data", match.item_id,
                                   asdict(match))

    # -- reports ---------------------------------------------------------------------------

    def write_xlsx(self, target: Path, *, today: date | None = None,
                   opd: str | None = None) -> Path:
        from epss.services.daftar_data.recap import write_xlsx

        recap = self.recap(today)
        write_xlsx(self.ws, recap, target, recap.find_opd(opd) if opd else None)
        return target

    def write_pdf(self, target: Path, *, today: date | None = None,
                  opd: str | None = None) -> Path:
        from epss.services.daftar_data.recap import write_pdf

        recap = self.recap(today)
        write_pdf(self.ws, recap, target, recap.find_opd(opd) if opd else None)
        return target

    def check_attach(self, assessment_id: int, codes: Sequence[str]) -> None:
        """Refuse, before a recap is written, what ``attach`` would refuse anyway."""
        if self.ws.read_only:
            raise WorkspaceError(f"mode baca saja: {self.ws.read_only_reason}; "
                                 "tidak ada yang diubah")
        if not codes:
            raise WorkspaceError("sebutkan minimal satu indikator")
        for code in codes:
            if not self.ws.catalog.has_indicator(code):
                raise WorkspaceError(f"kode indikator {code!r} tidak ada di katalog")
        if self.ws.get_assessment(assessment_id).status == "final":
            raise WorkspaceError("penilaian berstatus final tidak bisa diubah")

    def attach(self, assessment_id: int, pdf: Path, codes: Sequence[str] = ATTACH_TO,
               ) -> list[int]:
        """Attach a written recap as evidence to each indicator, all or none."""
        self.check_attach(assessment_id, codes)
        problems: list[str] = []
        for code in codes:
            problems += self.ws.check_evidence_files([pdf], assessment_id=assessment_id,
                                                     code=code)
        if problems:
            raise WorkspaceError(f"rekap tidak dilampirkan: {problems[0]}")
        ids = []
        with self.ws.store.transaction():  # all indicators or none
            for code in codes:
                attachment, _blob = self.ws.add_evidence(
                    assessment_id, code, pdf, title="Rekap pemenuhan daftar data",
                    note="dibuat oleh epss daftar-data report")
                ids.append(attachment.id)
        return ids


def manifest_section(ws: Workspace, assessment_id: int, agency_id: int
                     ) -> dict[str, Any] | None:
    """The ``daftar_data`` part of an assessment's manifest: for the workspace's own agency
    with a daftar data, the recap of its current list; else the recap a bundle brought (kept
    with its assessment, e.g. an entrant's); None when there is neither (the manifest then
    has no such key, as before daftar data existed)."""
    if agency_id == ws.store.get_setting("agency_id") and ws.store.dd_items():
        recap = DaftarData(ws).recap(date(2000, 1, 1))  # its counts do not depend on the day
        return {"daftar_data": dd.bundle_recap(recap.rows, recap.datasets)}
    stored = ws.store.dd_recap(assessment_id)
    return {"daftar_data": stored} if stored is not None else None


def summary(recap: Recap) -> dict[str, Any]:
    """The plain summary that `status --json` prints and a bundle may carry."""
    def g(group: Group) -> dict[str, Any]:
        return {"name": group.name, "items": group.items, "fulfilled": group.fulfilled,
                "current": group.current, "overdue": group.overdue,
                "metadata": group.metadata, "percent": float(group.percent),
                "percent_display": dd.percent_text(group.percent), "zone": group.zone}

    return {"date": recap.today.isoformat(), "datasets": recap.datasets,
            "uncertain": recap.uncertain, "total": g(recap.total),
            "opd": [g(x) for x in recap.opd], "sectors": [g(x) for x in recap.sectors]}


def _result(total: int, added: list[str], changed: list[str], removed: list[str],
            matches: dict[str, Match]) -> ImportResult:
    return ImportResult(total, added, changed, removed,
                        sum(m.state in ("auto", "confirmed") for m in matches.values()),
                        sum(m.state == "uncertain" for m in matches.values()))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _item_row(item: Item) -> dict[str, Any]:
    row = dict(vars(item))  # asdict deep-copies every field: 5x slower on 10,000 items
    row["item_id"] = row.pop("id")
    return row


def _dataset_row(d: Dataset) -> dict[str, Any]:
    return {"dataset_id": d.id, "title": d.title, "kode_metadata": d.kode_metadata,
            "organisasi": d.organisasi, "modified": d.modified.isoformat() if d.modified else None,
            "url": d.url, "ref": d.ref}


def _dataset(row: dict[str, Any]) -> Dataset:
    modified = date.fromisoformat(row["modified"]) if row["modified"] else None
    return Dataset(row["dataset_id"], row["title"], row["kode_metadata"], row["organisasi"],
                   modified, row["url"], row["ref"])
