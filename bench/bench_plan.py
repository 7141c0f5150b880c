"""Planner speed: the shortest plan of one-level raises on the full 38-indicator catalog.

Target (issue): from all level 1 to Memuaskan under 50 ms. Also a few other targets, random
starts, and the slower intermediate-rounding modes. Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import statistics
import time

from epss.core.catalog import Catalog, load_catalog
from epss.core.planner import parse_target, plan

RUNS = 51


def median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def with_rounding(catalog: Catalog, **changes: object) -> Catalog:
    rounding = catalog.edition.rounding.model_copy(update=changes)
    edition = catalog.edition.model_copy(update={"rounding": rounding})
    return catalog.model_copy(update={"edition": edition})


def line(label: str, ms: float, detail: str = "") -> None:
    print(f"{label:<52} {ms:7.2f} ms  {detail}")


def main() -> None:
    cat = load_catalog()
    ones = dict.fromkeys(cat.codes, 1)
    twos = dict.fromkeys(cat.codes, 2)
    print(f"median of {RUNS} runs, full catalog ({len(cat.codes)} indicators); target < 50 ms")
    for label, start, text in [
        ("all level 1 -> Memuaskan", ones, "memuaskan"),
        ("all level 1 -> Sangat Baik", ones, "sangat-baik"),
        ("all level 1 -> Baik", ones, "baik"),
        ("all level 2 -> Baik", twos, "baik"),
        ("nothing answered -> 2,95, max 2 levels each", {}, "2,95"),
    ]:
        target = parse_target(text, cat.edition)
        step = 2 if "max 2 levels" in label else None
        result = plan(cat, start, target, max_level_step=step)
        ms = median_ms(lambda t=target, s=start, m=step: plan(cat, s, t, max_level_step=m))
        outcome = f"IPS {result.final_display}" if result.feasible else "infeasible"
        line(label, ms, f"{len(result.steps)} raises, {outcome}")

    rng = random.Random(2024)
    targets = [parse_target(t, cat.edition) for t in ("baik", "sangat-baik", "memuaskan")]
    cases = [
        ({c: rng.choice([None, 1, 2, 3]) for c in cat.codes}, rng.choice(targets))
        for _ in range(300)
    ]
    times = []
    for start, target in cases:
        begin = time.perf_counter()
        plan(cat, start, target)
        times.append((time.perf_counter() - begin) * 1e3)
    line(
        "300 random starts (median; max)",
        statistics.median(times),
        f"max {max(times):.2f} ms",
    )

    for mode in ("aspect", "domain"):
        for decimals in (2, 1):
            grouped = with_rounding(cat, intermediate=mode, decimals=decimals)
            target = parse_target("memuaskan", grouped.edition)
            ms = median_ms(lambda g=grouped, t=target: plan(g, ones, t), runs=11)
            line(f"intermediate={mode}, {decimals} decimals: 1 -> Memuaskan", ms, "(11 runs)")


if __name__ == "__main__":
    main()
