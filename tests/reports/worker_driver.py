"""Runs one PdfWorker scenario in a fresh process and prints what happened as JSON.

A fresh process because the scenarios are about forking: the test process may hold threads (a
worker then rightly refuses to fork) and must not have its modules patched for the child.
Usage: ``python worker_driver.py SCENARIO``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
from pathlib import Path

import reports.pdf
from reports.pdf import Archive, EmbeddedFile
from reports.renderer import render
from reports.worker import PdfWorker

TEMPLATES = Path(__file__).parent / "worker_templates"
ARCHIVE = Archive(created=dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.UTC),
                  files=[EmbeddedFile("manifest.json", b'{"ips": "2,52"}', "manifes")])
CONTEXT = {"title": "Uji pekerja PDF", "rows": [f"Baris {n}" for n in range(60)]}
PARENT = os.getpid()


def in_child_only(action):
    """Replace ``reports.pdf.print_pdf`` by ``action`` in the forked child; the parent keeps
    the real one for its fallback."""
    real = reports.pdf.print_pdf

    def patched(*args, **kwargs):
        if os.getpid() != PARENT:
            return action(*args, **kwargs)
        return real(*args, **kwargs)

    reports.pdf.print_pdf = patched


def fail(*_args, **_kwargs):
    raise RuntimeError("the child could not lay it out")


def die(*_args, **_kwargs):
    os._exit(3)


def main(scenario: str) -> None:
    result: dict = {}
    if scenario == "child_fails":
        in_child_only(fail)
    elif scenario == "child_dies":
        in_child_only(die)
    elif scenario == "threads":
        stop = threading.Event()
        threading.Thread(target=stop.wait, daemon=True).start()
    if scenario == "no_job":
        with PdfWorker.start() as worker:
            pid = worker._pid
        try:
            os.waitpid(pid, os.WNOHANG)
            result["reaped"] = False
        except ChildProcessError:
            result["reaped"] = True
        try:  # the child led a process group of its own: nothing of it is left
            os.killpg(pid, 0)
            result["group_gone"] = False
        except ProcessLookupError:
            result["group_gone"] = True
        print(json.dumps(result))
        return
    if scenario == "say_fails":
        stages: list[str] = []

        def say(stage: str) -> None:
            stages.append(stage)
            if stage == "menata halaman":
                raise ValueError("the progress line could not be written")

        with PdfWorker.start() as worker:
            try:
                render("page.html.j2", CONTEXT, templates=TEMPLATES, archive=ARCHIVE,
                       progress=say, worker=worker)
            except ValueError as exc:
                result["raised"] = str(exc)
        result.update(stages=stages, children_left=_children())
        print(json.dumps(result))
        return
    stages: list[str] = []
    with PdfWorker.start() as worker:
        result["active"] = worker.active
        from_worker = render("page.html.j2", CONTEXT, templates=TEMPLATES, archive=ARCHIVE,
                             progress=stages.append, worker=worker)
    local_stages: list[str] = []
    local = render("page.html.j2", CONTEXT, templates=TEMPLATES, archive=ARCHIVE,
                   progress=local_stages.append)
    result.update(same=from_worker == local, pdf=from_worker.startswith(b"%PDF-"),
                  stages=stages, local_stages=local_stages,
                  children_left=_children())
    print(json.dumps(result))


def _children() -> int:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return 0
    return 1


if __name__ == "__main__":
    main(sys.argv[1])
