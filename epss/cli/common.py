"""What every command module shares: the root group's error mapping, opening the workspace,
the shared options, JSON and progress output, and where a written file goes.

Only ``epss.cli.base`` and click are imported at module level: every command module imports
this one, and ``epss score --json`` in a script must start fast, so the workspace, the catalog
and anything heavier load inside the functions that need them.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from epss.cli.base import Group, fail
from epss.services.defects import unexpected_error_line

if TYPE_CHECKING:
    from epss.core.scoring import Scorecard
    from epss.services.workspace import Workspace

# epss uses no pydantic plugins; skipping their entry-point scan saves ~25 ms of every start.
# Set here because every command module imports this one before anything loads pydantic.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

F = TypeVar("F", bound=Callable[..., Any])


# -- errors ----------------------------------------------------------------------------------

class ErrorMappingGroup(Group):
    """The root group: turns the domain errors of any command into one line on stderr and
    exit code 2, a disk problem into an Indonesian line, and a defect of ours into one line
    plus a crash log."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: usage errors, --help, Ctrl-C (printed by Group.main)
        except Exception as exc:
            if is_user_error(exc):
                fail(str(exc))
            if isinstance(exc, BrokenPipeError):  # `epss score | head`: the reader has enough
                _quiet_exit()
            if isinstance(exc, OSError):  # a disk or permission problem we did not foresee
                from epss.core.errors import os_error_text

                where = f" ({exc.filename})" if exc.filename else ""
                fail(f"{os_error_text(exc)}{where}; tidak ada yang diubah")
            if isinstance(exc, RecursionError):
                fail("masukan bersarang terlalu dalam untuk dibaca")
            if os.environ.get("EPSS_DEBUG"):
                raise
            fail(unexpected_error_line(exc))


def _quiet_exit() -> NoReturn:
    """End as a Unix tool does when its reader closed the pipe: silently. Output still buffered
    for the closed pipe goes to /dev/null so that the flush at exit raises nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)


USER_ERRORS = (("epss.core.errors", "WorkspaceError"), ("epss.core.scoring", "AnswersError"),
               ("epss.core.catalog", "CatalogError"), ("epss.core.planner", "PlanError"),
               ("reports.renderer", "ReportError"), ("epss.core.award", "RubricError"),
               ("epss.core.award", "AwardError"),
               ("epss.services.exchange.worksheet", "WorksheetError"),
               ("epss.services.exchange.schema", "SchemaError"), ("evidence.vault", "VaultError"),
               ("epss.fileio", "OutputError"))


def is_user_error(exc: Exception) -> bool:
    """Checked against loaded modules only: importing them just to test would slow every
    command (an exception of a module never imported cannot be raised)."""
    return any(isinstance(exc, getattr(sys.modules[module], name))
               for module, name in USER_ERRORS if module in sys.modules)


# -- the workspace ---------------------------------------------------------------------------

def open_workspace(ctx: click.Context) -> Workspace:
    """The workspace of ``-w``, ``$EPSS_WORKSPACE`` or the current folder, closed when the
    command ends."""
    from epss.services.workspace import Workspace, default_dir

    ws = Workspace.open(default_dir(ctx.obj.get("workspace")))
    ctx.call_on_close(ws.close)
    return ws


def run_tui(ws: Workspace) -> None:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        fail("antarmuka terminal perlu terminal interaktif; lihat perintah lain di "
             "`epss --help`")
    from epss.tui.app import run

    run(ws)


# -- shared options ------------------------------------------------------------------------

KINDS = ("mandiri", "badan", "target")
KIND_HELP = "Jenis penilaian: mandiri, badan (hasil BPS), atau target."

_YEAR_KIND = [
    click.option("--year", type=int, metavar="TAHUN",
                 help="Tahun penilaian (bawaan: yang terbaru)."),
    click.option("--kind", default="mandiri", show_default=True, type=click.Choice(KINDS),
                 help=KIND_HELP),
]


def year_kind(fn: F) -> F:
    """``--year`` (default the latest) and ``--kind`` (default mandiri)."""
    for option in reversed(_YEAR_KIND):
        fn = option(fn)
    return fn


# -- output ----------------------------------------------------------------------------------

def dumps(data: Any) -> str:
    """JSON for scripts: readable, and Indonesian text left as it is."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def show_progress() -> bool:
    """Progress goes to a terminal only: never into a log file or a CI transcript."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def output_path(output: Path | None, default: Path, suffix: str) -> Path:
    """Where a written file goes (``-o`` file or folder, else ``default``); refuse what would
    surprise a user before anything is computed or written."""
    if output is None:
        return default
    if output.is_dir():
        return output / default.name
    if output.suffix.lower() != suffix:
        fail(f"{output}: nama berkas keluaran harus berakhiran {suffix}")
    if not output.parent.exists():
        fail(f"{output.parent}: folder tidak ada")
    return output


def print_scorecard(card: Scorecard, title: str) -> None:
    """The score as `epss score` and `epss demo --no-tui` print it."""
    click.echo(title)
    mark = " (sementara)" if card.provisional else ""
    click.echo(f"IPS {card.ips_display} — {card.predikat}{mark}")
    click.echo(f"Indikator terisi: {card.answered}/{card.total}")
    if card.provisional:
        click.echo(f"  yang belum terisi dihitung tingkat 1; batas atas bila semua tingkat 5: "
                   f"{card.ceiling_display}")
    for d in card.domains:
        value = card.display(d.index)
        bar = "█" * round(float(d.index) * 4) + "·" * (20 - round(float(d.index) * 4))
        click.echo(f"  {d.code} {d.name:<30} {value}  {bar}")
