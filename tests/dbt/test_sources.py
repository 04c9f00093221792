"""dbt's sources are generated from the orgs file and the load contract, and never drift from them.

The committed ``_genesys__sources.yml`` and ``genesys_source_orgs.sql`` must equal what
``python -m scripts.dbt_sources`` produces now: a column changed in ``pipelines/genesys/settings.py`` without
``make setup`` fails here. Adding an org is one edit of the orgs file plus the generator (``make setup``).
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from pipelines.config import load_config
from pipelines.genesys.settings import TABLES
from scripts import dbt_sources
from tests.dbtrun import DBT

STAGING = dbt_sources.DBT_PROJECT / "models" / "staging" / "genesys"


def _committed_sources() -> dict:
    return yaml.safe_load((dbt_sources.DBT_PROJECT / dbt_sources.SOURCES_FILE).read_text())


def test_committed_sources_are_what_the_generator_makes_now():
    assert dbt_sources.stale() == [], "stale dbt sources: run `make setup` (python -m scripts.dbt_sources)"


def test_the_generator_runs_as_a_module_and_checks():
    done = subprocess.run(
        [sys.executable, "-m", "scripts.dbt_sources", "--check"],
        cwd=dbt_sources.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t["users"]["columns"]["date_hire"].update(data_type="text"),
        lambda t: t["queues"]["columns"].pop("media_types"),
        lambda t: t["forecasts"]["columns"].update(creation_method=t["forecasts"]["columns"].pop("creation_method")),
    ],
    ids=["retyped", "dropped", "moved"],
)
def test_a_load_contract_change_without_regenerating_is_stale(change):
    tables = copy.deepcopy(TABLES)
    change(tables)
    assert dbt_sources.stale(tables=tables) == [dbt_sources.DBT_PROJECT / dbt_sources.SOURCES_FILE]


def test_a_column_without_a_description_is_refused_with_the_fix():
    tables = copy.deepcopy(TABLES)
    tables["forecasts"]["columns"]["creation_mode"] = {"data_type": "text", "nullable": True}
    with pytest.raises(dbt_sources.SourcesError, match=r"'forecasts'.*'creation_mode'.*dbt_source_docs"):
        dbt_sources.stale(tables=tables)


def test_unsupported_type_is_refused_with_the_fix():
    tables = copy.deepcopy(TABLES)
    tables["queues"]["columns"]["name"]["data_type"] = "decimal"
    with pytest.raises(dbt_sources.SourcesError, match=r"'queues'.*'name'.*'decimal'.*sql_type"):
        dbt_sources.generated(["emea"], tables)


def test_every_org_source_has_every_contract_column_typed_and_described():
    keys = [org.key for org in load_config().orgs]
    sources = {s["name"]: s for s in _committed_sources()["sources"]}
    assert list(sources) == [f"genesys_{key}" for key in keys] and len(keys) >= 2
    assert json.dumps(keys) in (dbt_sources.DBT_PROJECT / dbt_sources.ORGS_MACRO_FILE).read_text()
    for source in sources.values():
        assert source["config"]["meta"]["org_key"] == source["name"].removeprefix("genesys_")
        tables = {t["name"]: t for t in source["tables"]}
        assert list(tables) == list(TABLES)
        for name, hints in TABLES.items():
            expected = {column: hint["data_type"] for column, hint in hints["columns"].items()}
            if dbt_sources.disposition(hints) == "scd2":
                expected |= {"_dlt_valid_from": "timestamp", "_dlt_valid_to": "timestamp"}
            columns = tables[name]["columns"]
            assert {c["name"]: c["data_type"] for c in columns} == expected, name
            assert all(c["description"] for c in columns), name
            assert tables[name]["config"]["meta"]["write_disposition"] == dbt_sources.disposition(hints)
    # every scd2 table's staging model exposes its versions (valid_from/to, is_current, is_latest)
    scd2 = {t for t, h in TABLES.items() if dbt_sources.disposition(h) == "scd2"}
    assert {"users", "schedule_activities"} <= scd2
    for table in scd2:
        assert "scd2_validity(" in (STAGING / f"stg_genesys__{table}.sql").read_text(), table


def test_each_raw_table_has_one_staging_model_named_after_it_that_names_no_column():
    models = sorted(STAGING.glob("stg_genesys__*.sql"))
    assert sorted(p.stem.removeprefix("stg_genesys__") for p in models) == sorted(TABLES)
    for path in models:
        calls = re.findall(r"union_genesys_orgs\(([^)]*)\)", path.read_text())
        assert calls == [f"'{path.stem.removeprefix('stg_genesys__')}'"], path.name


def test_adding_an_org_is_one_edit_of_the_orgs_file_plus_the_generator(tmp_path, monkeypatch):
    """A fourth org in the orgs file: the generator gives dbt its source, and every staging model reads it."""
    orgs = tmp_path / "orgs.toml"
    text = (dbt_sources.ROOT / "config" / "orgs.toml").read_text()
    orgs.write_text(text + '\n[[orgs]]\nkey = "latam"\nname = "Acme LATAM"\nregion = "sae1.pure.cloud"\n')
    monkeypatch.setenv("WFM_HUB_ORGS", str(orgs))
    project = tmp_path / "dbt_project"
    shutil.copytree(dbt_sources.DBT_PROJECT, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    written = dbt_sources.write(project)
    assert sorted(p.name for p in written) == ["_genesys__sources.yml", "genesys_source_orgs.sql"]
    assert dbt_sources.write(project) == []  # nothing left to write: unchanged files keep their mtime
    done = subprocess.run(
        [DBT, "parse", "--project-dir", str(project), "--profiles-dir", str(project),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "WFM_HUB_WAREHOUSE": str(tmp_path / "w.duckdb")},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    users = manifest["nodes"]["model.wfm_hub.stg_genesys__users"]["depends_on"]["nodes"]
    assert "source.wfm_hub.genesys_latam.users" in users and len(users) == 4
    assert manifest["sources"]["source.wfm_hub.genesys_latam.users"]["source_meta"]["org_key"] == "latam"
