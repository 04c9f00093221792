"""Bad configuration, each field wrong in turn: the run stops before any request, naming the field
and the fix, and writes nothing (the cell of docs/reliability.md)."""

from __future__ import annotations

import os
from dataclasses import fields
from unittest import mock

import pytest

from pipelines.config import ConfigError, ExtractSettings
from tests.reliability.matrix import Cell, record

pytestmark = pytest.mark.reliability

GOOD = """
[extract]
{extract}

[sync]
hub_org = "emea"

[[orgs]]
key = "emea"
name = "Acme EMEA"
region = "mypurecloud.de"
api_base_url = "https://api.mypurecloud.de"
login_base_url = "https://login.mypurecloud.de"
"""
SETTINGS = {f.name: f.default for f in fields(ExtractSettings)}
ORG_FIELDS = {
    "key": ('"EMEA Org"', "lower-case identifier"),
    "name": ('""', "display name"),
    "region": ('"mypurecloud.xx"', "not a Genesys Cloud region"),
    "api_base_url": ('"ftp://x"', "http(s) URL"),
    "login_base_url": ('"login.example"', "http(s) URL"),
}
BAD = '"soon"'


def _extract_with(wrong: str) -> str:
    """Every extract setting at its default, ``wrong`` set to a string."""
    return GOOD.format(extract="\n".join(f"{n} = {BAD if n == wrong else v}" for n, v in SETTINGS.items()))


def _org_with(name: str, bad: str) -> str:
    line = next(line for line in GOOD.splitlines() if line.startswith(f"{name} ="))
    return GOOD.format(extract="").replace(line, f"{name} = {bad}")


# (what is wrong, the orgs file, the field the message must name, a text of the fix)
CASES = [(f"extract.{name} = {BAD}", _extract_with(name), f"extract.{name}", "non-negative") for name in SETTINGS]
CASES += [
    (f"orgs[0].{name} = {bad}", _org_with(name, bad), f"orgs[0].{name}", fix) for name, (bad, fix) in ORG_FIELDS.items()
]
CASES += [
    (
        'sync.hub_org = "nowhere"',
        GOOD.format(extract="").replace('hub_org = "emea"', 'hub_org = "nowhere"'),
        "sync.hub_org",
        "configured org",
    ),
    (
        "extract.backfil_days (a typo)",
        GOOD.format(extract="backfil_days = 5"),
        "extract.backfil_days",
        "known settings",
    ),
    ("[extrakt] (a typo)", GOOD.format(extract="").replace("[extract]", "[extrakt]"), "extrakt", "[extract]"),
]


@pytest.mark.parametrize("what, text, field, fix", CASES, ids=[c[0] for c in CASES])
def test_each_wrong_field_stops_the_run_before_any_request(what, text, field, fix, tmp_path):
    from pipelines.run import run

    orgs = tmp_path / "orgs.toml"
    orgs.write_text(text)
    env = {
        "WFM_HUB_ORGS": str(orgs),
        "WFM_HUB_WAREHOUSE": str(tmp_path / "wfm_hub.duckdb"),
        "WFM_HUB_PIPELINES_DIR": str(tmp_path / "pipelines"),
        "SOURCES__GENESYS__ORGS__EMEA__CLIENT_ID": "id",
        "SOURCES__GENESYS__ORGS__EMEA__CLIENT_SECRET": "s3cr3t-value",
    }
    with mock.patch.dict(os.environ, env), pytest.raises(ConfigError) as err:
        run()  # the API hosts are unreachable here: getting past validation would fail differently
    message = str(err.value)
    assert field in message and fix in message, message
    assert "s3cr3t-value" not in message
    assert not (tmp_path / "wfm_hub.duckdb").exists() and not (tmp_path / "pipelines").exists()
    record(
        Cell(
            f"bad config: {what}",
            "the orgs file with this one field wrong",
            message,
            0,
            0,
            "tests/reliability/test_bad_config.py",
        )
    )
