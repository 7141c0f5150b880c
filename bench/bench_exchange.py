"""Exchange bundle speed (issue 7). Prints figures; asserts nothing.

Target: export and import of a bundle with 150 attachments totalling 200 MiB at 100 MiB/s or
more each way. Export re-hashes every file on its way out and fsyncs the zip; import streams
every entry into the vault's temporary area while hashing it, fsyncs each file, and only then
commits them and the records in one transaction.
Run: python bench/bench_exchange.py [--total-mib 200] [--files 150] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from epss.services.workspace import Workspace

AGENCY = {"name": "Pemerintah Kota Bench", "kind": "kota", "code": "9971"}


def _sizes(total: int, count: int, rng: random.Random) -> list[int]:
    """Evidence as it comes: many scans of a few hundred KiB, some large reports."""
    weights = [rng.paretovariate(1.2) for _ in range(count)]
    scale = total / sum(weights)
    sizes = [max(4096, int(w * scale)) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def build_source(root: Path, total_mib: int, count: int) -> tuple[Workspace, int]:
    ws = Workspace.create(root, **AGENCY, actor="bench")
    a = ws.new_assessment(2024)
    rng = random.Random(7)
    codes = ws.catalog.codes
    files = root.parent / "files"
    files.mkdir()
    for n, size in enumerate(_sizes(total_mib * 1024 * 1024, count, rng)):
        path = files / f"bukti-{n:03d}.pdf"
        with path.open("wb") as f:
            f.write(b"%PDF-1.7\n")
            f.write(os.urandom(size - 9))
        ws.add_evidence(a.id, codes[n % len(codes)], path, title=f"Bukti {n}")
    for code in codes:
        ws.set_answer(a.id, code, level=rng.randint(1, 5), explanation="Penjelasan " * 40)
    shutil.rmtree(files)
    return ws, a.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total-mib", type=int, default=200)
    parser.add_argument("--files", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-exchange-") as tmp:
        tmp = Path(tmp)
        ws, aid = build_source(tmp / "source", args.total_mib, args.files)
        total = sum(f["size"] for f in ws.manifest(aid)["files"].values()) / 2**20
        os.sync()
        exports, imports = [], []
        for run in range(args.runs):
            target = tmp / f"bundle-{run}.zip"
            start = time.perf_counter()
            result = ws.export_bundle(aid, target)
            exports.append(time.perf_counter() - start)
            dest = Workspace.create(tmp / f"dest-{run}", **AGENCY, actor="bench")
            start = time.perf_counter()
            imported = dest.import_bundle(target)
            imports.append(time.perf_counter() - start)
            assert imported.status == "imported" and imported.files == result.files
            dest.close()
            shutil.rmtree(tmp / f"dest-{run}")
            target.unlink()
            os.sync()
        ws.close()
    print(f"bundle: {args.files} attachments, {total:.1f} MiB of evidence, {args.runs} runs")
    for label, times in (("export", exports), ("import", imports)):
        med = statistics.median(times)
        print(f"  {label}: median {med:.2f} s = {total / med:.0f} MiB/s "
              f"(best {total / min(times):.0f}, worst {total / max(times):.0f} MiB/s;"
              " target >= 100 MiB/s)")


if __name__ == "__main__":
    main()
