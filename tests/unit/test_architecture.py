"""Design rules that import-linter cannot state: no private name crosses a module boundary.

The layer, leaf, purity and cycle rules are import-linter contracts in pyproject.toml
(`lint-imports`, run by CI); this test adds the one rule about names rather than modules. A
name with a leading underscore is its module's own business: whoever needs it from elsewhere
needs it public, with a docstring saying what it promises.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("epss", "evidence", "reports")


def _sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def private_imports(path: Path, root: Path = ROOT) -> list[str]:
    """Every `from M import _x` (and `import M._x`) in ``path``, as readable lines."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{path.relative_to(root)}:{node.lineno} imports "
                                 f"{alias.name} from {node.module or '.'}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if any(p.startswith("_") and not p.startswith("__")
                       for p in alias.name.split(".")):
                    found.append(f"{path.relative_to(root)}:{node.lineno} imports {alias.name}")
    return found


def test_no_private_name_is_imported_across_modules():
    problems = [line for path in _sources() for line in private_imports(path)]
    assert problems == []


@pytest.mark.parametrize("source, expected", [
    ("from epss.core.scoring import _round", 1),
    ("from epss.core.scoring import round_index as _r", 0),  # a private alias is fine
    ("import epss._internal", 1),
    ("from epss.core import __version__", 0),
])
def test_the_check_sees_what_it_should(tmp_path, source, expected):
    path = tmp_path / "m.py"
    path.write_text(source + "\n")
    assert len(private_imports(path, tmp_path)) == expected
