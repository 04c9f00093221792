"""The report's real-time section: adherence now, pushed by the stream (or polled where it is not), from the
rpt_realtime_* views only (models/reports/_reports__realtime_models.yml has the formulas)."""

from __future__ import annotations

from .data import MARTS, Section, Table, fmt

OUTLIERS_SHOWN = 20


def _seconds(value) -> str:
    return "–" if value is None else f"{float(value):,.1f} s"


def realtime_section(query) -> Section:
    """The section (tables only: the state now has no history to draw; the stream's lag is a table per org)."""
    scopes = query(f"select * from {MARTS}.rpt_realtime_adherence_now")
    outliers = query(
        f"select * from {MARTS}.rpt_realtime_agent_state where is_outlier "
        f"order by minutes_in_state desc, canonical_agent_id limit {OUTLIERS_SHOWN}"
    )
    health = query(f"select * from {MARTS}.rpt_realtime_stream_health order by org_key")
    as_of = next((r["as_of_utc"] for r in scopes), None)
    return Section(
        "Real-time adherence now",
        f"As of {fmt(as_of, 'text')} UTC: each agent's latest state, pushed by the adherence stream (wfm-hub listen) "
        "or, for orgs it does not cover, polled every few minutes; a person with accounts in two orgs counts once, in "
        "the worse state. Adherence = in / (in + out). Outliers: out of adherence 10 minutes or more. Event lag: "
        "warehouse arrival minus the adherence change it announces, over the last hour.",
        tables=[
            Table(
                "Adherence now by region",
                [
                    "Region",
                    "Agents",
                    "In",
                    "Out",
                    "Explained/ignored",
                    "Unknown",
                    "Adherence",
                    "Outliers",
                    "Pushed",
                    "Polled",
                ],  # fmt: skip
                [
                    [
                        r["region"],
                        fmt(r["agents"], "int"),
                        fmt(r["in_adherence"], "int"),
                        fmt(r["out_of_adherence"], "int"),
                        fmt(r["explained_or_ignored"], "int"),
                        fmt(r["unknown"], "int"),
                        fmt(r["adherence_pct"], "pct"),
                        fmt(r["outliers"], "int"),
                        (r["streaming_org_keys"] or "").replace(",", ", "),
                        (r["polled_org_keys"] or "").replace(",", ", "),
                    ]
                    for r in scopes
                ],
            ),
            Table(
                "Out of adherence 10 minutes or more, now",
                ["Org", "Agent", "Scheduled", "Actual", "Minutes out", "Since (UTC)", "Seen by"],
                [
                    [
                        r["org_key"],
                        r["display_name"] or "",
                        r["scheduled_category"] or "",
                        r["actual_category"] or "",
                        fmt(r["minutes_in_state"]),
                        fmt(r["state_since_utc"], "text"),
                        r["observed_by"],
                    ]
                    for r in outliers
                ],
            ),
            Table(
                "The stream per org",
                [
                    "Org",
                    "Stream",
                    "Why",
                    "Events (1 h)",
                    "Lag p50",
                    "Lag p95",
                    "Gaps (24 h)",
                    "Unrepaired",
                    "Last poll (UTC)",
                ],  # fmt: skip
                [
                    [
                        r["org_key"],
                        r["stream_state"],
                        r["stream_reason"] or "",
                        fmt(r["events_last_hour"], "int"),
                        _seconds(r["lag_p50_seconds"]),
                        _seconds(r["lag_p95_seconds"]),
                        fmt(r["gaps_last_day"], "int"),
                        fmt(r["unrepaired_gaps_last_day"], "int"),
                        fmt(r["last_poll_utc"], "text"),
                    ]
                    for r in health
                ],
            ),
        ],
    )


def realtime_part(query) -> tuple[Section, list, dict]:
    """``realtime_section`` as ``data.gather`` takes its parts: no headline figures of its own."""
    return realtime_section(query), [], {}
