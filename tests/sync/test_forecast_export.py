"""Forecast export from the warehouse, round-tripped through the simulator's import, across DST weeks.

The demo's forecasts for 2026-10-12..2026-11-08 are loaded by the pipeline (business units, planning
groups and forecasts only); the export of a week is imported back through the API and read back with
GET .../data: the same 15-minute intervals, values and UTC instants.
"""

from __future__ import annotations

import csv
import gzip
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import orjson
import pytest

from pipelines.forecast_export import ExportError, build_payload, export_forecasts, read_csv
from tests.sync.conftest import ROOT, WFM, hub
from tests.warehouse import fast_extract, query, run_pipeline

GENESYS_COLUMNS = ["Interval Start UTC Date", "Planning Group", "Offered", "Average Handle Time (Seconds)"]
UTC = UTC


@pytest.fixture(scope="module")
def loaded(demo_writable, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("export")
    report = run_pipeline(
        demo_writable,
        workdir,
        fast_extract(),
        resources=["business_units", "planning_groups", "forecasts"],
        start=date(2026, 10, 12),
        end=date(2026, 11, 9),
    )
    assert not report.failed
    return demo_writable, workdir


def csv_rows(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == GENESYS_COLUMNS
        return list(reader)


def utc(text: str) -> datetime:
    assert text.endswith(".000Z") and len(text) == 24, text
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def stored(db, org: str, bu_id: str, pg_id: str, start: datetime) -> dict:
    rows = query(
        db,
        "select interval_start, offered, average_handle_time_seconds "
        f"from genesys_{org}.forecast_intervals "
        f"where business_unit_id = '{bu_id}' and planning_group_id = '{pg_id}' "
        f"and interval_start >= '{start.isoformat()}' and interval_start < "
        f"'{(start + timedelta(days=7, hours=2)).isoformat()}'",
    )
    return {r[0].astimezone(UTC): (r[1], r[2]) for r in rows}


@pytest.mark.parametrize(
    "org, unit, week, tz, change_day, repeated_hour",
    [
        ("emea", "EMEA Customer Care", date(2026, 10, 19), "Europe/Berlin", date(2026, 10, 25), 2),
        ("amer", "AMER East", date(2026, 11, 1), "America/New_York", date(2026, 11, 1), 1),
    ],
)
def test_an_export_round_trips_through_the_import_across_dst(
    loaded, api_for, tmp_path, org, unit, week, tz, change_day, repeated_hour
):
    sim, workdir = loaded
    with hub(sim, workdir) as _:
        from pipelines.warehouse import warehouse_path

        [export] = export_forecasts(week, orgs=[org], business_unit=unit, out_dir=tmp_path)
        db = warehouse_path()
    assert export.week == week and export.target.time_zone == tz

    # The CSV, read independently: Genesys' columns, UTC instants on the 15-minute grid from local midnight.
    rows = csv_rows(export.csv_path)
    first = datetime.combine(week, time(0), ZoneInfo(tz)).astimezone(UTC)
    by_group: dict[str, list[dict]] = {}
    for row in rows:
        by_group.setdefault(row["Planning Group"], []).append(row)
    assert len(by_group) >= 2 and all(len(g) == 672 for g in by_group.values())
    for group in by_group.values():
        instants = [utc(r["Interval Start UTC Date"]) for r in group]
        assert instants == [first + i * timedelta(minutes=15) for i in range(672)]
    one_group = next(iter(by_group.values()))
    local = [utc(r["Interval Start UTC Date"]).astimezone(ZoneInfo(tz)) for r in one_group]
    per_day = Counter(t.date() for t in local)
    # 672 intervals are 168 UTC hours from local midnight; the fall-back day has 25 local hours, so in
    # emea's week (it ends on that Sunday) the last local hour falls outside, in amer's (it starts on it) not.
    assert per_day[change_day] == (96 if org == "emea" else 100)
    assert sum(1 for t in local if t.date() == change_day and t.hour == repeated_hour) == 8, "its repeated hour twice"
    assert local[-1] + timedelta(minutes=15) == datetime.combine(
        week + timedelta(days=7), time(0), ZoneInfo(tz)
    ) - timedelta(hours=1), "the week's last interval ends an hour before the next local week"
    assert {t.utcoffset() for t in local} == (
        {timedelta(hours=2), timedelta(hours=1)} if org == "emea" else {timedelta(hours=-4), timedelta(hours=-5)}
    )

    # The values are the warehouse's, bit for bit.
    api = api_for(sim, org)
    bu_id = export.target.id
    groups = api.planning_groups(bu_id)
    for name, group in by_group.items():
        want = stored(db, org, bu_id, groups[name], first)
        for r in group:
            assert (float(r["Offered"]), float(r["Average Handle Time (Seconds)"])) == want[
                utc(r["Interval Start UTC Date"])
            ]

    # The API body written beside it is what the CSV gives, with the target's planning-group ids.
    payload = build_payload(read_csv(export.csv_path), first, groups, "round trip")
    written = orjson.loads(gzip.decompress(export.payload_path.read_bytes()))
    assert written["planningGroups"] == payload["planningGroups"] and written["weekCount"] == 1

    # Import the file, read the new forecast back.
    answer = api.import_forecast(bu_id, week.isoformat(), payload)
    assert answer.status_code == 202 and answer.json()["status"] == "Processing"
    listed = api.get(f"{WFM}/businessunits/{bu_id}/weeks/{week}/shorttermforecasts")["entities"]
    [imported] = [f for f in listed if f["creationMethod"] == "Import"]
    data = api.get(f"{WFM}/businessunits/{bu_id}/weeks/{week}/shorttermforecasts/{imported['id']}/data")["result"]
    reference = datetime.fromisoformat(data["referenceStartDate"].replace("Z", "+00:00"))
    assert reference == first
    names = {v: k for k, v in groups.items()}
    got = {
        (names[g["planningGroupId"]], reference + i * timedelta(minutes=15)): (o, a)
        for g in data["planningGroups"]
        for i, (o, a) in enumerate(zip(g["offeredPerInterval"], g["averageHandleTimeSecondsPerInterval"], strict=False))
    }
    sent = {
        (r["Planning Group"], utc(r["Interval Start UTC Date"])): (
            float(r["Offered"]),
            float(r["Average Handle Time (Seconds)"]),
        )
        for r in rows
    }
    assert got == sent


def test_a_forecast_moves_to_another_org_on_the_same_utc_instants(loaded, tmp_path):
    """EMEA's Tech Support Voice and Support Chat into AMER Central's week of 2026-11-01 (Chicago time):
    the target week spans two EMEA weeks and the US DST change."""
    sim, workdir = loaded
    with hub(sim, workdir):
        from pipelines.warehouse import warehouse_path

        [export] = export_forecasts(
            date(2026, 11, 4),
            orgs=["emea"],
            business_unit="EMEA Customer Care",
            planning_groups=["tech support voice", "Support Chat"],
            target_org="amer",
            target_business_unit="AMER Central",
            out_dir=tmp_path,
        )
        db = warehouse_path()
    assert (export.target.org, export.target.name, export.week) == ("amer", "AMER Central", date(2026, 11, 1))
    assert export.reference_start == datetime(2026, 11, 1, 5, tzinfo=UTC)  # Sunday 00:00 CDT
    assert len(export.forecast_ids) == 2, "two EMEA forecast weeks cover the target week"
    payload = orjson.loads(gzip.decompress(export.payload_path.read_bytes()))
    assert [g["planningGroupId"] for g in payload["planningGroups"]] == [
        export.target.planning_groups["Tech Support Voice"],
        export.target.planning_groups["Support Chat"],
    ]
    source_pg = export.source.planning_groups["Tech Support Voice"]
    want = stored(db, "emea", export.source.id, source_pg, export.reference_start)
    offered = payload["planningGroups"][0]["offeredPerInterval"]
    assert offered == [want[export.reference_start + i * timedelta(minutes=15)][0] for i in range(672)]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            dict(orgs=["emea"], business_unit="EMEA Night Shift"),
            "business unit 'EMEA Night Shift' is not in the warehouse; "
            "business units there: ['emea / EMEA Back Office', "
            "'emea / EMEA Customer Care']",
        ),
        (dict(orgs=["mars"]), "org 'mars' is not configured"),
        (
            dict(orgs=["emea"], business_unit="EMEA Customer Care", week=date(2027, 3, 1)),
            "emea / EMEA Customer Care has no forecast in the warehouse for the week of 2027-03-01",
        ),
        (
            dict(
                orgs=["emea"],
                business_unit="EMEA Customer Care",
                target_org="amer",
                target_business_unit="AMER Central",
            ),
            "planning group(s) ['Billing Voice'] missing in the target org amer, business unit 'AMER Central'",
        ),
        (
            dict(orgs=["emea"], business_unit="EMEA Customer Care", planning_groups=["Claims Processing"]),
            "planning group(s) ['Claims Processing'] not in emea / EMEA Customer Care",
        ),
        (dict(orgs=["emea"], target_org="amer"), "a target business unit takes one source business unit"),
        (
            dict(orgs=["emea"], business_unit="EMEA Customer Care", target_org="amer"),
            "--target-business-unit is needed",
        ),
    ],
)
def test_bad_input_names_what_is_missing(loaded, tmp_path, kwargs, message):
    sim, workdir = loaded
    week = kwargs.pop("week", date(2026, 10, 19))
    with hub(sim, workdir), pytest.raises(ExportError) as err:
        export_forecasts(week, out_dir=tmp_path, **kwargs)
    assert message in str(err.value)
    assert not list(tmp_path.glob("forecast_*")), "nothing is written when the input is bad"


def test_the_cli_exports_every_business_unit_or_fails_with_exit_2(loaded, tmp_path):
    sim, workdir = loaded

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "pipelines", "export-forecast", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env=dict(os.environ),
        )

    with hub(sim, workdir):
        done = cli("--week", "2026-10-21", "--out", str(tmp_path))
        bad = cli("--week", "2026-10-21", "--orgs", "emea", "--business-unit", "Nope", "--out", str(tmp_path / "x"))
    assert done.returncode == 0, done.stderr
    manifest = orjson.loads((tmp_path / "export_2026-10-21.json").read_bytes())
    assert sorted(p.name for p in tmp_path.glob("forecast_*.csv")) == sorted(m["csv"] for m in manifest)
    assert sorted(m["csv"].replace(m["target"]["businessUnitId"], "<id>") for m in manifest) == [
        "forecast_amer_amer-central_<id>_2026-10-18.csv",
        "forecast_amer_amer-east_<id>_2026-10-18.csv",
        "forecast_apac_apac-adelaide_<id>_2026-10-19.csv",
        "forecast_apac_apac-manila_<id>_2026-10-18.csv",
        "forecast_emea_emea-back-office_<id>_2026-10-19.csv",
        "forecast_emea_emea-customer-care_<id>_2026-10-19.csv",
    ]
    assert len(manifest) == 6 and all(m["rows"] == 672 * len(m["target"]["planningGroups"]) for m in manifest)
    assert all(m["formulaLikeCells"] == [] for m in manifest)
    assert "emea / EMEA Customer Care -> emea / EMEA Customer Care, week of 2026-10-19" in done.stdout
    assert bad.returncode == 2 and "business unit 'Nope' is not in the warehouse" in bad.stderr
