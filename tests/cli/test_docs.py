"""Every command and option is documented (issue 16): README.md names each command (the
"Using it" table, a code block or a `backticked` mention in a section) with each of its options
by their long name, and the command and every option have Indonesian help text.

A README mention is a `epss ...` span or code line; the spans after it on the same line joined
by " · " are sibling subcommands (`epss evidence list [--json]` · `remove ID`).
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from clitree import english, walk

from epss.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"
COMMANDS = list(walk(main))
IDS = [" ".join(path) or "epss" for path, _ in COMMANDS]
KNOWN = {path for path, _ in COMMANDS}
GLOBAL = {"--help", "--workspace"}  # every command takes them; the README says so once


def _resolve(words: list[str], parent: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The longest known command path the words start with (below ``parent``)."""
    path = parent
    for word in words:
        if (*path, word) not in KNOWN:
            break
        path = (*path, word)
    return path if path != parent or not parent else None


def mentions(text: str) -> dict[tuple[str, ...], list[str]]:
    """Command path -> the README text that shows it (each span or code line)."""
    found: dict[tuple[str, ...], list[str]] = {}
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            shown = line.split("  #")[0].strip()
            if shown.startswith("epss"):
                path = _resolve(shown.split()[1:])
                if path is not None:
                    found.setdefault(path, []).append(shown)
            continue
        parent: tuple[str, ...] | None = None
        end = 0
        for span in re.finditer(r"`([^`]+)`", line):
            shown = span.group(1).replace("\\|", "|")
            words = shown.split()
            if words and words[0] == "epss":
                path = _resolve(words[1:])
            elif parent is not None and line[end:span.start()].strip() == "·":
                path = _resolve(words, parent)
            else:
                path = None
            end = span.end()
            if path is None:
                parent = None
                continue
            found.setdefault(path, []).append(shown)
            parent = path[:-1]
    return found


MENTIONS = mentions(README.read_text(encoding="utf-8"))


def _options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option)]


def _long_names(option: click.Option) -> list[str]:
    names = [n for n in (*option.opts, *option.secondary_opts) if n.startswith("--")]
    return names or list(option.opts)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_is_in_the_readme(path, command):
    shown = [p for p in MENTIONS if p[:len(path)] == path]
    assert shown, f"`epss {' '.join(path)}` is not in README.md"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_option_is_in_the_readme_with_its_command(path, command):
    text = " ".join(MENTIONS.get(path, []))
    missing = [name for option in _options(command) for name in _long_names(option)[:1]
               if name not in GLOBAL
               and not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
    assert missing == [], f"epss {' '.join(path)}: {missing} not in README.md"


def test_the_global_options_are_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for name in GLOBAL:
        assert re.search(rf"`[^`]*{name}[^`]*`", text), name


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_and_option_has_indonesian_help(path, command):
    texts = {"": command.help or ""}
    texts |= {"/".join(o.opts): o.help or "" for o in _options(command)}
    empty = [name or "(perintah)" for name, help_text in texts.items() if not help_text.strip()]
    assert empty == [], f"epss {' '.join(path)}: no help for {empty}"
    english_ones = {name: english(t).group(0) for name, t in texts.items() if english(t)}
    assert english_ones == {}


# -- the checks themselves ----------------------------------------------------------------------

def test_mentions_read_the_table_the_siblings_and_the_code_blocks():
    text = (
        "| `epss assessment final [--year Y]` · `draft [--kind K]` | x |\n"
        "| `epss score --answers FILE.json [--json]` | `--json` prints `epss` |\n"
        "Then `epss evidence verify` / `epss doctor`, and `draft` is just a word.\n"
        "```sh\n"
        "epss award rank [--stage 2]   # ranked --not-an-option\n"
        "```\n"
    )
    found = mentions(text)
    assert found[("assessment", "final")] == ["epss assessment final [--year Y]"]
    assert found[("assessment", "draft")] == ["draft [--kind K]"]
    assert found[("score",)] == ["epss score --answers FILE.json [--json]"]
    assert found[("award", "rank")] == ["epss award rank [--stage 2]"]
    assert ("evidence", "verify") in found and ("doctor",) in found
    assert () in found  # `epss` alone is the root
    assert len(found[("assessment", "draft")]) == 1  # the bare word is no mention


def test_english_help_is_caught():
    assert english("Show the scores of this assessment.")
    assert not english("Tampilkan skor penilaian ini (`epss score --json`).")
