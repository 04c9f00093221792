"""One source of truth for settings: the environment registry, the [extract] defaults and their docs."""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict
from pathlib import Path

import pytest

from pipelines.config import ROOT, ConfigError, ExtractSettings
from pipelines.environment import VARIABLES, environment

DOCS = (Path(ROOT) / "docs" / "configuration.md").read_text()


def test_the_docs_table_is_the_registry():
    rows = re.findall(r"^\| `(WFM_HUB_\w+)` \| (.*?) \|", DOCS, re.M)
    assert [name for name, _ in rows] == list(VARIABLES)
    for name, default in rows:
        want = f"`{VARIABLES[name].default}`" if VARIABLES[name].default else "(unset)"
        assert default == want, name


def test_no_module_reads_a_wfm_hub_variable_itself():
    readers = []
    for folder in ("pipelines", "assets", "report", "scripts", "bench", "genesys_sim"):
        for path in (Path(ROOT) / folder).rglob("*.py"):
            if path.name == "environment.py":
                continue
            text = path.read_text()
            if re.search(r"environ(?:\.get)?\(\s*[\"']WFM_HUB_|environ\[[\"']WFM_HUB_|getenv\([\"']WFM_HUB_", text):
                readers.append(str(path.relative_to(ROOT)))
    assert readers == [], "read WFM_HUB_* through pipelines.environment"


@pytest.mark.parametrize("path", ["config/orgs.toml", "docs/configuration.md"])
def test_documented_extract_defaults_are_the_code_defaults(path):
    text = (Path(ROOT) / path).read_text()
    block = text.split("[extract]", 1)[1].split("\n\n", 1)[0]
    documented = tomllib.loads(block)
    assert documented == asdict(ExtractSettings()), path


def test_bad_values_name_the_variable_and_an_example():
    assert environment({}).lock_wait_seconds == 900 and environment({}).today is None
    assert environment({"WFM_HUB_TODAY": "2026-11-23"}).today.isoformat() == "2026-11-23"
    for name, bad in (("WFM_HUB_LOCK_WAIT_SECONDS", "soon"), ("WFM_HUB_TODAY", "23/11/2026"), ("WFM_HUB_PG_PORT", "0")):
        with pytest.raises(ConfigError, match=f"{name} must be .* e.g. {name}="):
            environment({name: bad})
    settings = environment({"WFM_HUB_WAREHOUSE": "/tmp/x/w.duckdb"})
    assert settings.pipelines_dir == Path("/tmp/x/pipelines"), "dlt's state lives beside the warehouse"
