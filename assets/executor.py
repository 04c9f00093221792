"""The executor every job runs with, chosen by configuration: ``WFM_HUB_EXECUTOR``.

- unset or ``multiprocess`` (default): steps in processes on one machine (demo, development);
- ``k8s``: dagster-k8s' ``k8s_job_executor``, one Kubernetes Job (pod) per step, so every org's
  extraction step (``genesys_<org>__<group>``) runs in its own pod (deploy/k8s/, docs/deploy.md).
  Needs the ``dagster-k8s`` package in the image (deploy/k8s/Dockerfile installs it) and a server
  warehouse (BigQuery, Snowflake, Postgres): pods share no DuckDB file.
"""

from __future__ import annotations

import importlib

import dagster as dg

from pipelines.config import ConfigError
from pipelines.environment import environment

# per-step pod resources for the k8s executor (step_k8s_config), raised per op by the dagster-k8s/config tag
STEP_K8S_CONFIG = {
    "container_config": {"resources": {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"memory": "2Gi"}}}
}


def executor(environ=None) -> dg.ExecutorDefinition | None:
    """The configured executor (WFM_HUB_EXECUTOR), or None for Dagster's default (multiprocess). Raises
    ConfigError for an unknown name or a missing dagster-k8s, naming the fix."""
    settings = environment(environ)
    name = settings.executor
    if name in ("", "multiprocess"):
        return None
    if name != "k8s":
        raise ConfigError(f"WFM_HUB_EXECUTOR must be multiprocess or k8s, got {name!r}")
    try:
        k8s = importlib.import_module("dagster_k8s")
    except ImportError:
        raise ConfigError(
            "WFM_HUB_EXECUTOR=k8s needs the dagster-k8s package (the image in deploy/k8s/Dockerfile installs it): "
            "pip install dagster-k8s matching your dagster version, or unset WFM_HUB_EXECUTOR"
        ) from None
    return k8s.k8s_job_executor.configured(
        {"max_concurrent": settings.k8s_max_concurrent, "step_k8s_config": STEP_K8S_CONFIG},
        name="k8s",
    )
