"""The fault matrix: one injected fault per cell, on the tiny scenario over real HTTP.

Recoverable faults (5xx, 429 storms, latency and timeouts, token expiry, a bad page) must leave
every org exactly equal to the fault-free run, with the retries recorded in ``run_status``.
Unrecoverable ones (an org down, refused credentials, a page that stays malformed, a job that fails
or never finishes) must fail only that org, record why, commit nothing of it, and leave the other
org exactly equal to the fault-free run. The short form (``make test``) runs the cells with
``short=True``; ``make test-reliability`` runs them all and writes the table of docs/reliability.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.reliability.matrix import Cell, compare, record, secrets_found, snapshot
from tests.simproc import TEST_ANCHOR, start_sim
from tests.warehouse import fast_extract, query, run_pipeline

pytestmark = [pytest.mark.slow, pytest.mark.reliability]


@dataclass
class Case:
    cell: str
    injected: str
    sim_args: tuple = ()
    extract: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)
    fails: str | None = None  # the org that must fail, and ...
    error: str = ""  # ... a text its recorded error contains
    retried: str | None = None  # the org whose recovery must show as retries
    new_tokens: bool = False  # every org had to fetch a new token mid-run
    short: bool = False
    requests_at_most: dict = field(default_factory=dict)  # org -> endpoint -> bound (a bounded read)
    not_retryable: bool = False  # the failed org's error says retrying cannot help


CASES = [
    Case("5xx bursts", "emea: 20% of API calls answer 503/500", ("--fault", "emea:error_rate=0.2"), retried="emea"),
    Case(
        "429 storm",
        "emea: the next 25 calls answer 429 with Retry-After",
        ("--fault", "emea:burst_429_next=25"),
        retried="emea",
    ),
    Case(
        "latency and timeouts",
        "emea: +150 ms per call and 2 calls that hang past the 2 s client timeout",
        ("--fault", "emea:latency_ms=150", "--fault", "emea:timeout_next=2", "--fault", "emea:timeout_seconds=4"),
        extract={"request_timeout_seconds": 2},
        retried="emea",
    ),
    Case("token expiry mid-run", "both orgs: tokens live 2 s", ("--token-ttl", "2"), new_tokens=True),
    Case("malformed page", "emea: 3 list answers are not JSON", ("--fault", "emea:malformed_next=3"), retried="emea"),
    Case("truncated page", "emea: 3 list answers cut in half", ("--fault", "emea:truncated_next=3"), retried="emea"),
    Case(
        "all of the above at once",
        "emea: 10% 5xx, 3x 429, token TTL 3 s, malformed + truncated pages; apac down",
        (
            "--token-ttl",
            "3",
            "--fault",
            "emea:error_rate=0.1",
            "--fault",
            "emea:burst_429_next=3",
            "--fault",
            "emea:malformed_next=1",
            "--fault",
            "emea:truncated_next=1",
            "--fault",
            "apac:down=1",
        ),
        fails="apac",
        error="503",
        retried="emea",
        short=True,
    ),
    Case(
        "page stays malformed",
        "emea: /routing/queues never answers JSON",
        ("--fault", "emea:malformed_next=50", "--fault", "emea:path_contains=/routing/queues"),
        extract={"max_retries": 2},
        fails="emea",
        error="not JSON",
        short=True,
    ),
    Case("org down", "apac: every call answers 503", ("--fault", "apac:down=1"), fails="apac", error="503"),
    # answers that are not data (issue 13): each is re-requested, then fails the org; never "no data"
    Case(
        "agent schedules not ready",
        "emea: every agent-schedule query answers Processing with no result, no URL and no notification",
        ("--fault", "emea:processing_next=1000", "--fault", "emea:path_contains=agentschedules"),
        extract={"job_deadline_seconds": 3},
        fails="emea",
        error="not ready",
        short=True,
    ),
    Case(
        "empty answers", "emea: 3 answers are 200 with an empty body", ("--fault", "emea:empty_next=3"), retried="emea"
    ),
    Case(
        "an empty answer that stays",
        "emea: management-unit listings always answer 200 with an empty body",
        ("--fault", "emea:empty_next=1000", "--fault", "emea:path_contains=/managementunits"),
        extract={"max_retries": 2},
        fails="emea",
        error="empty body",
        short=True,
    ),
    Case(
        "redirects",
        "emea: 3 answers are a 302 the client does not follow",
        ("--fault", "emea:redirect_next=3"),
        retried="emea",
    ),
    Case(
        "paging without pageCount",
        "emea: offset pages carry total, entities and nextUri but no pageCount",
        ("--fault", "emea:drop_field=pageCount"),
    ),
    Case(
        "endless paging",
        "emea: pages claim pageCount 1,000,000 and always a nextUri (the last page again)",
        ("--fault", "emea:endless_paging=1"),
        # users: one page of each listing (state any, state deleted) by users and by routing_skills, and the count
        # sizing the presence queries; queues by queues and by queue_members
        requests_at_most={"emea": {"GET /api/v2/users": 5, "GET /api/v2/routing/queues": 2}},
        short=True,
    ),
    Case(
        "job complete without download URLs",
        "apac: historical adherence jobs end Complete with no downloadUrls",
        ("--fault", "apac:job_no_urls=1"),
        fails="apac",
        error="without downloadUrls",
        short=True,
    ),
    Case(
        "a refused download",
        "emea: the first 2 pre-signed downloads answer 403 AccessDenied (expired)",
        ("--fault", "emea:download_403_next=2"),
        retried="emea",
    ),
    Case(
        "downloads always refused",
        "emea: every pre-signed download answers 403 AccessDenied",
        ("--fault", "emea:download_403_next=1000"),
        fails="emea",
        error="expired or refused",
    ),
    Case(
        "an oversized answer",
        "emea: 2 gzip answers expand to 64 MB each; the byte cap is 8 MB",
        ("--fault", "emea:oversized_next=2"),
        extract={"max_answer_megabytes": 8},
        retried="emea",
    ),
    Case(
        "an answer that stays oversized",
        "emea: /routing/queues always expands to 64 MB; the byte cap is 8 MB",
        ("--fault", "emea:oversized_next=1000", "--fault", "emea:path_contains=/routing/queues"),
        extract={"max_answer_megabytes": 8, "max_retries": 1},
        fails="emea",
        error="exceeded 8 MB",
    ),
    Case(
        "a run past its deadline",
        "emea: +300 ms per call (about 35 s of calls one at a time, some s with 16 in flight) against a 3 s deadline",
        ("--fault", "emea:latency_ms=300"),
        extract={"run_deadline_seconds": 3},
        fails="emea",
        error="passed its deadline",
    ),
    Case(
        "a trickling answer",
        "emea: 2 answers dribble out a byte every 0.5 s against a 2 s request deadline",
        ("--fault", "emea:trickle_next=2", "--fault", "emea:path_contains=/organizations/me"),
        extract={"request_timeout_seconds": 2},
        retried="emea",
    ),
    Case(
        "bad credentials",
        "apac: wrong client secret",
        env={"SOURCES__GENESYS__ORGS__APAC__CLIENT_SECRET": "wrong"},
        fails="apac",
        error="refused",
        not_retryable=True,
    ),
    Case(
        "async job fails",
        "apac: historical adherence jobs end in Error",
        ("--fault", "apac:job_fail=1"),
        fails="apac",
        error="Error",
    ),
    Case(
        "async job never finishes",
        "apac: jobs stay Processing; deadline 3 s",
        ("--fault", "apac:job_never_finish=1"),
        extract={"job_deadline_seconds": 3},
        fails="apac",
        error="deadline",
    ),
]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=c.cell.replace(" ", "_"), marks=[] if c.short else [pytest.mark.reliability_full])
        for c in CASES
    ],
)
def test_fault_cell(case: Case, clean_run, tmp_path, capfd):
    sim = start_sim("tiny", TEST_ANCHOR, *case.sim_args)
    try:
        report = run_pipeline(sim, tmp_path, fast_extract(**case.extract), env=case.env)
        stats = sim.stats()
        secrets = sim.secrets()
    finally:
        sim.stop()
    db = tmp_path / "wfm_hub.duckdb"
    results = {r.org.key: r for r in report.results}
    lost = duplicates = 0
    for org, result in results.items():
        got = snapshot(db, org)
        if org == case.fails:
            assert not result.ok and case.error in result.error, result.error
            assert not got, f"nothing of the failed org {org} is committed: {sorted(got)}"
            recorded = query(
                db, f"select error from wfm_hub_ops.run_status where org_key = '{org}' and error is not null"
            )
            assert recorded and all(case.error in e for (e,) in recorded), recorded
            outcomes = {o for (o,) in query(db, f"select outcome from wfm_hub_ops.run_status where org_key = '{org}'")}
            assert outcomes <= {"failed", "not loaded", "skipped"}, f"a failed org's resources: {outcomes}"
            assert result.retryable is not case.not_retryable
            continue
        assert result.ok, f"{org}: {result.error}"
        diff = compare(clean_run[org], got)
        assert (diff.lost, diff.duplicates) == (0, 0), diff.examples
        lost, duplicates = lost + diff.lost, duplicates + diff.duplicates
    if case.new_tokens:
        issued = {org: stats[org]["tokensIssued"] for org in results}
        assert min(issued.values()) >= 2, issued
    if case.retried:
        retries = query(db, f"select sum(retries) from wfm_hub_ops.run_status where org_key = '{case.retried}'")[0][0]
        assert retries >= 2, "the recovery is recorded as retries"
    for org, bounds in case.requests_at_most.items():
        for endpoint, most in bounds.items():
            assert stats[org]["byEndpoint"].get(endpoint, 0) <= most, (endpoint, stats[org]["byEndpoint"])
    assert not secrets_found(secrets, [tmp_path], capfd.readouterr().err)
    healthy = [o for o in results if o != case.fails]
    outcome = f"{', '.join(healthy)} = fault-free run" + (f"; {case.fails} failed, recorded" if case.fails else "")
    if case.retried:
        outcome += f"; {retries} retries recorded"
    if case.new_tokens:
        outcome += f"; tokens issued per org: {issued}"
    record(Cell(case.cell, case.injected, outcome, lost, duplicates, "tests/reliability/test_fault_matrix.py"))
