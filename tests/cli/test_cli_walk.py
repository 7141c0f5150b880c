"""Every command and subcommand, found by walking the click tree (issue 15).

Its help page is Indonesian with none of click's English words, and every parameter with a typed
value refuses a bad one with exactly one Indonesian line on stderr and exit code 2.
"""

import click
import pytest
from click.testing import CliRunner
from clitree import CLICK_ENGLISH, english, walk

from epss.cli import base as cli_base
from epss.cli import main

COMMANDS = list(walk(main))
IDS = [" ".join(path) or "epss" for path, _ in COMMANDS]


def test_the_walk_finds_every_command():
    names = set(IDS)
    assert {"epss", "score", "assessment new", "assessment final", "assessment draft",
            "assessment delete", "evidence add", "award jury", "import xlsx",
            "export bundle"} <= names
    assert len(COMMANDS) > 40


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_is_indonesian(path, command):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith(f"Pemakaian: {' '.join(('epss', *path))} [OPSI]"), out
    assert "Opsi:" in out and "Tampilkan bantuan ini lalu keluar." in out
    if isinstance(command, click.Group):
        assert "Perintah:" in out and "PERINTAH [ARGUMEN]..." in out
    assert not CLICK_ENGLISH.search(out), CLICK_ENGLISH.search(out)
    assert not english(out), english(out)
    assert "Traceback" not in out


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_takes_the_workspace_option(path, command):
    names = {name for param in command.params for name in param.opts}
    assert {"-w", "--workspace"} <= names


LOCALIZED = (cli_base.Text, cli_base.Int, cli_base.Float, cli_base.Choice, cli_base.Path)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_parameter_type_speaks_indonesian(path, command):
    """A type left as click's own would print click's English metavar and refusals."""
    for param in command.params:
        kind = param.type
        if isinstance(param, click.Option) and param.is_flag:
            continue
        kinds = kind.types if isinstance(kind, click.Tuple) else [kind]
        assert all(isinstance(k, LOCALIZED) for k in kinds), (param.name, kind)


# -- a bad value for every typed parameter ------------------------------------------------------

def _bad_values(kind, tmp):
    """Values the type must refuse (``tmp`` holds a file ``berkas.txt`` and a folder ``map``)."""
    if isinstance(kind, cli_base.Int):
        return ["abc", "2.5"]
    if isinstance(kind, cli_base.Float):
        return ["abc"]
    if isinstance(kind, cli_base.Choice):
        return ["bukan-pilihan"]
    if isinstance(kind, cli_base.Path):
        bad = []
        if kind.exists:
            bad.append(f"{tmp}/tidak-ada")
        if not kind.file_okay:
            bad.append(f"{tmp}/berkas.txt")
        if not kind.dir_okay:
            bad.append(f"{tmp}/map")
        return bad
    return []


def _cases():
    for path, command in COMMANDS:
        arguments = [p for p in command.params if isinstance(p, click.Argument)]
        for param in command.params:
            if isinstance(param, click.Option) and param.is_flag:
                continue
            for bad in _bad_values(param.type, "{tmp}"):
                if isinstance(param, click.Option):
                    args = [param.opts[0], *[bad] * param.nargs]
                else:  # arguments before this one get a harmless value
                    before = arguments[:arguments.index(param)]
                    args = [*["x"] * len(before), bad]
                yield pytest.param(path, args, id=f"{' '.join(path) or 'epss'} "
                                                  f"{param.name}={bad.replace('{tmp}/', '')}")


CASES = list(_cases())


def test_there_are_typed_parameters_to_try():
    assert len(CASES) > 40


@pytest.mark.parametrize(("path", "args"), CASES)
def test_a_bad_value_is_one_indonesian_line(tmp_path, monkeypatch, path, args):
    (tmp_path / "berkas.txt").write_text("isi\n")
    (tmp_path / "map").mkdir()
    monkeypatch.setenv("EPSS_WORKSPACE", str(tmp_path / "tidak-dipakai"))
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(main, [*path, *args])
    assert result.exit_code == 2, (result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("epss: error: "), lines
    assert f"(coba `{' '.join(('epss', *path))} --help`)" in lines[0], lines
    assert not CLICK_ENGLISH.search(lines[0]), lines
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not (tmp_path / "tidak-dipakai").exists()
