"""The command line: the ``epss`` group, assembled from the command modules.

Each module holds the commands of one topic and imports only ``epss.cli.base`` (the Indonesian
click classes) and ``epss.cli.common`` (what the commands share); this file only builds the
tree. Heavy modules (pydantic models, sqlite, textual, WeasyPrint, openpyxl) are imported
inside the commands so that ``epss score --json`` in a script starts fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from epss.cli import (
    assessment,
    award,
    benchmarks,
    coordination,
    daftar_data,
    deck,
    evidence,
    exchange,
    history,
    profile,
    report,
    rounds,
    sampling,
    workspace,
)
from epss.cli.base import VERSION_TEXT, WORKSPACE_HELP
from epss.cli.common import ErrorMappingGroup, open_workspace, run_tui


@click.group("epss", cls=ErrorMappingGroup, invoke_without_command=True)
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path),
              metavar="FOLDER", help=WORKSPACE_HELP)
@click.version_option(package_name="epss", message="%(prog)s versi %(version)s",
                      help=VERSION_TEXT)
@click.pass_context
def main(ctx: click.Context, workspace: Path | None) -> None:
    """epss: penilaian mandiri EPSS dan berkas Satu Data Award.

    Tanpa perintah, membuka antarmuka terminal pada workspace.
    """
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace
    if ctx.invoked_subcommand is None:
        run_tui(open_workspace(ctx))


assessment.assessment_group.add_command(history.assessment_reported)
evidence.evidence_group.add_command(sampling.evidence_mark)

for command in (
    workspace.demo, workspace.init, workspace.catalog, workspace.setting, workspace.doctor,
    assessment.assessment_group, assessment.answer, assessment.score,
    evidence.evidence_group, sampling.kegiatan_group, sampling.periksa, sampling.aturan_group,
    report.report,
    deck.deck,
    history.compare, history.plan, benchmarks.acuan_group,
    exchange.export_group, exchange.import_group,
    award.award_group,
    profile.profile_group,
    daftar_data.daftar_data_group,
    coordination.assign, coordination.progress, coordination.proposals_group,
    rounds.round_group, rounds.perbaikan,
):
    main.add_command(command)
del command

__all__ = ["main"]
