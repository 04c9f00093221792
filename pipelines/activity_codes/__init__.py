"""Activity-code sync, hub to spokes: keep every business unit's custom codes equal to the catalogue.

Entry points (the CLI ``wfm-hub sync-activity-codes`` and the Dagster job use these):

* ``plan_all(config) -> Plan``: read every org's business units and codes, compare with the catalogue
  (``config/activity_codes.yaml`` or ``[sync] hub_org``); no writes. ``Plan.to_dict()`` is JSON.
* ``apply_plan(plan, config, operator=...) -> ApplyReport``: make the plan's creates and updates and
  record each in ``wfm_hub_ops.activity_code_audit``.
* ``sync(config, apply=...)``: both, as the CLI does (a dry run when ``apply`` is false).
* ``plan_business_unit(...)``: the pure comparison for one business unit.

docs/sync.md describes the catalogue format and the rules (match by name, never touch default codes,
never delete, idempotent).
"""

from __future__ import annotations

from dataclasses import replace

from ..config import ConfigError, HubConfig, credentials, load_config
from ..genesys.client import GenesysClient
from .apply import (
    COUNTER,
    WFM,
    ApplyReport,
    IncompleteListing,
    WriteResult,
    apply_plan,
    default_operator,
    list_codes,
    listed,
)
from .catalogue import Catalogue, CatalogueError, catalogue_from_hub, load_catalogue, parse_catalogue
from .plan import Action, Diff, Plan, plan_business_unit

__all__ = [
    "Action",
    "ApplyReport",
    "Catalogue",
    "CatalogueError",
    "Diff",
    "IncompleteListing",
    "Plan",
    "WriteResult",
    "apply_plan",
    "default_operator",
    "load_catalogue",
    "parse_catalogue",
    "plan_all",
    "plan_business_unit",
    "read_units",
    "sync",
    "with_sync",
]


def read_units(client: GenesysClient) -> list[tuple[dict, list[dict]]]:
    """Every business unit of the client's org with its activity codes (inline or via downloadUrl).

    A listing without its ``entities`` (or codes without the business unit's default codes) raises
    ``IncompleteListing``: the plan is never made from it, so nothing is written."""
    client.counters.current = COUNTER
    units = listed(client.get(f"{WFM}/businessunits"), f"org {client.org.key}: GET {WFM}/businessunits")
    return [(bu, list_codes(client, bu["id"])) for bu in units]


def with_sync(config: HubConfig, *, catalogue=None, hub_org=None, hub_business_unit=None) -> HubConfig:
    """``config`` with command-line overrides of ``[sync]`` (validated like the file)."""
    settings = config.sync
    if catalogue:
        settings = replace(settings, catalogue=catalogue, hub_org=None, hub_business_unit=None)
    if hub_org:
        if hub_org not in [o.key for o in config.orgs]:
            raise ConfigError(
                f"--hub-org: {hub_org!r} is not a configured org; use one of {[o.key for o in config.orgs]}"
            )
        settings = replace(settings, hub_org=hub_org, hub_business_unit=hub_business_unit)
    elif hub_business_unit:
        if not settings.hub_org:
            raise ConfigError("--hub-business-unit needs --hub-org (or sync.hub_org in the orgs file)")
        settings = replace(settings, hub_business_unit=hub_business_unit)
    return replace(config, sync=settings)


def plan_all(
    config: HubConfig | None = None, orgs: list[str] | None = None, catalogue: Catalogue | None = None
) -> Plan:
    """The plan for every business unit of ``orgs`` (default: every configured org). Reads only."""
    config = config or load_config()
    keys = list(orgs or [o.key for o in config.orgs])
    for key in keys:
        config.org(key)  # unknown keys fail before any request
    hub = config.sync.hub_org if catalogue is None else None
    if catalogue is None and hub is None:
        catalogue = load_catalogue(config.sync.catalogue)  # a bad catalogue fails before any request
    needed = list(dict.fromkeys(keys + ([hub] if hub else [])))
    secrets = {key: credentials(config.org(key)) for key in needed}
    units = {}
    for key in needed:
        client = GenesysClient(config.org(key), secrets[key], config.extract)
        try:
            units[key] = read_units(client)
        finally:
            client.close()
    if hub:
        catalogue = catalogue_from_hub(
            hub, [(bu["name"], codes) for bu, codes in units[hub]], config.sync.hub_business_unit
        )
    plan = Plan(catalogue.source, {c.name: list(c.enforced) for c in catalogue.codes})
    for key in keys:
        for bu, codes in units[key]:
            plan.actions += plan_business_unit(catalogue, key, bu["id"], bu["name"], codes)
    return plan


def sync(
    config: HubConfig | None = None,
    *,
    apply: bool = False,
    orgs: list[str] | None = None,
    operator: str | None = None,
    on_result=None,
) -> tuple[Plan, ApplyReport | None]:
    """Plan, and with ``apply`` make the writes (none when the plan has none). A second run writes nothing."""
    config = config or load_config()
    plan = plan_all(config, orgs)
    report = apply_plan(plan, config, operator=operator, on_result=on_result) if apply and plan.writes else None
    return plan, report
