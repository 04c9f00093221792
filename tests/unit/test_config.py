"""Bad configuration fails before any request, naming the field and the fix."""

from __future__ import annotations

import os
from unittest import mock

import pytest

from pipelines.config import ConfigError, credentials, load_config

GOOD = """
[extract]
backfill_days = 56

[[orgs]]
key = "emea"
name = "Acme EMEA"
region = "mypurecloud.de"

[[orgs]]
key = "apac"
name = "Acme APAC"
region = "mypurecloud.com.au"
"""


def _write(tmp_path, text):
    path = tmp_path / "orgs.toml"
    path.write_text(text)
    return path


def test_the_shipped_orgs_file_is_valid():
    config = load_config()
    assert [o.key for o in config.orgs] == ["emea", "apac", "amer"]
    assert config.org("emea").api_base_url == "https://api.mypurecloud.de"
    assert config.org("apac").login_base_url == "https://login.mypurecloud.com.au"


@pytest.mark.parametrize(
    "change, field, fix",
    [
        (('region = "mypurecloud.de"', 'region = "mypurecloud.xx"'), "orgs[0].region", "mypurecloud.com.au"),
        (('key = "apac"', 'key = "emea"'), "orgs[1].key", "used twice"),
        (('key = "emea"', 'key = "EMEA Org"'), "orgs[0].key", "lower-case identifier"),
        (('name = "Acme EMEA"', 'name = ""'), "orgs[0].name", "display name"),
        (("backfill_days = 56", "backfill_days = -1"), "extract.backfill_days", "non-negative int"),
        (("backfill_days = 56", "backfil_days = 5"), "extract.backfil_days", "known settings"),
        (
            ('region = "mypurecloud.de"', 'region = "mypurecloud.de"\napi_base_url = "ftp://x"'),
            "orgs[0].api_base_url",
            "http(s) URL",
        ),
    ],
)
def test_each_bad_field_is_named_with_its_fix(tmp_path, change, field, fix):
    path = _write(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert field in str(err.value) and fix in str(err.value)


def test_missing_file_and_no_orgs(tmp_path):
    with pytest.raises(ConfigError, match="not found.*WFM_HUB_ORGS"):
        load_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match=r"no orgs configured.*\[\[orgs\]\]"):
        load_config(_write(tmp_path, "[extract]\nbackfill_days = 3\n"))


def test_missing_secret_names_the_variable_and_the_file(tmp_path):
    config = load_config(_write(tmp_path, GOOD))
    env = {"SOURCES__GENESYS__ORGS__EMEA__CLIENT_ID": "id-1"}
    with mock.patch.dict(os.environ, env, clear=False):
        os.environ.pop("SOURCES__GENESYS__ORGS__EMEA__CLIENT_SECRET", None)
        with pytest.raises(ConfigError) as err:
            credentials(config.org("emea"))
    message = str(err.value)
    assert "sources.genesys.orgs.emea.client_secret" in message
    assert "SOURCES__GENESYS__ORGS__EMEA__CLIENT_SECRET" in message and ".dlt/secrets.toml" in message


def test_credentials_repr_hides_the_secret():
    from pipelines.config import Credentials

    creds = Credentials("id-1", "super-secret-value")
    assert "super-secret-value" not in repr(creds) and "super-secret-value" not in str(creds)


def test_run_rejects_bad_config_before_any_request(tmp_path):
    from pipelines.run import run

    path = _write(tmp_path, GOOD)
    with mock.patch.dict(os.environ, {"WFM_HUB_ORGS": str(path)}):
        for name in ("EMEA", "APAC"):
            os.environ.pop(f"SOURCES__GENESYS__ORGS__{name}__CLIENT_ID", None)
            os.environ.pop(f"SOURCES__GENESYS__ORGS__{name}__CLIENT_SECRET", None)
        with pytest.raises(ConfigError, match="client_id is missing"):
            run(today=None)  # no simulator is running: any request would fail differently
        with pytest.raises(ConfigError, match="--resources: unknown"):
            run(resources=["schedule"])
