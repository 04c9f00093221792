"""The report's data-freshness section: how current is each org's data? (rpt_data_freshness and
rpt_realtime_snapshot_orgs).

Per org and extraction resource: the newest successful extraction, its age in hours when the report was generated
(the mart keeps times, not ages: an age depends on when it is read), and the latest run's outcome; per org, the
real-time snapshot and how far it is behind the newest org's (judged against the data, never the clock, as the
snapshot report does). A resource whose latest run did not succeed is named even when an older success keeps its
data: "failed" is never "no data", and old data is never shown as current.
"""

from __future__ import annotations

from datetime import datetime

from .charts import GLOBAL, Series, bar_chart
from .data import MARTS, Figure, Section, Table, fmt

NO_RESOURCE = "(none ran)"  # rpt_data_freshness resource '-': the org failed before any resource ran
ERROR_SHOWN = 160  # characters of a run's error (the run log keeps it whole)


def hours_since(now: datetime, then: datetime | None) -> float | None:
    """Hours from ``then`` (naive UTC, as the marts keep it) to ``now`` (aware UTC); None without ``then``."""
    if then is None:
        return None
    return (now.replace(tzinfo=None) - then.replace(tzinfo=None)).total_seconds() / 3600


def _figure(scope: str, rows: list[dict], now: datetime) -> Figure:
    org = None if scope == GLOBAL else scope
    if not rows:
        return Figure(f"Data age ({scope})", "–", "no extraction recorded (wfm_hub_ops.run_status)", org=org)
    aged = [(hours_since(now, r["last_success_at_utc"]), r) for r in rows]
    never = [r for age, r in aged if age is None]
    failing = [r for r in rows if r["last_outcome"] != "success"]
    oldest = max((a for a in aged if a[0] is not None), key=lambda a: a[0], default=None)
    note = f"oldest: {oldest[1]['org_key']} {oldest[1]['resource']}" if oldest else "no successful extraction"
    if failing:
        note += f"; latest run not a success: {len(failing)} of {len(rows)} resources"
    if never:
        note += f"; never extracted: {len(never)}"
    value = "never" if oldest is None else f"{oldest[0]:,.1f} h"
    return Figure(f"Data age ({scope}, oldest resource)", value, note, org=org)


def freshness_section(query, now: datetime) -> tuple[Section, list[Figure], dict]:
    rows = query(f"select * from {MARTS}.rpt_data_freshness order by org_key, resource")
    snapshots = {r["org_key"]: r for r in query(f"select * from {MARTS}.rpt_realtime_snapshot_orgs")}
    orgs = sorted({r["org_key"] for r in rows} | set(snapshots))
    ages = [{**r, "age_hours": hours_since(now, r["last_success_at_utc"])} for r in rows]
    figures = [_figure(GLOBAL, rows, now)] + [_figure(o, [r for r in rows if r["org_key"] == o], now) for o in orgs]
    known = [a["age_hours"] for a in ages if a["age_hours"] is not None]
    values = {
        "freshness": {
            "generated_at_utc": now.replace(tzinfo=None).isoformat(timespec="seconds"),
            "max_age_hours": max(known) if known else None,
            "resources": len(rows),
            "latest_run_not_success": sum(1 for r in rows if r["last_outcome"] != "success"),
        }
    }

    def org_row(org_key: str) -> list[str]:
        mine = [a for a in ages if a["org_key"] == org_key]
        snap = snapshots.get(org_key, {})
        last_run = max((a["last_run_at_utc"] for a in mine if a["last_run_at_utc"]), default=None)
        bad = [
            "the org failed before any resource ran"
            if a["resource"] == "-"
            else f"{a['resource']} ({a['last_outcome']})"
            for a in mine
            if a["last_outcome"] != "success"
        ]
        oldest = max((a for a in mine if a["age_hours"] is not None), key=lambda a: a["age_hours"], default=None)
        return [
            org_key,
            (mine[0]["region"] if mine else snap.get("region")) or "",
            fmt(last_run, "minute"),
            f"{sum(1 for a in mine if a['last_outcome'] == 'success')} of {len(mine)}",
            ", ".join(bad) or "none",
            f"{oldest['resource']}: {fmt(oldest['age_hours'])} h" if oldest else "never",
            fmt(snap.get("snapshot_at_utc"), "minute"),
            fmt(snap.get("minutes_behind_newest"), "int"),
            "stale" if snap.get("is_stale") else "",
        ]

    resources = sorted({a["resource"] for a in ages if a["age_hours"] is not None})
    section = Section(
        "Data freshness",
        f"When each org's data was last extracted successfully, per resource (a Genesys API family), and how the "
        f"latest run of each resource ended (success, skipped for a missing permission, failed, or not loaded because "
        f"the org failed), from every extraction's run log. Ages in hours at {fmt(now, 'minute')} UTC, when this "
        "report was generated. The real-time snapshot's age is minutes behind the newest org's snapshot (stale past "
        "dbt var snapshot_stale_minutes, as the snapshot report judges it).",
        charts=[
            bar_chart(
                "freshness-age",
                "Hours since each resource's newest successful extraction",
                resources,
                [
                    Series(o, [(a["resource"], a["age_hours"]) for a in ages if a["org_key"] == o])
                    for o in sorted({a["org_key"] for a in ages})
                ],
                ("extraction resource", "hours since the newest success"),
                horizontal=True,
            )
        ],
        tables=[
            Table(
                "Each org",
                [
                    "Org",
                    "Region",
                    "Latest run (UTC)",
                    "Resources succeeded",
                    "Latest run not a success",
                    "Oldest data",
                    "Snapshot (UTC)",
                    "Snapshot minutes behind the newest",
                    "Snapshot stale",
                ],
                [org_row(o) for o in orgs],
            ),
            Table(
                "Each resource",
                [
                    "Org",
                    "Resource",
                    "Newest success (UTC)",
                    "Age (h)",
                    "Rows then",
                    "Latest run (UTC)",
                    "Latest outcome",
                    "Runs since",
                    "Error",
                ],
                [
                    [
                        a["org_key"],
                        NO_RESOURCE if a["resource"] == "-" else a["resource"],
                        fmt(a["last_success_at_utc"], "minute") if a["last_success_at_utc"] else "never",
                        fmt(a["age_hours"]),
                        fmt(a["last_success_rows"], "int"),
                        fmt(a["last_run_at_utc"], "minute"),
                        a["last_outcome"],
                        fmt(a["runs_since_success"], "int"),
                        (a["last_error"] or "")[:ERROR_SHOWN],
                    ]
                    for a in ages
                ],
            ),
        ],
    )
    return section, figures, values
