"""The demo workspace: a fictional "Kota Contoh" with a believable history to explore.

Levels are chosen so that the 2024 self-assessment scores exactly 2,52 (Cukup), the figure Kota
Blitar reported for 2024, and the 2023 BPS result sits below the 2023 self-assessment, as it
usually does; every answer carries a penjelasan written for its level.
"""

from __future__ import annotations

import os
from pathlib import Path

from epss.demo_text import EXPLANATIONS
from epss.workspace import Workspace

AGENCY = {"name": "Pemerintah Kota Contoh", "kind": "kota", "code": "9971"}

MANDIRI_2024: dict[str, int] = {
    "10101": 3, "10201": 3, "10301": 3, "10401": 3,
    "20101": 3, "20102": 2, "20201": 2, "20301": 3, "20302": 2, "20401": 3, "20402": 2,
    "20403": 2, "20501": 2, "20502": 2,
    "30101": 3, "30102": 2, "30103": 2, "30201": 3, "30301": 2, "30302": 2, "30401": 3,
    "40101": 3, "40102": 2, "40103": 2, "40104": 2, "40201": 2, "40202": 3, "40301": 3,
    "40302": 3, "40303": 2, "40304": 3,
    "50101": 1, "50102": 2, "50103": 2, "50201": 2, "50301": 2, "50302": 1, "50303": 2,
}

# 2023: one level lower where the city improved during 2024.
_IMPROVED_IN_2024 = ("10301", "10401", "20101", "30101", "30401", "40101", "40202", "40301",
                     "40302", "40304", "20301")
MANDIRI_2023: dict[str, int] = {
    code: level - 1 if code in _IMPROVED_IN_2024 else level
    for code, level in MANDIRI_2024.items()
}

# The BPS verification of 2023 did not accept every claimed level.
_NOT_VERIFIED_2023 = ("10101", "10201", "20201", "30201", "40202", "20401", "50102", "50201")
BADAN_2023: dict[str, int] = {
    code: max(1, level - 1) if code in _NOT_VERIFIED_2023 else level
    for code, level in MANDIRI_2023.items()
}


def build_demo(root: str | os.PathLike) -> Workspace:
    """Create the demo workspace in ``root`` (which must not hold a workspace yet)."""
    ws = Workspace.create(Path(root), actor="Tim Penilai Internal", **AGENCY)
    for year, kind, levels in (
        (2023, "mandiri", MANDIRI_2023),
        (2023, "badan", BADAN_2023),
        (2024, "mandiri", MANDIRI_2024),
    ):
        assessment = ws.new_assessment(year, kind)
        with ws.store.transaction():
            for code, level in levels.items():
                explanation = EXPLANATIONS[code][level] if kind == "mandiri" else ""
                ws.set_answer(assessment.id, code, level=level, explanation=explanation)
        if kind != "mandiri" or year < 2024:
            ws.set_status(assessment.id, "final")
    return ws
