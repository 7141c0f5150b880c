"""The demo's penjelasan texts are data (epss/demo/texts.toml): every indicator has one text per
level, wrapped lines become one paragraph, and a broken file is named, not a KeyError later."""

from __future__ import annotations

import pytest

from epss.demo import MANDIRI_2023, MANDIRI_2024
from epss.demo.texts import EXPLANATIONS, LEVELS, parse_explanations


def test_every_indicator_has_a_text_for_every_level(catalog):
    assert list(EXPLANATIONS) == list(catalog.codes)
    for code, texts in EXPLANATIONS.items():
        assert tuple(texts) == LEVELS, code
        assert len(set(texts.values())) == len(LEVELS), code  # five different texts
    for levels in (MANDIRI_2023, MANDIRI_2024):
        assert all(EXPLANATIONS[code][level] for code, level in levels.items())


def test_texts_are_single_paragraphs_without_stray_spaces():
    for texts in EXPLANATIONS.values():
        for text in texts.values():
            assert text == " ".join(text.split())


def test_wrapped_lines_are_joined_with_single_spaces():
    levels = "\n".join(f"{n} = '''\n Teks  tingkat {n},\nbaris kedua.\n'''" for n in LEVELS)
    parsed = parse_explanations(f"[10101]\n{levels}\n")
    assert parsed == {"10101": {n: f"Teks tingkat {n}, baris kedua." for n in LEVELS}}


@pytest.mark.parametrize(("text", "fragment"), [
    ("[10101]\n1 = 'a'\n2 = 'b'\n3 = 'c'\n4 = 'd'\n", "[10101] must hold exactly the levels 1-5"),
    ("[10101]\n1 = 'a'\n2 = 'b'\n3 = 'c'\n4 = 'd'\n5 = 'e'\n6 = 'f'\n", "not 1, 2, 3, 4, 5, 6"),
    ("[10101]\n1 = 'a'\n2 = 'b'\n3 = 'c'\n4 = 'd'\n5 = 5\n", "[10101] level 5"),
    ("[10101]\n1 = 'a'\n2 = 'b'\n3 = ' '\n4 = 'd'\n5 = 'e'\n", "[10101] level 3"),
    ("10101 = 'teks'\n", "[10101] must be a table"),
])
def test_a_broken_file_is_refused_naming_the_place(text, fragment):
    with pytest.raises(ValueError) as info:
        parse_explanations(text)
    assert fragment in str(info.value)
