"""doctor's clock, rate-limit and readiness rules on given answers (no server: the headers are set
by hand; the HTTP end to end is tests/extract/test_doctor.py)."""

from __future__ import annotations

import time
from datetime import date
from email.utils import formatdate
from pathlib import Path

import httpx
import pytest

from pipelines.config import ExtractSettings, HubConfig, OrgConfig
from pipelines.doctor.checks import OrgDoctor
from pipelines.doctor.estimate import Census, Unit, estimate_rows
from pipelines.doctor.table import Check, ready, render

ORG = OrgConfig("emea", "Acme EMEA", "mypurecloud.de", "https://api.mypurecloud.de", "https://login.mypurecloud.de")
CONFIG = HubConfig((ORG,), ExtractSettings(rate_limit_per_minute=300), Path("orgs.toml"))
TODAY = date(2026, 11, 23)


class _Answered:
    """What the doctor's client remembers of its last exchange."""

    def __init__(self, offset_seconds: float, **headers):
        now = time.time()
        self.last = (now, now + 0.1, httpx.Headers({"date": formatdate(now - offset_seconds, usegmt=True), **headers}))


def _doctor(client) -> OrgDoctor:
    doctor = OrgDoctor(ORG, None, CONFIG, TODAY, 10, 600)
    doctor.client = client
    return doctor


@pytest.mark.parametrize(("offset", "status"), [(5, "ok"), (30, "ok"), (-90, "WARN"), (120, "WARN")])
def test_clock_skew_beyond_a_minute_warns_with_its_fix(offset, status):
    doctor = _doctor(_Answered(offset))
    doctor._clock()
    (row,) = doctor.rows
    assert row.status == status, row.detail
    assert ("ahead of" if offset >= 0 else "behind") in row.detail
    assert (row.fix != "") == (status == "WARN")


@pytest.mark.parametrize(
    ("allowed", "status", "fix"),
    [(None, "ok", ""), ("300", "ok", ""), ("600", "ok", ""), ("180", "FAIL", "set rate_limit_per_minute = 180")],
)
def test_the_api_limit_below_the_configured_one_fails(allowed, status, fix):
    doctor = _doctor(_Answered(0, **({"inin-ratelimit-allowed": allowed} if allowed else {})))
    doctor._rate_limit()
    (row,) = doctor.rows
    assert row.status == status and row.fix.startswith(fix)


def test_the_estimate_fails_beyond_the_run_deadline_and_warns_when_incomplete():
    """50 business units of 60 management units each cannot be read within a 10-minute deadline."""
    unit = Unit("Monday", members=[10] * 60, schedules=[{"weekDate": "2026-11-16", "weekCount": 1, "published": True}])
    census = Census(users=100, queues=10, units=[unit] * 50, gaps=["queues"])
    config = HubConfig((ORG,), ExtractSettings(run_deadline_seconds=600), Path("orgs.toml"))
    nightly, first = estimate_rows("emea", census, config, TODAY, allowed=None)
    assert nightly.status == "FAIL" and "raise extract.run_deadline_seconds" in nightly.fix
    assert "not counted: queues" in nightly.detail
    assert "--start D --end D" in first.fix and "--start" not in nightly.fix
    assert nightly.figures["requests"] > 600 / 60 * 291


def test_ready_means_no_fail_and_nothing_unchecked():
    rows = [Check("emea", "clock", "WARN", "off", "sync"), Check("apac", "token", "FAIL", "refused", "set it")]
    assert ready(rows, "emea") and not ready(rows, "apac")
    text = render(rows, ["emea", "apac"])
    assert "Problems (1):\n  apac token: refused\n    fix: set it" in text
    assert "Warnings (1):" in text and text.endswith("Ready: emea. Not ready: apac.")
