"""Evidence vault speed and memory (issue 3). Prints figures; asserts nothing.

Targets: adding a 1 GiB file at most 2.0x the time of hashing it with hashlib alone, with peak
memory under 64 MiB; adding 1,000 small files (<= 100 KiB) under 5 s.
Run: python bench/bench_vault.py [--size-mib 1024]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evidence import Vault

CHILD = """
import resource, sys, time
from evidence import Vault
v = Vault(sys.argv[1], max_bytes=1 << 40)
t = time.perf_counter(); v.put(sys.argv[2]); t = time.perf_counter() - t
print(t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def hash_only(path: Path) -> float:
    digest, buf = hashlib.sha256(), bytearray(1 << 20)
    start = time.perf_counter()
    with path.open("rb", buffering=0) as f:
        while n := f.readinto(buf):
            digest.update(memoryview(buf)[:n])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-vault-") as tmp:
        tmp = Path(tmp)
        big = tmp / "big.zip"
        block = os.urandom(1 << 20)
        with big.open("wb") as f:
            f.write(b"PK\x03\x04")
            for _ in range(args.size_mib):
                f.write(block)
        os.sync()  # flush the test file first: its write-back would slow the first run
        hash_only(big)  # warm the page cache so both sides read from memory
        ratios, puts, hashes, rss = [], [], [], []
        for run in range(args.runs):
            h = hash_only(big)
            vault_dir = tmp / f"vault{run}"
            out = subprocess.run([sys.executable, "-c", CHILD, str(vault_dir), str(big)],
                                 check=True, capture_output=True, text=True).stdout.split()
            put, maxrss_kib = float(out[0]), int(out[1])
            hashes.append(h)
            puts.append(put)
            ratios.append(put / h)
            rss.append(maxrss_kib / 1024)
            subprocess.run(["chmod", "-R", "u+w", str(vault_dir)], check=True)
            shutil.rmtree(vault_dir)
        print(f"{args.size_mib} MiB file: hashlib {statistics.median(hashes):.2f} s, "
              f"vault.put {statistics.median(puts):.2f} s (incl. fsync), "
              f"ratio median {statistics.median(ratios):.2f}x "
              f"(runs: {', '.join(f'{r:.2f}' for r in ratios)}), "
              f"peak RSS of the adding process {max(rss):.0f} MiB")

        small_dir = tmp / "small"
        small_dir.mkdir()
        rng = random.Random(3)
        for i in range(1000):
            size = rng.randint(1, 100 * 1024)
            (small_dir / f"bukti-{i:04d}.txt").write_bytes(b"a" * size + str(i).encode())
        vault = Vault(tmp / "vault-small")
        start = time.perf_counter()
        for path in sorted(small_dir.iterdir()):
            vault.put(path)
        elapsed = time.perf_counter() - start
        print(f"1,000 small files (<= 100 KiB): {elapsed:.2f} s ({elapsed:.2f} ms each)")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"this process peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
