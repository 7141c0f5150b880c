"""OPD coordination: who answers which indicator by when, and how far each OPD has come.

An assignment gives one indicator (or one sampled kegiatan's share of it) to an OPD, with an
optional PIC and due date. An assignment is *done* when the indicator has a level and evidence
(for a kegiatan's share: evidence naming that kegiatan); it is *overdue* when its due date is
before the reference day and it is not done. Each OPD gets the Demak-style zone of its done
share (hijau ≥ 90 %, kuning 50–89 %, merah < 50 %), the same rule and cut percentages as the
daftar data (epss.core.daftar_data), read from the exact fraction.

Pure computation: the service gathers the records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from epss.core.daftar_data import percent_text, zone


@dataclass(frozen=True, slots=True)
class Assignment:
    indicator: str
    kegiatan_id: int | None  # None: the whole indicator
    opd: str
    pic: str
    due: date | None
    updated_by: str = ""
    updated_at: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """One assignment and where it stands."""

    assignment: Assignment
    answered: bool
    evidenced: bool
    overdue: bool
    findings: int

    @property
    def done(self) -> bool:
        return self.answered and self.evidenced


@dataclass(frozen=True, slots=True)
class OpdProgress:
    opd: str
    items: tuple[Item, ...]
    findings: int  # findings on the OPD's indicators (each indicator counted once)

    @property
    def assigned(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return sum(i.answered for i in self.items)

    @property
    def evidenced(self) -> int:
        return sum(i.evidenced for i in self.items)

    @property
    def done(self) -> int:
        return sum(i.done for i in self.items)

    @property
    def overdue(self) -> int:
        return sum(i.overdue for i in self.items)

    @property
    def percent(self) -> Fraction:
        return Fraction(100 * self.done, self.assigned) if self.assigned else Fraction(0)

    @property
    def percent_text(self) -> str:
        return percent_text(self.percent)

    @property
    def zone(self) -> str:
        return zone(self.percent)


def progress(assignments: Iterable[Assignment], levels: Mapping[str, int | None],
             evidence: Iterable[tuple[str, int | None]], findings: Iterable[str],
             today: date) -> list[OpdProgress]:
    """Per OPD (by name, case-insensitively grouped, in name order): its assignments and zone.

    ``levels``: indicator -> saved level; ``evidence``: (indicator, kegiatan_id) of every
    attachment; ``findings``: the indicator code of every finding.
    """
    with_evidence: dict[str, set[int | None]] = {}
    for code, kegiatan_id in evidence:
        with_evidence.setdefault(code, set()).add(kegiatan_id)
    per_code: dict[str, int] = {}
    for code in findings:
        per_code[code] = per_code.get(code, 0) + 1
    groups: dict[str, list[Assignment]] = {}
    names: dict[str, str] = {}
    for a in assignments:
        key = a.opd.casefold()
        names.setdefault(key, a.opd)
        groups.setdefault(key, []).append(a)
    result = []
    for key in sorted(groups, key=lambda k: (names[k].casefold(), names[k])):
        items = tuple(_item(a, levels, with_evidence, per_code, today)
                      for a in sorted(groups[key], key=_order))
        codes = {a.indicator for a in groups[key]}
        result.append(OpdProgress(names[key], items, sum(per_code.get(c, 0) for c in codes)))
    return result


def _order(a: Assignment) -> tuple[str, int]:
    return a.indicator, a.kegiatan_id or 0


def _item(a: Assignment, levels: Mapping[str, int | None],
          with_evidence: Mapping[str, set[int | None]], per_code: Mapping[str, int],
          today: date) -> Item:
    answered = levels.get(a.indicator) is not None
    kinds = with_evidence.get(a.indicator, set())
    evidenced = a.kegiatan_id in kinds if a.kegiatan_id is not None else bool(kinds)
    overdue = a.due is not None and a.due < today and not (answered and evidenced)
    return Item(a, answered, evidenced, overdue, per_code.get(a.indicator, 0))


def opd_codes(assignments: Sequence[Assignment], opd: str) -> list[str]:
    """The indicators an OPD holds (whole or a kegiatan's share), deduplicated, sorted."""
    key = opd.casefold()
    return sorted({a.indicator for a in assignments if a.opd.casefold() == key})
