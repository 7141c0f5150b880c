"""Scoring speed: one assessment, 10,000 random assessments, and `epss score --json` end to end.

Targets (issue 2): one assessment under 1 ms; the whole `epss score --json` process under 0.3 s.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from epss.core.catalog import load_catalog
from epss.core.scoring import score


def per_call(fn, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def process_time(args: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    cat = load_catalog()
    codes = cat.codes
    rng = random.Random(2024)
    full = {c: rng.randint(1, 5) for c in codes}
    half = {c: rng.randint(1, 5) for c in codes[::2]}
    score(cat, full)  # warm the plan cache
    print(f"score, all 38 answered:        {per_call(lambda: score(cat, full), 2000) * 1e3:.3f} ms")
    print(f"score, 19 answered (+ceiling): {per_call(lambda: score(cat, half), 2000) * 1e3:.3f} ms")
    batch = [{c: rng.randint(1, 5) for c in codes} for _ in range(10_000)]
    start = time.perf_counter()
    for answers in batch:
        score(cat, answers)
    elapsed = time.perf_counter() - start
    print(f"10,000 random assessments:     {elapsed:.2f} s ({elapsed / 10_000 * 1e3:.3f} ms each)")

    epss = str(Path(sys.executable).with_name("epss"))
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        subprocess.run([epss, "demo", "--no-tui", str(demo)], check=True,
                       stdout=subprocess.DEVNULL)
        whole = process_time([epss, "-w", str(demo), "score", "--json"])
        answers = Path(tmp) / "a.json"
        answers.write_text("{" + ",".join(f'"{c}": 3' for c in codes) + "}")
        from_file = process_time([epss, "score", "--answers", str(answers), "--json"])
    bare = process_time([sys.executable, "-c", "pass"])
    print(f"`epss score --json` (workspace): {whole:.3f} s  ({whole / bare:.1f}x python -c pass)")
    print(f"`epss score --answers --json`:   {from_file:.3f} s  ({from_file / bare:.1f}x)")
    print(f"`python -c pass`:                {bare:.3f} s")


if __name__ == "__main__":
    main()
