"""``make demo``'s summary lines for the planners' entities (issue 16): each one's count beside the truth.

Raw rows are counted as loaded (current scd2 rows), the truth comes from the simulator's model
(``genesys_sim.truth_planners.counts``); a line reads ``= truth`` when they agree.
"""

from __future__ import annotations

from genesys_sim import truth_planners


def lines(con, org_keys: list[str], model, check) -> None:
    """``check(label, got, truth)`` per entity of ``truth_planners.ENTITIES`` (summed over the orgs)."""
    expected: dict[str, int] = {}
    for key in org_keys:
        for entity, n in truth_planners.counts(model, model.orgs[key]).items():
            expected[entity] = expected.get(entity, 0) + n
    for entity in truth_planners.ENTITIES:
        got = 0
        for key in org_keys:
            columns = [r[0] for r in con.sql(f"describe genesys_{key}.{entity}").fetchall()]
            current = " where _dlt_valid_to is null" if "_dlt_valid_to" in columns else ""
            got += con.sql(f"select count(*) from genesys_{key}.{entity}{current}").fetchall()[0][0]
        check(f"raw {entity}", got, expected[entity])
