"""The orgs file and the extraction settings, validated before any request is made.

Every error names the field and the fix, e.g. ``orgs[1].region: 'mypurecloud.xx' is not a Genesys
Cloud region; use one of ...``.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ORGS_FILE = ROOT / "config" / "orgs.toml"
DEFAULT_CATALOGUE = ROOT / "config" / "activity_codes.yaml"

# Region domains as the official SDK's PureCloudRegionHosts lists them.
REGIONS = {
    "mypurecloud.com",
    "usw2.pure.cloud",
    "use2.us-gov-pure.cloud",
    "cac1.pure.cloud",
    "sae1.pure.cloud",
    "mxc1.pure.cloud",
    "mypurecloud.ie",
    "euw2.pure.cloud",
    "mypurecloud.de",
    "euc2.pure.cloud",
    "edee1.eusc-pure.cloud",
    "mec1.pure.cloud",
    "aps1.pure.cloud",
    "mypurecloud.jp",
    "apne2.pure.cloud",
    "apne3.pure.cloud",
    "apse1.pure.cloud",
    "mypurecloud.com.au",
}
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


class ConfigError(ValueError):
    """A configuration problem; the message names the field and the fix."""


@dataclass(frozen=True)
class ExtractSettings:
    backfill_days: int = 56
    schedule_days_back: int = 14
    schedule_days_ahead: int = 14
    adherence_days_back: int = 3
    volume_days_back: int = 3
    time_off_days_ahead: int = 42
    rate_limit_per_minute: int = 300
    max_retries: int = 6
    request_timeout_seconds: float = 30  # wall time of one request, however slowly its answer trickles
    job_deadline_seconds: float = 300
    run_deadline_seconds: float = 21600  # one org's whole extraction: a stuck run fails instead of hanging
    max_answer_megabytes: float = 512  # one answer (after decompression); larger answers are refused
    max_pages: int = 2000  # an offset-paged listing without a trustworthy total stops (and fails) here
    max_retired_user_share: float = 0.2  # a users listing that would retire more of an org fails instead


@dataclass(frozen=True)
class OrgConfig:
    key: str
    name: str
    region: str
    api_base_url: str
    login_base_url: str

    def __repr__(self) -> str:  # no secrets here, but keep reprs short in logs
        return f"OrgConfig({self.key}, {self.region})"


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str = field(repr=False)

    def __repr__(self) -> str:
        return f"Credentials(client_id={self.client_id!r}, client_secret=***)"


@dataclass(frozen=True)
class SyncSettings:
    """``[sync]``: where the central activity-code catalogue comes from (docs/sync.md)."""

    catalogue: Path = DEFAULT_CATALOGUE  # the YAML catalogue, used unless hub_org is set
    hub_org: str | None = None  # take the catalogue from this org's custom codes instead
    hub_business_unit: str | None = None  # ... from this one of its business units (default: all of them)


@dataclass(frozen=True)
class HubConfig:
    orgs: tuple[OrgConfig, ...]
    extract: ExtractSettings
    path: Path
    sync: SyncSettings = SyncSettings()

    def org(self, key: str) -> OrgConfig:
        for org in self.orgs:
            if org.key == key:
                return org
        raise ConfigError(f"--orgs: no org {key!r} in {self.path}; configured: {[o.key for o in self.orgs]}")


def orgs_file() -> Path:
    return Path(os.environ.get("WFM_HUB_ORGS", DEFAULT_ORGS_FILE))


def _extract_settings(raw: dict, path: Path) -> ExtractSettings:
    known = {f.name: f for f in fields(ExtractSettings)}
    values = {}
    for name, value in raw.items():
        if name not in known:
            raise ConfigError(f"{path}: extract.{name} is not a setting; known settings: {sorted(known)}")
        expected = int if known[name].type == "int" else float
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or value < 0
            or (expected is int and not isinstance(value, int))
        ):
            raise ConfigError(f"{path}: extract.{name} must be a non-negative {expected.__name__}, got {value!r}")
        values[name] = value
    settings = ExtractSettings(**values)
    if not 0 <= settings.max_retired_user_share <= 1:
        raise ConfigError(f"{path}: extract.max_retired_user_share is a share between 0 and 1 (default 0.2)")
    if settings.rate_limit_per_minute < 1:
        raise ConfigError(f"{path}: extract.rate_limit_per_minute must be at least 1")
    return settings


def _org(raw: dict, index: int, path: Path) -> OrgConfig:
    where = f"{path}: orgs[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a table ([[orgs]]) with key, name and region")
    allowed = {"key", "name", "region", "api_base_url", "login_base_url"}
    for name in raw:
        if name not in allowed:
            raise ConfigError(f"{where}.{name} is not an org setting; allowed: {sorted(allowed)}")
    key = raw.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise ConfigError(
            f"{where}.key must be a short lower-case identifier like 'emea' (letters, digits, underscore), got {key!r}"
        )
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f'{where}.name is missing: give the org a display name, e.g. name = "Acme EMEA"')
    region = raw.get("region")
    if region not in REGIONS:
        raise ConfigError(
            f"{where}.region: {region!r} is not a Genesys Cloud region domain; use one of {sorted(REGIONS)}"
        )
    api = raw.get("api_base_url") or f"https://api.{region}"
    login = raw.get("login_base_url") or f"https://login.{region}"
    for label, url in (("api_base_url", api), ("login_base_url", login)):
        if not re.match(r"^https?://[^\s/]+", url):
            raise ConfigError(f"{where}.{label} must be an http(s) URL, got {url!r}")
    return OrgConfig(key, name.strip(), region, api.rstrip("/"), login.rstrip("/"))


def _sync_settings(raw: dict, path: Path, org_keys: list[str]) -> SyncSettings:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [sync] must be a table with catalogue, hub_org, hub_business_unit")
    allowed = {"catalogue", "hub_org", "hub_business_unit"}
    for name in raw:
        if name not in allowed:
            raise ConfigError(f"{path}: sync.{name} is not a sync setting; allowed: {sorted(allowed)}")
    for name, value in raw.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: sync.{name} must be a non-empty string, got {value!r}")
    catalogue = Path(raw["catalogue"]) if "catalogue" in raw else DEFAULT_CATALOGUE
    if not catalogue.is_absolute():
        catalogue = ROOT / catalogue
    hub = raw.get("hub_org")
    if hub is not None and hub not in org_keys:
        raise ConfigError(
            f"{path}: sync.hub_org {hub!r} is not a configured org; use one of {org_keys} "
            f"or remove hub_org to use the catalogue file"
        )
    if "hub_business_unit" in raw and hub is None:
        raise ConfigError(f"{path}: sync.hub_business_unit needs sync.hub_org (the org the business unit is in)")
    return SyncSettings(catalogue, hub, raw.get("hub_business_unit"))


def load_config(path: Path | str | None = None) -> HubConfig:
    path = Path(path) if path else orgs_file()
    if not path.exists():
        raise ConfigError(f"orgs file {path} not found: create it (see config/orgs.toml) or set WFM_HUB_ORGS")
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path} is not valid TOML: {err}") from None
    unknown = set(raw) - {"orgs", "extract", "sync"}
    if unknown:
        raise ConfigError(f"{path}: unknown top-level section(s) {sorted(unknown)}; use [extract], [sync] and [[orgs]]")
    orgs_raw = raw.get("orgs")
    if not isinstance(orgs_raw, list) or not orgs_raw:
        raise ConfigError(f"{path}: no orgs configured; add at least one [[orgs]] table with key, name, region")
    orgs = tuple(_org(item, i, path) for i, item in enumerate(orgs_raw))
    seen = set()
    for i, org in enumerate(orgs):
        if org.key in seen:
            raise ConfigError(f"{path}: orgs[{i}].key {org.key!r} is used twice; every org needs its own key")
        seen.add(org.key)
    sync = _sync_settings(raw.get("sync", {}), path, [o.key for o in orgs])
    return HubConfig(orgs, _extract_settings(raw.get("extract") or {}, path), path, sync)


def credentials(org: OrgConfig) -> Credentials:
    """The org's OAuth client from dlt's secret providers (environment, .dlt/secrets.toml)."""
    import dlt

    section = f"sources.genesys.orgs.{org.key}"
    found = {}
    for name in ("client_id", "client_secret"):
        value = dlt.secrets.get(f"{section}.{name}")
        if not value or not str(value).strip():
            env = f"SOURCES__GENESYS__ORGS__{org.key.upper()}__{name.upper()}"
            raise ConfigError(
                f"{section}.{name} is missing for org {org.key!r}: set the environment variable {env} "
                f"or add {name} under [{section}] in .dlt/secrets.toml"
            )
        found[name] = str(value).strip()
    return Credentials(found["client_id"], found["client_secret"])
