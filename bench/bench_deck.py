"""Deck speed (issue 17): `epss deck` for the Kota Contoh demo with a filled-in profile (logo,
profile text, highlights), as the .pptx and as the 16:9 PDF, each as a whole process (start to
exit, as a user runs it). Target: the two together at most 2 s. Prints figures; asserts nothing.

The project's modules are byte-compiled first (as an installed package is; see
bench_report.py for why).
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
ROOT = Path(__file__).resolve().parents[1]

SETUP = r"""
import io, sys
from pathlib import Path
from PIL import Image
from epss.demo import build_demo
from epss.services.profile import Profile, Signer, save_profile, set_logo
root = Path(sys.argv[1])
ws = build_demo(root)
logo = root.parent / "logo.png"
Image.new("RGB", (400, 480), (18, 53, 91)).save(logo)
save_profile(ws, Profile(
    unit="Dinas Komunikasi dan Informatika (Walidata)", award="Satu Data Award Jawa Timur 2024",
    about=("Kota Contoh adalah kota jasa dan perdagangan. " * 40).strip(),
    highlights=("Kelurahan Cantik di 21 kelurahan", "Integrasi portal dengan Open Data Jatim",
                "Kode referensi wilayah di semua OPD"),
    contact="Rina, 0812-0000-0000", signer=Signer("Budi Santoso", "", "Kepala Dinas Kominfo")))
set_logo(ws, logo)
ws.close()
"""


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    for package in ("epss", "reports", "evidence"):
        compileall.compile_dir(ROOT / package, quiet=1)
    epss = str(Path(sys.executable).with_name("epss"))
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        subprocess.run([sys.executable, "-c", SETUP, str(ws)], check=True)
        pptx, pdf = Path(tmp) / "deck.pptx", Path(tmp) / "deck.pdf"
        timed([epss, "-w", str(ws), "deck", "-o", str(pptx)])  # warm the disk cache
        times = {"pptx": [], "pdf": []}
        for _ in range(RUNS):
            times["pptx"].append(timed([epss, "-w", str(ws), "deck", "-o", str(pptx)]))
            times["pdf"].append(timed([epss, "-w", str(ws), "deck", "-o", str(pdf)]))
        for kind, values in times.items():
            print(f"deck {kind:4}: median {statistics.median(values):.2f} s, "
                  f"min {min(values):.2f} s ({RUNS} runs, whole process)")
        both = statistics.median(a + b for a, b in zip(times["pptx"], times["pdf"], strict=True))
        print(f"deck pptx + pdf: median {both:.2f} s (target <= 2 s); "
              f"{pptx.stat().st_size // 1024} KiB + {pdf.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
