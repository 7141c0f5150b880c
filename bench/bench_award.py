"""Award committee speed at national scale (issue 8). Prints figures; asserts nothing.

Targets: 552 generated entrant bundles (38 provinces + 514 kabupaten/kota, each a complete
mandiri assessment with a penjelasan per indicator and one evidence PDF) entered in under 60 s,
and ranked in under 1 s.

"Entered" is what `epss award enter *.zip` does: every bundle goes through the exchange
importer's full checks (zip structure, strict manifest schema, canonical form, hashes of every
file while streaming it into the vault) and is committed with its entrant record in one
transaction. "Ranked" is `committee.ranking(award)`: reading the entrants, their assessments'
levels and the committee values from the database, scoring 552 IPS exactly and running the
three SATA stages (cut to 10, then 5). The pure ranking alone is printed too.
Run: python bench/bench_award.py [--entrants 552] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from epss.core import award as rules
from epss.demo.committee import ORGANISER, national_entrants, write_entrant_bundles
from epss.services.committee import JuryScore
from epss.services.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entrants", type=int, default=552)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    specs = national_entrants()[:args.entrants]
    with tempfile.TemporaryDirectory(prefix="epss-bench-award-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        bundles = write_entrant_bundles(root / "bundles", specs)
        made = time.perf_counter() - started
        size = sum(p.stat().st_size for p in bundles)
        print(f"generated {len(bundles)} bundles in {made:.1f} s "
              f"({size / len(bundles) / 1024:.1f} KiB each)")

        ws = Workspace.create(root / "committee", actor="bench", **ORGANISER)
        committee = ws.committee
        award = committee.new_award("sata-jatim", 2024)
        started = time.perf_counter()
        for path in bundles:
            committee.enter(award, path)
        entered = time.perf_counter() - started
        print(f"entered {len(bundles)} bundles in {entered:.1f} s "
              f"({entered / len(bundles) * 1000:.0f} ms each)   target < 60 s")

        rng = random.Random(1)
        entrants = committee.entrants(award)
        with ws.store.transaction():  # the committee's values, entered in bulk
            rows = [(e.agency.id, crit, "", f"{rng.uniform(30, 99):.2f}")
                    for e in entrants for crit in ("daftar-data", "integrasi", "sdi")]
            ws.store.put_award_values(award.id, rows, "bench")
        for juror in ("A", "B", "C", "D", "E", "F"):
            committee.set_jury_scores(award, juror, [
                JuryScore(e.key, "presentasi", rules.parse_score(f"{rng.uniform(50, 95):.1f}"))
                for e in committee.jury_entrants(award)])

        timings, pure = [], []
        plain = committee.plain_entrants(award)
        for _ in range(args.runs):
            started = time.perf_counter()
            ranking = committee.ranking(award)
            timings.append(time.perf_counter() - started)
            started = time.perf_counter()
            rules.rank(award.rubric, plain)
            pure.append(time.perf_counter() - started)
        winners = [r.entrant.name for r in ranking.stages[-1].rows if r.advanced]
        print(f"ranked {len(entrants)} entrants: median {statistics.median(timings) * 1000:.0f} "
              f"ms (max {max(timings) * 1000:.0f} ms)   target < 1 s")
        print(f"  of which the pure ranking: median {statistics.median(pure) * 1000:.1f} ms")
        print(f"  finalists {len(ranking.stages[1].ranked[:10])}, winners: {', '.join(winners)}")
        ws.close()


if __name__ == "__main__":
    main()
