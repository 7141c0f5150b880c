"""Indonesian numbers and dates for printed documents (reports.formatting)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reports.formatting import FILTERS, file_size, long_date, number, short_hash


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.52, 2, "2,52"),
        (2.525, 2, "2,53"),  # half-up, as the scores are (babel alone gives 2,52)
        (2.535, 2, "2,54"),
        (0.125, 2, "0,13"),
        (1.005, 2, "1,01"),  # str(1.005) == "1.005": no binary-float surprise
        (3, 2, "3,00"),
        (Decimal("1.78"), 2, "1,78"),
        (2.5199999, 2, "2,52"),
        (1234.5, 1, "1.234,5"),
        (1234, 0, "1.234"),
        (1234567.891, 2, "1.234.567,89"),
        (5, 0, "5"),
        (0, 2, "0,00"),
        ("2.5", 1, "2,5"),
    ],
)
def test_number_is_indonesian_and_half_up(value, decimals, expected):
    assert number(value, decimals) == expected


def test_number_defaults_to_two_decimals():
    assert number(2.5) == "2,50"


@pytest.mark.parametrize("empty", [None, ""])
def test_number_of_nothing_is_a_dash(empty):
    assert number(empty) == "–"


def test_number_leaves_text_that_is_not_a_number_alone():
    assert number("n/a") == "n/a"


@pytest.mark.parametrize(
    "value",
    [dt.date(2026, 11, 22), dt.datetime(2026, 11, 22, 10, 0), "2026-11-22",
     "2026-11-22T10:00:00+00:00", "2026-11-22T10:00:00Z", "2026-11-22T10:47:21.698381+00:00"],
)
def test_long_date_in_indonesian(value):
    assert long_date(value) == "22 November 2026"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(dt.date(2024, 1, 5), "5 Januari 2024"), (dt.date(2023, 8, 17), "17 Agustus 2023"),
     (dt.date(2025, 2, 28), "28 Februari 2025")],
)
def test_long_date_month_names(value, expected):
    assert long_date(value) == expected


def test_long_date_of_nothing_and_of_text():
    assert long_date(None) == "–"
    assert long_date("") == "–"
    assert long_date("bukan tanggal") == "bukan tanggal"


@pytest.mark.parametrize(
    ("size", "expected"),
    [(0, "0 B"), (841, "841 B"), (1023, "1023 B"), (1024, "1,0 KB"), (1536, "1,5 KB"),
     (12_800, "12,5 KB"), (1024 * 1024, "1,0 MB"), (int(3.2 * 1024 * 1024), "3,2 MB"),
     (5 * 1024**3, "5,0 GB"), (2048 * 1024**3, "2,0 TB")],
)
def test_file_size(size, expected):
    assert file_size(size) == expected


def test_file_size_of_nothing_is_a_dash():
    assert file_size(None) == "–"


def test_file_size_just_below_a_unit_rolls_over():
    assert file_size(1024 * 1024 - 1) == "1,0 MB"


def test_short_hash():
    sha = "8e98b79289f4cf7acab6068e7206119276d6123368a6050c9027c3514109ebe3"
    assert short_hash(sha) == "8e98b79289f4"
    assert short_hash(sha, 16) == sha[:16]
    assert short_hash(None) == ""


def test_filters_are_the_ones_templates_use():
    assert set(FILTERS) >= {"number", "long_date", "file_size", "short_hash"}
    assert FILTERS["number"](2.525) == "2,53"
