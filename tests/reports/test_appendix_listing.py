"""The appendix's fixed-width hash index (epss.services.dossier.appendix_listing): pure text,
tested as text. The PDF tests check the same lines once printed."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from epss.services.dossier import APPENDIX_COLUMNS, appendix_listing

SHA = "ab" * 32


def item(number: int, *, indicator: str = "10101", sha256: str = "", url: str = "",
         hidden: bool = False) -> dict:
    return {"number": number, "indicator": indicator, "sha256": sha256, "url": url,
            "hidden": hidden, "title": "judul", "kind": "PDF", "size": 10}


def test_a_line_an_item_with_number_indicator_and_full_hash():
    text = appendix_listing([item(7, sha256=SHA), item(12, indicator="20101", sha256=SHA[::-1])],
                            digits=3)
    assert text.splitlines() == [f"  7  10101  {SHA}", f" 12  20101  {SHA[::-1]}"]


def test_titles_are_left_to_the_indicator_sections():
    assert "judul" not in appendix_listing([item(1, sha256=SHA)], digits=1)


def test_hidden_items_say_so_without_hash_or_link():
    text = appendix_listing([item(3, sha256=SHA, url="https://x.test", hidden=True)], digits=1)
    assert text == "3  10101  tidak dicantumkan"


def test_a_long_link_wraps_under_its_own_column():
    url = "https://data.contohkota.go.id/" + "x" * 150
    lines = appendix_listing([item(5, url=url)], digits=2).splitlines()
    assert len(lines) == 3  # 180 characters in columns of 89
    assert lines[0].startswith(" 5  10101  https://")
    indent = len(" 5  10101  ")
    assert lines[1].startswith(" " * indent) and not lines[1][indent].isspace()
    assert "".join(line[indent:] for line in lines) == url
    assert all(len(line) <= APPENDIX_COLUMNS for line in lines)


def test_an_item_without_hash_or_link_is_still_listed():
    assert appendix_listing([item(1)], digits=1) == "1  10101  berkas tanpa isi"


urls = st.text(alphabet=string.ascii_letters + string.digits + "/:.?=&-_%", min_size=1,
               max_size=400).map(lambda rest: "https://" + rest)


@given(st.lists(urls, min_size=1, max_size=8), st.integers(min_value=1, max_value=4))
def test_every_line_fits_and_nothing_is_lost(targets, digits):
    """However long a link, no line passes the column limit, and the wrapped pieces put
    together give the link back exactly."""
    items = [item(n + 1, url=url) for n, url in enumerate(targets)]
    text = appendix_listing(items, digits=digits)
    lines = text.splitlines()
    assert all(len(line) <= APPENDIX_COLUMNS for line in lines)
    indent = digits + 2 + 5 + 2
    rebuilt: list[str] = []
    for line in lines:
        if line[:indent].strip():  # a new item's first line: number and indicator
            rebuilt.append(line[indent:])
        else:
            rebuilt[-1] += line[indent:]
    assert rebuilt == targets
