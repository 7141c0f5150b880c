"""The PDF worker (reports.worker): WeasyPrint loaded in a forked child while the parent reads.

Each scenario runs in a fresh process (worker_driver.py), since it is about forking. What must
hold: the worker's PDF is byte for byte the one the parent would print; whatever goes wrong in
the child, the parent prints it itself; a worker with threads around does not fork; a child is
always reaped.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DRIVER = Path(__file__).with_name("worker_driver.py")


def scenario(name: str) -> dict:
    done = subprocess.run([sys.executable, str(DRIVER), name], capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_worker_prints_the_same_bytes_and_relays_its_stages():
    result = scenario("same")
    assert result["active"] and result["pdf"] and result["same"]
    # the child had WeasyPrint loaded already: no "memuat mesin PDF" from it
    assert result["stages"] == ["menyusun HTML", "menata halaman", "menulis PDF (2 halaman)"]
    assert result["children_left"] == 0


@pytest.mark.parametrize("name", ["child_fails", "child_dies"])
def test_a_child_that_fails_or_dies_leaves_the_parent_to_print(name):
    result = scenario(name)
    assert result["active"] and result["same"]
    assert result["stages"] == result["local_stages"]  # laid out by the parent itself
    assert "memuat mesin PDF" in result["stages"]
    assert result["children_left"] == 0


def test_with_threads_running_there_is_no_fork_and_the_pdf_is_the_same():
    result = scenario("threads")
    assert not result["active"] and result["same"]


def test_a_worker_whose_job_never_comes_is_reaped_with_its_group():
    assert scenario("no_job") == {"reaped": True, "group_gone": True}


def test_an_error_of_the_progress_callback_is_the_callers_not_a_second_layout():
    result = scenario("say_fails")
    assert result["raised"] == "the progress line could not be written"
    assert result["stages"] == ["menyusun HTML", "menata halaman"]  # no layout in the parent
    assert result["children_left"] == 0


def test_loading_the_worker_and_the_cli_leaves_jinja_and_pydantic_for_later():
    """The worker forks at the start of `epss report`: what is imported before the fork is
    paid before the two processes run side by side, so the CLI and the worker stay light."""
    code = ("import sys, epss.cli, reports.worker; "
            "print(sorted(m for m in ('jinja2', 'pydantic', 'weasyprint', 'sqlite3') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
