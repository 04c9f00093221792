"""The Kubernetes profile (deploy/k8s/): what can be checked without a cluster, helm, docker or the
dagster-k8s and dbt-bigquery packages (none is installed here; see docs/deploy.md for what is not
tested)."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from unittest import mock

import pytest
import yaml

from pipelines.config import ConfigError

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"


def test_helm_values_use_the_charts_keys_for_the_k8s_launcher_executor_and_postgres():
    values = yaml.safe_load((K8S / "values.yaml").read_text())
    # top-level keys of the chart's values schema (helm/dagster/schema/schema/charts/dagster/values.py)
    chart_keys = {
        "dagsterWebserver",
        "dagster-user-deployments",
        "postgresql",
        "generatePostgresqlPasswordSecret",
        "runLauncher",
        "dagsterDaemon",
        "telemetry",
        "global",
        "concurrency",
        "computeLogManager",
        "serviceAccount",
        "ingress",
        "imagePullSecrets",
        "retention",
        "scheduler",
        "pythonLogs",
    }
    assert set(values) <= chart_keys
    [code] = values["dagster-user-deployments"]["deployments"]
    assert code["dagsterApiGrpcArgs"] == ["--module-name", "assets.definitions", "--attribute", "defs"]
    assert code["env"]["WFM_HUB_EXECUTOR"] == "k8s" and code["includeConfigInLaunchedRuns"]["enabled"] is True
    assert code["env"]["WFM_HUB_DESTINATION"] == code["env"]["WFM_HUB_DBT_TARGET"] == "bigquery"
    assert values["runLauncher"]["type"] == "K8sRunLauncher" and "k8sRunLauncher" in values["runLauncher"]["config"]
    pg = values["postgresql"]
    assert {"postgresqlHost", "postgresqlUsername", "postgresqlDatabase", "service"} <= set(pg)
    assert values["dagsterDaemon"]["runCoordinator"]["type"] == "QueuedRunCoordinator"
    text = (K8S / "values.yaml").read_text()
    assert not re.search(r"(?i)(client_secret|password|private_key)\s*[:=]\s*[\"']?[A-Za-z0-9/+]{8,}", text)


def test_the_definitions_select_the_executor_by_configuration():
    from assets.executor import executor

    assert executor({}) is None and executor({"WFM_HUB_EXECUTOR": "multiprocess"}) is None
    with pytest.raises(ConfigError, match="multiprocess or k8s"):
        executor({"WFM_HUB_EXECUTOR": "celery"})
    if importlib.util.find_spec("dagster_k8s") is None:
        with pytest.raises(ConfigError, match="needs the dagster-k8s package"):
            executor({"WFM_HUB_EXECUTOR": "k8s"})
        with mock.patch.dict(os.environ, {"WFM_HUB_EXECUTOR": "k8s"}), pytest.raises(ConfigError, match="dagster-k8s"):
            from assets.definitions import build_definitions

            build_definitions()
    else:  # where dagster-k8s is installed: every job runs one pod per step
        with mock.patch.dict(os.environ, {"WFM_HUB_EXECUTOR": "k8s"}):
            from assets.definitions import build_definitions

            defs = build_definitions()
        assert defs.resolve_job_def("nightly_extract").executor_def.name == "k8s"


def test_each_org_extraction_step_is_its_own_op():
    """With the k8s executor each step is a pod: every org's extraction is a separate op (step)."""
    from assets.definitions import defs

    steps = {node.name for node in defs.resolve_job_def("nightly_extract").graph.node_dict.values()}
    assert {"genesys_emea__activity", "genesys_apac__activity", "genesys_emea__dimensions"} <= steps


def test_dockerfile_follows_the_rules_it_relies_on():
    """hadolint is not installed here: the rules the image relies on, checked on the parsed file."""
    lines = [
        ln.strip() for ln in (K8S / "Dockerfile").read_text().splitlines() if ln.strip() and not ln.startswith("#")
    ]
    instructions = [ln.split()[0] for ln in lines]
    assert lines[0] == "FROM python:3.11-slim"  # DL3006/DL3007: a pinned tag, never latest
    runs = " ".join(ln for ln in lines if ln.startswith("RUN"))
    assert "-c constraints.txt" in runs and "dagster-dbt project prepare-and-package --file assets/project.py" in runs
    assert "apt-get" not in runs and "sudo" not in runs and "cd " not in runs  # DL3004, DL3003
    assert "PIP_NO_CACHE_DIR=1" in " ".join(lines)  # DL3042: no pip cache in the image
    assert instructions.count("USER") == 1 and instructions.index("USER") > instructions.index("RUN")  # DL3002
    assert lines[-1].startswith('CMD ["dagster", "api", "grpc"')  # exec form (DL3025)
    assert "ADD" not in instructions  # DL3020: COPY for files
    for copied in (ln.split()[1] for ln in lines if ln.startswith("COPY")):
        assert (ROOT / copied).exists(), copied


def test_the_cloud_warehouse_targets_are_configured():
    """dbt-bigquery is not installed here, so `dbt parse --target bigquery` cannot run: the profile's
    structure is checked instead, and dlt's destination by its environment."""
    outputs = yaml.safe_load((ROOT / "dbt_project" / "profiles.yml").read_text())["wfm_hub"]["outputs"]
    bq = outputs["bigquery"]
    assert bq["type"] == "bigquery" and bq["method"] == "service-account"
    assert {"project", "dataset", "keyfile", "location", "threads"} <= set(bq)
    assert all("env_var(" in bq[k] for k in ("project", "dataset", "keyfile"))
    with mock.patch.dict(os.environ, {"WFM_HUB_DESTINATION": "bigquery"}):
        from pipelines.warehouse import destination

        assert destination() == "bigquery"
