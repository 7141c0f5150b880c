"""Dossier speed: a full 38-indicator dossier with 150 attachments and three years of history.

Target (issue 5): under 1.5 s and under 150 MiB peak. Each run happens in a fresh child process
(as `epss report` would), and the figures separate the one-off cost of importing WeasyPrint from
building and laying out the document. Prints figures; asserts nothing.

Target (issue 17): the dossier as a process (PDF/A-3b, manifest embedded, profile pages, story
page) at most 1,2x a plain 20-page WeasyPrint document rendered in a fresh process: both are
timed from outside, start to exit, so Python's start-up and the imports count for both, and run
in turn. `epss report` forks a worker that imports WeasyPrint while the command reads the
workspace (reports/worker.py), as it does for a user.

The project's modules are byte-compiled first (``compileall``, into the git-ignored
``__pycache__``), as an installed package is and as any run after the first finds them: where
PYTHONDONTWRITEBYTECODE is set (as on the CI machines) every child would otherwise compile
``reports``, ``evidence`` and half of ``epss`` from source inside the timed render, about 0.2 s
that no user pays twice.
"""

from __future__ import annotations

import compileall
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ATTACHMENTS = 150

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
import weasyprint  # noqa: F401  (timed separately: a one-off per process)
t1 = time.perf_counter()
from epss.services.dossier import render_report
from epss.services.workspace import Workspace
ws = Workspace.open(Path(sys.argv[1]))
a = ws.assessment(2024)
t2 = time.perf_counter()
out = render_report(ws, a.id, template=sys.argv[2], output=Path(sys.argv[3]))
t3 = time.perf_counter()
from pypdf import PdfReader
pages = len(PdfReader(out).pages)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"import": t1 - t0, "render": t3 - t2, "total": t3 - t0, "pages": pages,
                  "rss": rss}))
"""


# A plain document of 20 full A4 pages: headings, paragraphs and a small table in turn, no
# images, the default PDF (no PDF/A), the same font: what WeasyPrint costs for that much text.
PLAIN = r"""
import sys
import weasyprint
para = ("Penyelenggaraan statistik sektoral dinilai pada tiga puluh delapan indikator dalam lima "
        "domain; setiap indikator memiliki lima tingkat kematangan dengan kriteria dan bukti. ")
rows = "".join(f"<tr><td>{n}</td><td>Baris {n}</td><td>{n * 3}</td></tr>" for n in range(8))
block = ("<h2>Bagian</h2>" + "".join(f"<p>{para * 3}</p>" for _ in range(4))
         + f"<table>{rows}</table>")
html = ("<style>@page { size: A4; margin: 22mm 18mm } body { font: 9pt 'DejaVu Sans' }"
        " td { border-bottom: 0.4pt solid #ccc }</style>" + block * int(sys.argv[2]))
weasyprint.HTML(string=html).write_pdf(sys.argv[1])
"""
PLAIN_BLOCKS = 32  # 20 pages


def build_workspace(root: Path) -> None:
    """The demo (2023 mandiri and badan, 2024 mandiri) plus 2022, topped up to 150 attachments
    on 2024, with a few long explanations, as a busy agency's workspace looks."""
    from epss.demo import MANDIRI_2023, build_demo, minimal_pdf
    from epss.demo.texts import EXPLANATIONS

    ws = build_demo(root)
    y2022 = ws.new_assessment(2022)
    with ws.store.transaction():
        for code, level in MANDIRI_2023.items():
            ws.set_answer(y2022.id, code, level=max(1, level - 1),
                          explanation=EXPLANATIONS[code][max(1, level - 1)])
    current = ws.assessment(2024)
    codes = ws.catalog.codes
    have = len(ws.evidence(current.id))
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(ATTACHMENTS - have):
            code = codes[n % len(codes)]
            if n % 5 == 4:
                ws.link_evidence(current.id, code, f"https://data.contohkota.go.id/dataset/{n}",
                                 title=f"Dataset portal nomor {n}")
                continue
            path = Path(tmp) / f"bukti-{n:03d}.pdf"
            path.write_bytes(minimal_pdf((f"Bukti dukung {n}", f"Indikator {code}",
                                          "Dokumen pendukung penilaian mandiri EPSS.")))
            ws.add_evidence(current.id, code, path,
                            title=f"Dokumen pendukung {n:03d} untuk indikator {code}")
    ws.close()


def run(workspace: Path, template: str, out: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(workspace), template, str(out)],
                          check=True, capture_output=True, text=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_plain(out: Path) -> tuple[float, int]:
    """The plain 20-page document in a fresh process: wall time, pages."""
    from pypdf import PdfReader

    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", PLAIN, str(out), str(PLAIN_BLOCKS)], check=True)
    return time.perf_counter() - start, len(PdfReader(out).pages)


def run_cli(workspace: Path, out: Path) -> tuple[float, int]:
    """`epss report` as a user runs it (PDF/A-3b, manifest embedded): wall time, pages."""
    from pypdf import PdfReader

    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "epss", "-w", str(workspace), "report", "-o",
                    str(out)], check=True, capture_output=True)
    return time.perf_counter() - start, len(PdfReader(out).pages)


def main() -> None:
    root_dir = Path(__file__).resolve().parent.parent
    for package in ("epss", "reports", "evidence"):
        compileall.compile_dir(root_dir / package, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        build_workspace(root)
        for template, runs in (("dossier", 5), ("summary", 3)):
            results = [run(root, template, Path(tmp) / f"{template}.pdf") for _ in range(runs)]
            med = {k: statistics.median(r[k] for r in results) for k in results[0]}
            print(f"{template}: {med['pages']:.0f} pages, {ATTACHMENTS} attachments, 3 years")
            each = ", ".join(f"{r['render']:.2f}" for r in results)
            print(f"  render (context + layout + PDF): {med['render']:.2f} s median (runs: {each})")
            print(f"  import weasyprint:               {med['import']:.2f} s")
            print(f"  whole process after start:       {med['total']:.2f} s")
            print(f"  peak RSS:                        {max(r['rss'] for r in results):.0f} MiB")
        # interleaved, so that the machine's drift (this one's speed wanders by +-20 % over a
        # minute) falls on both alike
        cli, plain = [], []
        for _ in range(7):
            cli.append(run_cli(root, Path(tmp) / "cli.pdf"))
            plain.append(run_plain(Path(tmp) / "plain.pdf"))
        cli_time = statistics.median(t for t, _ in cli)
        plain_time = statistics.median(t for t, _ in plain)
        print(f"`epss report` (dossier) as a process: {cli[0][1]} pages, {cli_time:.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t, _ in cli)})")
        print(f"plain WeasyPrint document as a process: {plain[0][1]} pages, {plain_time:.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t, _ in plain)})")
        print(f"dossier / plain 20 pages: {cli_time / plain_time:.2f}x (target <= 1,2x)")


if __name__ == "__main__":
    main()
