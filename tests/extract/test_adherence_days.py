"""Historical adherence read while a business day is still running (issue 15, defect 2): Genesys' day metrics count
its elapsed part only, the rows say when they were extracted, and the next re-read replaces the day whole.

At 16:00 UTC on Nov 22 Berlin's Nov 22 (ending 23:00 UTC) is still running: an extraction then holds the part of
each shift that has passed, exactly as Genesys' adherenceScheduleSeconds counts it; the nightly run on Nov 23 re-reads
the day and completes it (merge by management unit and business date).
"""

from __future__ import annotations

from datetime import date

from tests.simproc import start_sim
from tests.warehouse import fast_extract, query, run_pipeline

EVENING = "2026-11-22T16:00:00.000Z"
NEXT_NOON = "2026-11-23T12:00:00.000Z"
SQL = (
    "select business_date, count(*), sum(adherence_schedule_seconds), sum(schedule_length_seconds), "
    "max(extracted_at) from genesys_emea.adherence_day_metrics where business_date = '2026-11-22' group by 1"
)


def test_a_running_day_holds_its_elapsed_part_until_the_re_read_completes_it(tmp_path):
    sim = start_sim("tiny")
    try:

        def extract(now: str):
            sim.control("POST", "/_sim/clock", {"now": now})
            report = run_pipeline(
                sim,
                tmp_path,
                fast_extract(),
                org_keys=["emea"],
                resources=["historical_adherence"],
                start=date(2026, 11, 20),
                end=date(2026, 11, 23),
                snapshot_at=now,
            )
            assert not report.failed, [r.error for r in report.failed]
            return query(tmp_path / "wfm_hub.duckdb", SQL)[0]

        _, days, elapsed, scheduled, extracted_at = extract(EVENING)
        assert days > 0 and elapsed < scheduled  # shifts still running at 16:00 UTC count their past part only
        assert str(extracted_at).startswith("2026-11-22 16:00")
        _, days_after, elapsed_after, scheduled_after, extracted_after = extract(NEXT_NOON)
        assert days_after == days and scheduled_after == scheduled  # the same days, replaced, not added
        assert elapsed_after > elapsed and str(extracted_after).startswith("2026-11-23 12:00")
    finally:
        sim.stop()
