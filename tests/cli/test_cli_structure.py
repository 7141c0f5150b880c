"""The shape of the CLI package (issue 16): the package only assembles the command tree, the
command modules share code through epss.cli.common and epss.cli.base alone (no import cycle
through the package), nothing of it reaches past the services to the SQL, and a script's
`epss score --json` loads none of the heavy libraries."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import click
import pytest

from epss.cli import main

CLI = Path(__file__).resolve().parents[2] / "epss" / "cli"
MODULES = sorted(p for p in CLI.glob("*.py") if p.name != "__init__.py")
SHARED = {"epss.cli.base", "epss.cli.common"}


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports (``from epss.cli import x`` counts as ``epss.cli.x``
    when x is a submodule, and as ``epss.cli`` otherwise)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                is_module = (CLI / f"{alias.name}.py").exists() and node.module == "epss.cli"
                found.append((node.lineno, sub if is_module else node.module))
    return found


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_a_command_module_imports_only_the_shared_modules_of_the_package(path):
    wrong = [f"{path.name}:{line} imports {name}" for line, name in _imports(path)
             if (name == "epss.cli" or name.startswith("epss.cli."))
             and name not in SHARED | {f"epss.cli.{path.stem}"}]
    assert wrong == []


def test_shared_modules_import_no_command_module():
    commands = {f"epss.cli.{p.stem}" for p in MODULES} - SHARED
    for name in ("base", "common"):
        imported = {n for _, n in _imports(CLI / f"{name}.py")}
        assert imported & (commands | {"epss.cli"}) == set(), name


@pytest.mark.parametrize("path", [*MODULES, CLI / "__init__.py"], ids=lambda p: p.stem)
def test_the_cli_never_touches_the_store_or_sqlite(path):
    wrong = [f"{path.name}:{line} imports {name}" for line, name in _imports(path)
             if name.split(".")[0] in {"sqlite3", "sqlite_utils"}
             or name == "epss.store" or name.startswith("epss.store.")]
    assert wrong == []


def test_the_package_defines_no_command_but_the_root_group():
    tree = ast.parse((CLI / "__init__.py").read_text(encoding="utf-8"))
    decorated = [node.name for node in ast.walk(tree)
                 if isinstance(node, ast.FunctionDef) and node.decorator_list]
    assert decorated == ["main"]


def _tree(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _tree(sub, (*path, name))


def test_every_command_is_in_the_tree_once():
    paths = [" ".join(p) for p, _ in _tree(main)]
    assert len(paths) == len(set(paths))
    assert {"assessment reported", "assessment list", "score", "plan", "compare",
            "evidence add", "export bundle", "import xlsx", "award rank", "report",
            "demo", "doctor", "setting", "catalog", "init", "answer"} <= set(paths)


def test_the_console_script_is_the_root_group():
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "epss"]
    assert script.value == "epss.cli:main"
    assert script.load() is main


@pytest.mark.parametrize("module", ["epss.cli.common", "epss.cli.history", "epss.cli.award",
                                    "epss.cli.assessment", "epss.cli.report"])
def test_each_module_imports_on_its_own(module):
    """A cycle through the package shows as an ImportError when a module comes first."""
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr


HEAVY = ("textual", "weasyprint", "openpyxl", "jinja2", "epss.tui", "epss.cli.__main__")


def test_score_json_loads_no_heavy_library(demo_template):
    """`epss score --json` in a script: start-up must not pay for the UI, PDF or xlsx code."""
    code = (
        "import json, sys\n"
        "from epss.cli import main\n"
        f"try:\n    main(['-w', {str(demo_template)!r}, 'score', '--json'])\n"
        "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}"
        f" or m.startswith({HEAVY!r}))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    out = done.stdout.strip().splitlines()
    assert json.loads("\n".join(out[:-1]))["answered"] == 38
    assert json.loads(out[-1]) == []
