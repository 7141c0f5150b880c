"""Named reference lines for the IPS trend (acuan): a BPS target for kab/kota, a bureaucratic-
reform target, the agency's own RPJMD target. Offices measure their IPS against several such
figures at once; each is the user's, with where it comes from, never a number epss invents.

Kept as one canonical JSON setting of the workspace; every change is one logged transaction.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from epss.core.errors import WorkspaceError
from epss.core.model import clean_text

if TYPE_CHECKING:
    from epss.services.workspace import Workspace

KEY = "benchmarks"
MAX_NAME, MAX_SOURCE, MAX_COUNT = 60, 300, 12


@dataclass(frozen=True, slots=True)
class Benchmark:
    name: str
    value: Decimal  # an IPS, 1.00-5.00, two decimals
    source: str = ""


def parse_value(text: str) -> Decimal:
    """An IPS as people write it: "2,60" or "2.60"."""
    cleaned = str(text).strip().replace(",", ".")
    try:
        if not re.fullmatch(r"[+-]?\d+(\.\d*)?|[+-]?\.\d+", cleaned):
            raise InvalidOperation  # "1e0", "NaN", "Infinity": not how an IPS is written
        value = Decimal(cleaned)
    except InvalidOperation:
        raise WorkspaceError(f"nilai acuan {text!r} bukan angka; tulis mis. 2,60") from None
    if not value.is_finite() or not Decimal(1) <= value <= Decimal(5):
        raise WorkspaceError(f"nilai acuan {text} di luar rentang IPS 1,00-5,00")
    if value != value.quantize(Decimal("0.01")):
        raise WorkspaceError(f"nilai acuan {text}: paling banyak dua desimal")
    return value.quantize(Decimal("0.01"))


def load(ws: Workspace) -> list[Benchmark]:
    raw = ws.store.get_setting(KEY, "[]")
    try:
        rows = json.loads(raw) if isinstance(raw, str) else []
        return [Benchmark(str(r["name"]), Decimal(str(r["value"])), str(r.get("source", "")))
                for r in rows]
    except (ValueError, KeyError, TypeError, InvalidOperation):
        return []


def _save(ws: Workspace, items: list[Benchmark], action: str, detail: dict[str, str]) -> None:
    rows = [{**asdict(b), "value": str(b.value)} for b in items]
    ws.store.set_setting(KEY, json.dumps(rows, ensure_ascii=False, sort_keys=True))
    ws.store.append_event(ws.actor, action, "workspace", KEY, detail)


def add(ws: Workspace, name: str, value: str, source: str = "") -> Benchmark:
    """Add or replace (same name, any case) a reference line."""
    name = " ".join(clean_text(name).split())
    source = " ".join(clean_text(source).split())
    if not name:
        raise WorkspaceError("nama acuan tidak boleh kosong")
    if len(name) > MAX_NAME or len(source) > MAX_SOURCE:
        raise WorkspaceError(f"nama acuan paling panjang {MAX_NAME} karakter, sumbernya "
                             f"{MAX_SOURCE}")
    benchmark = Benchmark(name, parse_value(value), source)
    ws.require_workspace_writable()
    with ws.store.transaction():
        before = load(ws)
        if benchmark in before:  # the same line again: nothing changes, nothing is logged
            return benchmark
        items = [b for b in before if b.name.casefold() != name.casefold()]
        if len(items) >= MAX_COUNT:
            raise WorkspaceError(f"paling banyak {MAX_COUNT} acuan; hapus satu dulu")
        items.append(benchmark)
        items.sort(key=lambda b: (b.value, b.name))
        _save(ws, items, "benchmark", {"name": name, "value": str(benchmark.value),
                                       "source": source})
    return benchmark


def remove(ws: Workspace, name: str) -> Benchmark:
    name = " ".join(clean_text(name).split())  # as `add` kept it
    items = load(ws)
    found = next((b for b in items if b.name.casefold() == name.casefold()), None)
    if found is None:
        names = ", ".join(b.name for b in items) or "belum ada"
        raise WorkspaceError(f"acuan {name!r} tidak ada; ada: {names}")
    ws.require_workspace_writable()
    with ws.store.transaction():
        _save(ws, [b for b in items if b is not found], "benchmark-remove",
              {"name": found.name, "value": str(found.value)})
    return found


def describe(items: list[Benchmark], shown_ips: str | None = None) -> str:
    """"Acuan: Nasional 2,25 (tercapai); RB 2,35 (kurang 0,10)" beside a trend; ``shown_ips``
    is the IPS as displayed (two decimals, comma), compared with each line as the user reads
    it. Empty when there is no reference line."""
    if not items:
        return ""
    try:
        ips = Decimal(shown_ips.replace(",", ".")) if shown_ips else None
    except InvalidOperation:
        ips = None

    def one(b: Benchmark) -> str:
        text = f"{b.name} {str(b.value).replace('.', ',')}"
        if ips is None:
            return text
        gap = b.value - ips
        return text + (" (tercapai)" if gap <= 0 else
                       f" (kurang {str(gap.quantize(Decimal('0.01'))).replace('.', ',')})")

    return "Acuan: " + "; ".join(one(b) for b in items)
