"""Forecast export naming: file names unique per business unit, names matched by ``name_key``, and
names a spreadsheet would run as formulas written exactly but named in the manifest.

Pure logic over a small in-memory reader (the warehouse side is covered by test_forecast_export.py).
"""

from __future__ import annotations

import csv
import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from pipelines.config import ExtractSettings, HubConfig, OrgConfig
from pipelines.forecast_export import ExportError, export_forecasts
from pipelines.forecast_export.source import StoredInterval, Unit

WEEK = date(2026, 10, 19)  # a Monday
START = datetime(2026, 10, 19, tzinfo=UTC)  # UTC business units: the week starts at midnight UTC
CONFIG = HubConfig(
    tuple(
        OrgConfig(k, k, "mypurecloud.jp", "https://api.mypurecloud.jp", "https://login.mypurecloud.jp")
        for k in ("apac", "emea")
    ),
    ExtractSettings(),
    Path("orgs.toml"),
)


class Reader:
    """Units with one forecast week each; every interval of a unit's planning group offers ``value``."""

    def __init__(self, *units: tuple[Unit, float]):
        self.units_by_org: dict[str, list[Unit]] = {}
        self.value = {}
        for unit, value in units:
            self.units_by_org.setdefault(unit.org, []).append(unit)
            self.value[unit.id] = value

    def units(self, org):
        return self.units_by_org.get(org, [])

    def forecast_weeks(self, unit):
        return [WEEK]

    def intervals(self, unit, first, last):
        return [
            StoredInterval(
                f"f-{unit.id}", WEEK, None, pg_id, START + i * timedelta(minutes=15), self.value[unit.id], 300.0
            )
            for pg_id in unit.planning_groups.values()
            for i in range(672)
        ]


def unit(org: str, bu_id: str, name: str, groups: dict | None = None) -> Unit:
    return Unit(org, bu_id, name, "UTC", "Monday", groups or {"Voice": f"pg-{bu_id}"})


def offered(path: Path) -> set[float]:
    with open(path, newline="", encoding="utf-8") as handle:
        return {float(row["Offered"]) for row in csv.DictReader(handle)}


def test_units_whose_names_reduce_to_the_same_text_write_their_own_files(tmp_path):
    """東京 and 大阪 both reduced to '' (only [a-z0-9] was kept): one file overwrote the other and the
    manifest pointed both units at the survivor's numbers. "Care" and "care" share a readable name."""
    reader = Reader(
        (unit("apac", "bu-tokyo", "東京"), 1.0),
        (unit("apac", "bu-osaka", "大阪"), 2.0),
        (unit("emea", "bu-care-1", "Care"), 3.0),
        (unit("emea", "bu-care-2", "care"), 4.0),
    )
    exported = export_forecasts(WEEK, out_dir=tmp_path, config=CONFIG, reader=reader)
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == [
        "forecast_apac_大阪_bu-osaka_2026-10-19.csv",
        "forecast_apac_東京_bu-tokyo_2026-10-19.csv",
        "forecast_emea_care_bu-care-1_2026-10-19.csv",
        "forecast_emea_care_bu-care-2_2026-10-19.csv",
    ]
    manifest = orjson.loads((tmp_path / "export_2026-10-19.json").read_bytes())
    assert len(exported) == len(manifest) == 4
    for entry in manifest:
        assert offered(tmp_path / entry["csv"]) == {reader.value[entry["target"]["businessUnitId"]]}


def test_two_units_that_would_write_one_file_fail_before_anything_is_written(tmp_path):
    reader = Reader((unit("apac", "bu/1", "Care"), 1.0), (unit("apac", "bu-1", "Care"), 2.0))
    with pytest.raises(ExportError, match="would write the same files"):
        export_forecasts(WEEK, orgs=["apac"], out_dir=tmp_path, config=CONFIG, reader=reader)
    assert list(tmp_path.iterdir()) == []


def test_an_export_of_one_org_keeps_the_manifest_entries_of_another(tmp_path):
    reader = Reader((unit("apac", "bu-a", "Sydney"), 1.0), (unit("emea", "bu-e", "Berlin"), 2.0))
    export_forecasts(WEEK, orgs=["apac"], out_dir=tmp_path, config=CONFIG, reader=reader)
    export_forecasts(WEEK, orgs=["emea"], out_dir=tmp_path, config=CONFIG, reader=reader)
    export_forecasts(WEEK, orgs=["emea"], out_dir=tmp_path, config=CONFIG, reader=reader)  # replaces its own entry
    manifest = orjson.loads((tmp_path / "export_2026-10-19.json").read_bytes())
    assert sorted(e["target"]["businessUnitId"] for e in manifest) == ["bu-a", "bu-e"]


def test_names_are_matched_by_name_key_and_written_as_the_target_spells_them(tmp_path):
    source = unit("apac", "bu-src", "APAC Sydney", {"Billing Voice": "pg-s1", "Support Chat": "pg-s2"})
    target = unit("emea", "bu-dst", "EMEA Care", {"billing-voice": "pg-t1", "Support  Chat": "pg-t2"})
    reader = Reader((source, 5.0), (target, 0.0))
    [export] = export_forecasts(
        WEEK,
        orgs=["apac"],
        business_unit="apac sydney",
        planning_groups=["BILLING VOICE"],
        target_org="emea",
        target_business_unit="emea-care",
        out_dir=tmp_path,
        config=CONFIG,
        reader=reader,
    )
    with open(export.csv_path, newline="", encoding="utf-8") as handle:
        assert {row["Planning Group"] for row in csv.DictReader(handle)} == {"billing-voice"}
    assert export.manifest()["target"]["planningGroups"] == {"billing-voice": "pg-t1"}


@pytest.mark.parametrize(
    "units, kwargs, message",
    [
        (
            [unit("apac", "bu-1", "Care"), unit("apac", "bu-2", "CARE")],
            dict(business_unit="care"),
            "matches ['apac / Care (bu-1)', 'apac / CARE (bu-2)']",
        ),
        (
            [unit("apac", "bu-1", "Care", {"Voice": "pg-1", "voice": "pg-2"})],
            dict(business_unit="bu-1"),
            "the import could not tell apart: apac / Care: ['Voice', 'voice']; rename one",
        ),
    ],
)
def test_a_name_that_matches_two_fails_naming_both(tmp_path, units, kwargs, message):
    reader = Reader(*[(u, 1.0) for u in units])
    with pytest.raises(ExportError) as err:
        export_forecasts(WEEK, orgs=["apac"], out_dir=tmp_path, config=CONFIG, reader=reader, **kwargs)
    assert message in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_a_planning_group_a_spreadsheet_would_run_is_written_exactly_and_named(tmp_path, caplog):
    name = '=HYPERLINK("https://evil.example","Sales")'
    reader = Reader((unit("apac", "bu-1", "Care", {name: "pg-1", "-5 Voice": "pg-2", "Chat": "pg-3"}), 1.0))
    with caplog.at_level(logging.WARNING, logger="pipelines.csvfile"):
        [export] = export_forecasts(WEEK, orgs=["apac"], out_dir=tmp_path, config=CONFIG, reader=reader)
    with open(export.csv_path, newline="", encoding="utf-8") as handle:
        names = [row["Planning Group"] for row in csv.DictReader(handle)]
    assert names == [name] * 672 + ["-5 Voice"] * 672 + ["Chat"] * 672  # the exact names the import needs
    manifest = orjson.loads((tmp_path / "export_2026-10-19.json").read_bytes())
    assert manifest[0]["formulaLikeCells"] == [
        {"column": "Planning Group", "value": name, "lines": "2-673"},
        {"column": "Planning Group", "value": "-5 Voice", "lines": "674-1345"},
    ]
    assert [r.message for r in caplog.records if name in r.message and "2-673" in r.message]
