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


# Every wrong field (with the fix its message names) is a cell of tests/reliability/test_bad_config.py.


def test_a_missing_orgs_file_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="not found.*WFM_HUB_ORGS"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    "given, stored",
    [
        ("https://api.mypurecloud.de", "https://api.mypurecloud.de"),
        ("https://API.mypurecloud.de/", "https://api.mypurecloud.de"),  # host case and a bare "/" are harmless
        ("http://127.0.0.1:8765/orgs/emea/", "http://127.0.0.1:8765/orgs/emea"),  # the simulator
        ("http://127.3.2.1:80/orgs/emea", "http://127.3.2.1:80/orgs/emea"),  # all of 127.0.0.0/8
        ("http://[::1]:8765/orgs/emea", "http://[::1]:8765/orgs/emea"),
        ("http://localhost:8765/orgs/emea", "http://localhost:8765/orgs/emea"),
    ],
)
def test_the_region_host_and_the_loopback_simulator_are_accepted(tmp_path, given, stored):
    text = GOOD.replace('region = "mypurecloud.de"', f'region = "mypurecloud.de"\napi_base_url = "{given}"', 1)
    assert load_config(_write(tmp_path, text)).org("emea").api_base_url == stored


@pytest.mark.parametrize("text", ["127.0.0.1.example.com", "localhost.example.com", "128.0.0.1"])
def test_only_real_loopback_hosts_may_use_http(tmp_path, text):
    bad = GOOD.replace('region = "mypurecloud.de"', f'region = "mypurecloud.de"\napi_base_url = "http://{text}/x"', 1)
    with pytest.raises(ConfigError, match=f"host {text} "):
        load_config(_write(tmp_path, bad))


@pytest.mark.parametrize("key", ["emea", "emea_west", "a1_b2_c3", "x" * 31])
def test_org_keys_of_words_joined_by_single_underscores_are_accepted(tmp_path, key):
    assert load_config(_write(tmp_path, GOOD.replace('key = "emea"', f'key = "{key}"', 1))).orgs[0].key == key


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
