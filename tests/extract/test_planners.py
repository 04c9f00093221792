"""The planners' resources (issue 16) over real HTTP into a real DuckDB file: what only a second run shows.

Deleted records leave (a tombstone, dlt's hard delete) instead of lingering, and an open record is
followed past the re-read window. Row counts against the ground truth are in test_load.py (TRUTH_TABLES).
"""

from __future__ import annotations

import pytest

from tests.warehouse import fast_extract, query, run_pipeline


def _ids(db, table: str, column: str) -> set[str]:
    return {r[0] for r in query(db, f"select {column} from genesys_emea.{table}")}


@pytest.mark.parametrize(
    "resource, table, column, path",
    [
        ("adherence_explanations", "adherence_explanations", "explanation_id", "adherence/explanations"),
        ("shift_trades", "shift_trades", "trade_id", "shifttrading/trades"),
    ],
)
def test_a_deleted_record_is_removed_and_the_others_stay(fresh_tiny_sim, tmp_path, resource, table, column, path):
    sim = fresh_tiny_sim

    def run():
        return run_pipeline(sim, tmp_path, fast_extract(), org_keys=["emea"], resources=[resource])

    assert not run().failed
    db = tmp_path / "wfm_hub.duckdb"
    before = _ids(db, table, column)
    sim.faults("emea", vanished_records=1, path_contains=path)
    report = run()
    assert not report.failed, [r.error for r in report.failed]
    after = _ids(db, table, column)
    # the first of each query goes, the others stay (tiny's emea holds 3 explanations since exception lengths spread)
    assert len(before) >= 3 and after and after < before and 1 <= len(before - after) <= 4
    # nothing stays behind as a tombstone row
    assert query(db, f"select count(*) from genesys_emea.{table} where deleted")[0][0] == 0
