"""What the CLI walk and docs tests share: the command tree and the detectors of English."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click

# click's own words (its boilerplate and the names of its parameter types)
CLICK_ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Arguments:|Show this message|Show the version|\[default:|"
    r"\[required\]|\[OPTIONS\]|COMMAND \[ARGS\]|\b(INTEGER|FLOAT|TEXT|PATH|DIRECTORY|BOOLEAN)\b"
    r"|Error:|Try '|Invalid value|is not|does not|Missing|No such")
# words any English sentence has and an Indonesian one does not
ENGLISH_WORDS = re.compile(r"\b(the|and|with|from|this|when|which|will|of|to|is|are|or|"
                           r"default|required|show|exit)\b", re.IGNORECASE)


def walk(command: click.Command, path: tuple[str, ...] = ()
         ) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command and group under ``command`` with its path of names, in name order."""
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from walk(command.commands[name], (*path, name))


def english(text: str) -> re.Match[str] | None:
    """An English word in prose (option names and `commands` are English by nature)."""
    prose = re.sub(r"`[^`]*`|--?[\w-]+", " ", text)
    # the usage line and a group's list of subcommands ("  show  Tampilkan ...") hold command
    # names, not prose
    prose = re.sub(r"(?m)^Pemakaian: .*$|^  [a-z][\w-]*(?=  )", " ", prose)
    return ENGLISH_WORDS.search(prose)
