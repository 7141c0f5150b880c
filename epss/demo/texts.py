"""Believable penjelasan texts for the fictional Kota Contoh demo workspace.

The texts live in ``texts.toml`` beside this module so that someone who writes Indonesian, not
Python, can edit them; this module only reads them. The demo builder picks the text for an
indicator at the level it assigns.
"""

from __future__ import annotations

import tomllib
from importlib import resources

LEVELS = (1, 2, 3, 4, 5)


def parse_explanations(text: str) -> dict[str, dict[int, str]]:
    """Indicator code -> level -> one-paragraph text.

    The file wraps long texts over several lines for reading; a paragraph is what the demo
    stores, so runs of whitespace (the line breaks among them) become single spaces. A file
    that lacks a level or holds anything but text is refused here, naming the place, rather
    than surfacing later as a KeyError in the middle of building a demo.
    """
    data = tomllib.loads(text)
    explanations: dict[str, dict[int, str]] = {}
    for code, levels in data.items():
        if not isinstance(levels, dict):
            raise ValueError(f"texts.toml: [{code}] must be a table of levels 1-5")
        if sorted(levels) != [str(level) for level in LEVELS]:
            raise ValueError(f"texts.toml: [{code}] must hold exactly the levels 1-5, "
                             f"not {', '.join(sorted(levels))}")
        texts: dict[int, str] = {}
        for level in LEVELS:
            value = levels[str(level)]
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"texts.toml: [{code}] level {level} must be a non-empty text")
            texts[level] = " ".join(value.split())
        explanations[code] = texts
    return explanations


def load_explanations() -> dict[str, dict[int, str]]:
    """The packaged ``texts.toml``, parsed."""
    source = resources.files("epss.demo").joinpath("texts.toml")
    return parse_explanations(source.read_text(encoding="utf-8"))


EXPLANATIONS: dict[str, dict[int, str]] = load_explanations()
