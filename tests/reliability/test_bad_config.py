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
SETTINGS = {f.name: f for f in fields(ExtractSettings)}
SECRET = "s3cr3t-value"  # the client secret in the environment; no message may carry it
# (wrong value, a text of the fix) per org field
ORG_FIELDS = {
    "key": [
        ('"EMEA Org"', "lower-case identifier"),
        ('"emea__west"', "no '__'"),  # "__" separates the parts of pipeline names: it would let two collide
        ('"emea_"', "no '__' or trailing '_'"),
    ],
    "name": [('""', "display name")],
    "region": [('"mypurecloud.xx"', "not a Genesys Cloud region")],
    "api_base_url": [
        ('"ftp://x"', "use 'https://api.mypurecloud.de'"),
        ('"http://api.mypurecloud.de"', "scheme http (only https)"),
        ('"https://api.mypurecloud.de/api/v2"', "path /api/v2"),
        ('"https://api.mypurecloud.de?x=1"', "a query"),
        ('"https://api.mypurecloud.com"', "host api.mypurecloud.com (not this region's)"),
        ('"https://api.mypurecloud.de:8443"', "port 8443"),
    ],
    "login_base_url": [
        ('"login.example"', "use 'https://login.mypurecloud.de'"),
        ('"https://login.usw2.pure.cloud"', "host login.usw2.pure.cloud (not this region's)"),
        (f'"https://id:{SECRET}@login.mypurecloud.de"', "user:password part"),
        ('"http://127.0.0.1:9000/orgs/emea#x"', "fragment"),  # the simulator exception has limits too
    ],
}


def _bad_numbers(setting) -> list[tuple[str, str]]:
    """Wrong values of one extract setting with a text of the fix: a string, and each number it refuses."""
    if setting.type == "int":
        low, high = setting.metadata["min"], setting.metadata.get("max")
        wrong = ['"soon"', str(low - 1), "2.5"] + ([str(high + 1)] if high else [])
        return [(v, "whole number") for v in wrong]
    unit = setting.metadata.get("unit")
    if unit:  # a measure other than seconds: its own bounds
        low, high = (
            (-1, setting.metadata["max"] * 2) if setting.metadata.get("zero") else (0, setting.metadata["max"] * 2)
        )
        return [(v, f"finite number of {unit}") for v in ('"soon"', "nan", "inf", str(low), str(high))]
    return [(v, "finite number of seconds above 0") for v in ('"soon"', "nan", "inf", "0", "-1", "86401")]


def _extract_with(wrong: str, bad: str) -> str:
    """Every extract setting at its default, ``wrong`` set to ``bad``."""
    return GOOD.format(extract="\n".join(f"{n} = {bad if n == wrong else f.default}" for n, f in SETTINGS.items()))


def _org_with(name: str, bad: str) -> str:
    line = next(line for line in GOOD.splitlines() if line.startswith(f"{name} ="))
    return GOOD.format(extract="").replace(line, f"{name} = {bad}")


# (what is wrong, the orgs file, the field the message must name, a text of the fix)
CASES = [
    (f"extract.{name} = {bad}", _extract_with(name, bad), f"extract.{name}", fix)
    for name, setting in SETTINGS.items()
    for bad, fix in _bad_numbers(setting)
]
CASES += [
    (f"orgs[0].{name} = {bad.replace(SECRET, '***')}", _org_with(name, bad), f"orgs[0].{name}", fix)
    for name, wrong in ORG_FIELDS.items()
    for bad, fix in wrong
]
CASES += [
    (
        'orgs[1].key = "emea" (twice)',
        GOOD.format(extract="") + '\n[[orgs]]\nkey = "emea"\nname = "Acme EMEA 2"\nregion = "mypurecloud.ie"\n',
        "orgs[1].key",
        "used twice",
    ),
    (
        "no [[orgs]]",
        GOOD.format(extract="").split("[[orgs]]")[0],
        "no orgs configured",
        "add at least one [[orgs]]",
    ),
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
        "SOURCES__GENESYS__ORGS__EMEA__CLIENT_SECRET": SECRET,
    }
    with mock.patch.dict(os.environ, env), pytest.raises(ConfigError) as err:
        run()  # the API hosts are unreachable here: getting past validation would fail differently
    message = str(err.value)
    assert field in message and fix in message, message
    assert SECRET not in message
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
