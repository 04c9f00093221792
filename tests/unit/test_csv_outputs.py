"""Every CSV the project writes keeps names exactly and names the cells a spreadsheet would run as
formulas (pipelines.csvfile); the forecast export's side is in tests/sync/test_forecast_export_names.py."""

from __future__ import annotations

import csv
import logging
from datetime import date

import pytest

from pipelines.csvfile import formula_like, write_csv


@pytest.mark.parametrize(
    "value, runs",
    [
        ("=1+1", True),
        ("+Sales", True),
        ("-Sales", True),
        ("@SUM(A1)", True),
        ("\tTab", True),
        ("\rReturn", True),
        ("-12.5", False),  # a number is data
        ("+3", False),
        ("Sales = Voice", False),
        ("", False),
        (12, False),
    ],
)
def test_formula_like(value, runs):
    assert formula_like(value) is runs


def test_write_csv_keeps_every_value_and_returns_the_formula_like_cells_with_their_lines(tmp_path, caplog):
    rows = [["=Sales", "1"], ["=Sales", "-2"], ["Voice", "3"], ["=Sales", "4"], ["@Chat", "5"]]
    with caplog.at_level(logging.WARNING, logger="pipelines.csvfile"):
        cells = write_csv(tmp_path / "x.csv", ("group", "n"), rows)
    with open(tmp_path / "x.csv", newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["group", "n"], *rows]
    assert cells == [
        {"column": "group", "value": "=Sales", "lines": "2-3,5"},
        {"column": "group", "value": "@Chat", "lines": "6"},
    ]
    assert len([r for r in caplog.records if "formula" in r.message]) == 2


def test_the_report_export_names_formula_like_queue_groups(tmp_path):
    """reports/volume_by_queue_group_daily.csv: queue-group names come from the orgs' queue names."""
    from report.build import EXPORT, write_export

    rows = [
        {
            "date": date(2026, 11, 1),
            "queue_group": "+billing",
            "media_type": "voice",
            "offered": 3,
            "handled": 2,
            "blended_aht_seconds": 300.0,
        },
        {
            "date": date(2026, 11, 1),
            "queue_group": "support",
            "media_type": "chat",
            "offered": 1,
            "handled": 1,
            "blended_aht_seconds": None,
        },
    ]
    count, cells = write_export(lambda sql: rows, tmp_path / EXPORT)
    with open(tmp_path / EXPORT, newline="", encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert count == 2 and [r["queue_group"] for r in written] == ["+billing", "support"]
    assert written[1]["blended_aht_seconds"] == "" and written[0]["blended_aht_seconds"] == "300.000"
    assert cells == [{"column": "queue_group", "value": "+billing", "lines": "2"}]
