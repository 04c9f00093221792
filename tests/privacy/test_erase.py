"""GDPR erasure on a real warehouse: tiny loaded by the pipeline from the simulator, built by dbt.

One bi-regional person (accounts in two orgs, one employeeId) is erased by email; then every table
(every column cast to text) and every file under the data directory (the DuckDB file's own bytes
included) is searched for their name, email and employee id: 0 hits. Every other row is unchanged,
the next dbt build agrees, and a second run changes nothing and says so.
"""

from __future__ import annotations

import pytest

from pipelines.config import ConfigError
from tests.dbtrun import run_dbt
from tests.privacy.scan import file_hits, table_hits, untouched_rows
from tests.simproc import start_sim
from tests.warehouse import fast_extract, hub_env, query, run_pipeline

pytestmark = pytest.mark.slow
DBT_ENV = {"WFM_HUB_ORG_KEYS": "emea,apac"}


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    sim = start_sim("tiny")
    workdir = tmp_path_factory.mktemp("erase")
    reports = tmp_path_factory.mktemp("reports")
    try:
        report = run_pipeline(sim, workdir, fast_extract())
        assert not report.failed, [r.error for r in report.failed]
        with hub_env(sim, workdir, fast_extract()) as db:
            run_dbt(["build"], workdir, DBT_ENV)
            yield workdir, reports, db
    finally:
        sim.stop()


def _bi_regional(db):
    (employee_id,) = query(
        db,
        "select e.employee_id from genesys_emea.users e join genesys_apac.users a using (employee_id) "
        "order by 1 limit 1",
    )[0]
    people = query(
        db,
        " union ".join(
            f"select user_id, name, email from genesys_{org}.users where employee_id = '{employee_id}'"
            for org in ("emea", "apac")
        ),
    )
    agents = query(db, f"select canonical_agent_id from marts.dim_agent where employee_id = '{employee_id}'")
    return employee_id, people, [a for (a,) in agents]


def test_erase_one_bi_regional_person_everywhere(hub):
    from pipelines.privacy import Selector, erase

    workdir, reports, db = hub
    employee_id, accounts, agents = _bi_regional(db)
    assert len({u for u, _, _ in accounts}) == 2 and len(agents) == 1
    names = {n.lower() for _, n, _ in accounts}
    emails = {e.lower() for _, _, e in accounts}
    personal = sorted(names | emails | {employee_id.lower()})
    identifiers = personal + [u.lower() for u, _, _ in accounts] + [a.lower() for a in agents]
    (agents_before,) = query(db, "select count(*) from marts.dim_agent")[0]
    (reports / "index.html").write_text(f"<td>{accounts[0][1]}</td><td>someone else</td>")
    (workdir / "exports").mkdir()
    (workdir / "exports" / "forecast.csv").write_text("planning_group,offered\nsales,12\n")
    before = untouched_rows(db, identifiers)
    assert table_hits(db, personal) and file_hits([workdir], personal)  # the search can find them

    dry = erase(Selector("email", accounts[0][2].upper()), dry_run=True, extra_dirs=[reports])
    assert dry.dry_run and dry.accounts == 2 and dry.tables["genesys_emea.users"] >= 1
    assert dry.tables["genesys_apac.users"] >= 1 and dry.tables["marts.dim_agent"] == 1
    assert str(reports / "index.html") in dry.files.rewritten
    assert table_hits(db, personal), "a dry run changes nothing"

    done = erase(Selector("email", accounts[0][2].upper()), operator="dpo@test", extra_dirs=[reports])
    assert done.ok and not done.dry_run, done.render()
    assert done.tables == dry.tables
    assert table_hits(db, personal) == {}
    assert file_hits([workdir, reports], personal) == []  # the DuckDB file's bytes, dlt packages and state too
    assert "someone else" in (reports / "index.html").read_text()
    assert (workdir / "exports" / "forecast.csv").read_text() == "planning_group,offered\nsales,12\n"

    after = untouched_rows(db, ["erased-", "agt_erased_", "[erased]"])
    # every other person's rows are unchanged (the audit's own load adds dlt bookkeeping rows)
    assert [n for n in before if after[n] != before[n] and not n.startswith("wfm_hub_ops._dlt_")] == []

    audit = query(db, "select operator, selector_kind, selector_sha256, target, rows from wfm_hub_ops.erasure_audit")
    assert {(o, k) for o, k, *_ in audit} == {("dpo@test", "email")}
    assert {t: n for *_, t, n in audit}["genesys_emea.users"] == done.tables["genesys_emea.users"]
    assert {s for _, _, s, _, _ in audit} == {done.selector_sha256}

    again = erase(Selector("email", accounts[0][2]), extra_dirs=[reports])
    assert again.changed_nothing and again.earlier[0][0] == done.run_id, again.render()
    assert "nothing to change" in again.render()

    # the next dbt build agrees: the person is one anonymous agent, every test passes
    run_dbt(["build"], workdir, DBT_ENV)
    (agents_after,) = query(db, "select count(*) from marts.dim_agent")[0]
    assert agents_after == agents_before
    assert table_hits(db, personal) == {}


def test_a_canonical_agent_id_needs_the_marts(tmp_path, tiny_sim):
    from pipelines.privacy import Selector, erase

    run_pipeline(tiny_sim, tmp_path, fast_extract(), resources=["users"])
    with hub_env(tiny_sim, tmp_path, fast_extract()), pytest.raises(ConfigError, match="dim_agent_account"):
        erase(Selector("canonical_agent_id", "agt_123"), extra_dirs=[])
