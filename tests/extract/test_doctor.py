"""``python -m pipelines doctor`` against real simulator processes over loopback HTTP.

All green on tiny; a missing permission, a refused secret, an unreachable or silent org, a rate limit
below the configured one and an org without WFM access are each named with their fix, and never stop
the other org's checks; the nightly estimate equals the request minimum a real run makes.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import time
from pathlib import Path

import pytest

from bench.minimum import minimum_requests
from genesys_sim.connect import write_orgs_file
from genesys_sim.model import Model
from genesys_sim.runtime import ALL_PERMISSIONS
from genesys_sim.scenarios import get_scenario
from pipelines.__main__ import main
from pipelines.doctor import doctor
from pipelines.genesys.probes import PROBES
from tests.simproc import TEST_ANCHOR, start_sim
from tests.warehouse import ANCHOR, fast_extract, hub_env, run_pipeline

GENERAL = ["login", "token", "api", "clock", "rate limit", "WFM license"]
ESTIMATES = ["nightly requests", "first-run requests"]
EVERY_CHECK = GENERAL + [f"permission {name}" for name in PROBES] + ESTIMATES
# the role a real org would lack: every wfm read permission the simulated role holds
# every wfm view permission of the simulator's role: without them no business unit is authorized
WFM_READS = [p for p in ALL_PERMISSIONS if p.startswith("wfm:") and p.endswith(":view")]


@pytest.fixture(scope="module")
def sim():
    process = start_sim("tiny", TEST_ANCHOR)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def restricted_sim():
    """apac's role lacks wfm:historicalAdherence:view; every token is allowed 200 requests a minute."""
    process = start_sim("tiny", TEST_ANCHOR, "--deny", "apac:wfm:historicalAdherence:view", "--rate-limit", "200")
    yield process
    process.stop()


def _cli(sim, workdir: Path, extract: dict | None = None, **env) -> tuple[int, str]:
    """``python -m pipelines doctor`` as the CLI runs it (in this process), with the orgs file in use."""
    out = io.StringIO()
    with (
        hub_env(sim, workdir, extract or fast_extract(), WFM_HUB_TODAY=TEST_ANCHOR, **env),
        contextlib.redirect_stdout(out),
    ):
        code = main(["doctor"])
    return code, out.getvalue()


def _rows(sim, workdir: Path, extract: dict | None = None, orgs_file: Path | None = None, **env):
    with hub_env(sim, workdir, extract or fast_extract(), WFM_HUB_TODAY=TEST_ANCHOR, **env):
        if orgs_file:
            os.environ["WFM_HUB_ORGS"] = str(orgs_file)
        return doctor(timeout=2)


def _no_secret(sim, text: str) -> None:
    leaked = [s for s in sim.secrets() if s in text]
    assert not leaked, f"{len(leaked)} secrets or tokens in the output"


def test_tiny_is_ready_and_every_check_is_listed(sim, tmp_path):
    code, text = _cli(sim, tmp_path)
    assert code == 0, text
    assert text.rstrip().endswith("Ready: emea, apac.")
    report = _rows(sim, tmp_path / "again")
    model = Model(get_scenario("tiny"), ANCHOR)
    for org in ("emea", "apac"):
        rows = report.org_rows(org)
        assert list(rows) == EVERY_CHECK
        assert {name: row.status for name, row in rows.items() if row.status != "ok"} == {}
        assert "region mypurecloud" in rows["login"].detail
        assert rows["rate limit"].detail == "the API allows 300 a minute per token; pacing at 300"
        for name in ESTIMATES:  # the arithmetic of the run's windows, on what doctor counted over HTTP
            figures = rows[name].figures
            # doctor cannot know Genesys' inline-answer threshold: it counts a download for every
            # agent-schedule query, an upper bound of the true minimum
            assert figures["requests"] == minimum_requests(model, org, figures["windows"], inline_agents=0)
            assert figures["requests"] >= minimum_requests(model, org, figures["windows"])
    assert "wfm:historicalAdherence:view" in report.org_rows("emea")["permission historical_adherence"].detail
    _no_secret(sim, text)


def test_a_missing_permission_and_a_lower_rate_limit_are_named_with_their_fix(restricted_sim, tmp_path):
    code, text = _cli(restricted_sim, tmp_path)
    assert code == 1
    report = _rows(restricted_sim, tmp_path / "again")
    apac, emea = report.org_rows("apac"), report.org_rows("emea")
    denied = apac["permission historical_adherence"]
    assert denied.status == "FAIL" and "wfm:historicalAdherence:view" in denied.detail
    assert denied.fix == "add permission wfm:historicalAdherence:view to the OAuth client's role"
    assert f"fix: {denied.fix}" in text
    assert [n for n, r in apac.items() if r.status == "FAIL"] == ["rate limit", "permission historical_adherence"]
    assert [n for n, r in emea.items() if r.status == "FAIL"] == ["rate limit"]  # emea holds every permission
    assert emea["rate limit"].fix.startswith("set rate_limit_per_minute = 200 under [extract] in ")
    assert emea["nightly requests"].detail.endswith("at 200 a minute")  # the API's limit, not the client's 291
    assert "Not ready: emea, apac." in text
    _no_secret(restricted_sim, text)


def test_a_refused_secret_is_reported_and_the_other_org_still_checked(sim, tmp_path):
    code, text = _cli(sim, tmp_path, SOURCES__GENESYS__ORGS__EMEA__CLIENT_SECRET="not-the-secret")
    assert code == 1
    report = _rows(sim, tmp_path / "again", SOURCES__GENESYS__ORGS__EMEA__CLIENT_SECRET="not-the-secret")
    emea = report.org_rows("emea")
    assert emea["token"].status == "FAIL" and "refused" in emea["token"].detail
    assert "SOURCES__GENESYS__ORGS__EMEA__CLIENT_SECRET" in emea["token"].fix
    assert emea["permissions"].status == "-"
    assert all(r.status == "ok" for r in report.org_rows("apac").values())
    assert "Ready: apac. Not ready: emea." in text
    _no_secret(sim, text)
    assert "not-the-secret" not in text


def test_a_missing_secret_is_named_with_its_variable(sim, tmp_path):
    with hub_env(sim, tmp_path, fast_extract(), WFM_HUB_TODAY=TEST_ANCHOR):
        del os.environ["SOURCES__GENESYS__ORGS__APAC__CLIENT_SECRET"]
        report = doctor(timeout=2)
    apac = report.org_rows("apac")
    assert apac["credentials"].status == "FAIL"
    assert "SOURCES__GENESYS__ORGS__APAC__CLIENT_SECRET" in apac["credentials"].fix
    assert report.org_rows("emea")["token"].status == "ok" and not report.ready


@pytest.mark.parametrize("how", ["closed port", "silent listener"])
def test_an_unreachable_org_is_reported_within_the_call_timeouts(sim, tmp_path, how):
    """apac points at a loopback port nobody answers on (refused at once), or one that accepts and
    never answers: reported within the bounded attempts (2 s each, two of them), not the extraction's
    30 s x 7 attempts; emea is checked in full meanwhile."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    if how == "closed port":
        listener.close()
    else:
        listener.listen(8)
    try:
        elsewhere = f"http://127.0.0.1:{port}/orgs/apac"
        orgs = [
            {**o, "api_base_url": elsewhere, "login_base_url": f"{elsewhere}/login"} if o["name"] == "Acme APAC" else o
            for o in sim.orgs
        ]
        began = time.monotonic()
        report = _rows(sim, tmp_path, orgs_file=write_orgs_file(orgs, tmp_path / "elsewhere.toml", fast_extract()))
        elapsed = time.monotonic() - began
    finally:
        listener.close()
    token = report.org_rows("apac")["token"]
    assert token.status == "FAIL" and "did not answer" in token.detail
    assert ("ConnectError" if how == "closed port" else "Timeout") in token.detail
    assert f"http://127.0.0.1:{port}/orgs/apac/login" in token.fix
    assert elapsed < 15, f"{elapsed:.1f} s"  # bounded: unbounded, the extraction's settings wait minutes
    assert all(r.status == "ok" for r in report.org_rows("emea").values())


def test_an_org_without_wfm_access_fails_the_license_check(tmp_path):
    process = start_sim("tiny", TEST_ANCHOR, *[arg for p in WFM_READS for arg in ("--deny", f"apac:{p}")])
    try:
        report = _rows(process, tmp_path)
    finally:
        process.stop()
    apac = report.org_rows("apac")
    assert apac["WFM license"].status == "FAIL" and "none authorized" in apac["WFM license"].detail
    assert apac["permission business_units"].status == "-"
    assert apac["permission queues"].status == "ok"  # the directory is still checked
    assert (
        apac["nightly requests"].status == "WARN" and "not counted: business units" in apac["nightly requests"].detail
    )
    assert report.org_rows("emea")["WFM license"].status == "ok"


@pytest.mark.slow
def test_the_nightly_estimate_is_the_minimum_a_real_run_makes(sim, tmp_path):
    """With backfill_days = 0 a first run reads exactly the nightly windows, every week of them (what a
    night on which every week was republished reads): the requests it makes are the bench's minimum
    (within 2%: retries of a loaded machine; none expected), and doctor's estimate is that minimum with
    a download counted for every agent-schedule query (Genesys' inline threshold is not documented)."""
    extract = fast_extract(backfill_days=0)
    report = _rows(sim, tmp_path / "doctor", extract)
    sim.reset_stats()
    run = run_pipeline(sim, tmp_path / "run", extract)
    stats = sim.stats()
    assert not run.failed, [r.error for r in run.failed]
    model = Model(get_scenario("tiny"), ANCHOR)
    for result in run.results:
        nightly = report.org_rows(result.org.key)["nightly requests"].figures
        assert nightly["windows"] == result.windows
        minimum = minimum_requests(model, result.org.key, result.windows)
        assert nightly["requests"] == minimum_requests(model, result.org.key, result.windows, inline_agents=0)
        made = stats[result.org.key]["requests"]
        assert minimum <= made <= minimum * 1.02, (result.org.key, made, minimum)
        assert made <= nightly["requests"], "the estimate is an upper bound"
