"""The orgs file and the extraction settings, validated before any request is made.

Every error names the field and the fix, e.g. ``orgs[1].region: 'mypurecloud.xx' is not a Genesys
Cloud region; use one of ...``.
"""

from __future__ import annotations

import ipaddress
import math
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

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
# Lower-case words joined by single underscores, at most 31 characters. A key never contains "__" nor
# ends in "_", so names built from it with the "__" separator (pipelines.warehouse.pipeline_name, the
# secrets' environment variables) cannot collide with another org's.
KEY_PATTERN = re.compile(r"^(?=.{1,31}$)[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
MAX_DAYS = 36500  # a window longer than a century is a typo (and overflows date arithmetic)
MAX_SECONDS = 86400  # a timeout or job deadline beyond a day is a typo (and overflows socket timeouts)


class ConfigError(ValueError):
    """A configuration problem; the message names the field and the fix."""


@dataclass(frozen=True)
class ExtractSettings:
    """``[extract]``. Whole numbers carry their smallest sensible value (and why) in the field's
    metadata; day counts are at most MAX_DAYS. Seconds must be finite, above 0 and at most MAX_SECONDS
    (0 fails every call; nan or inf would disable the timeout or the job deadline)."""

    backfill_days: int = field(default=56, metadata={"min": 0, "max": MAX_DAYS})
    schedule_days_back: int = field(
        default=14, metadata={"min": 1, "max": MAX_DAYS, "why": "0 never re-reads the day that just ended"}
    )
    schedule_days_ahead: int = field(default=14, metadata={"min": 0, "max": MAX_DAYS})
    adherence_days_back: int = field(
        default=3, metadata={"min": 1, "max": MAX_DAYS, "why": "0 days is an empty window: nothing would load"}
    )
    volume_days_back: int = field(
        default=3, metadata={"min": 1, "max": MAX_DAYS, "why": "0 days is an empty window: nothing would load"}
    )
    time_off_days_ahead: int = field(default=42, metadata={"min": 0, "max": MAX_DAYS})
    rate_limit_per_minute: int = field(default=300, metadata={"min": 1, "why": "0 requests a minute never sends one"})
    # per org token: calls awaiting their answer at once (1: one at a time), always within the rate limit
    calls_in_flight: int = field(default=16, metadata={"min": 1, "max": 64, "why": "0 in flight never sends one"})
    max_retries: int = field(default=6, metadata={"min": 0})
    request_timeout_seconds: float = 30  # wall time of one request, however slowly its answer trickles
    job_deadline_seconds: float = 300
    run_deadline_seconds: float = 21600  # one org's whole extraction: a stuck run fails instead of hanging
    # one answer, after decompression: a larger one is refused (a gzip bomb cannot exhaust memory)
    max_answer_megabytes: float = field(default=512, metadata={"unit": "megabytes", "max": 65536})
    # an offset-paged listing without a trustworthy total stops (and fails) after this many pages
    max_pages: int = field(default=2000, metadata={"min": 1, "why": "a listing has at least one page"})
    # a users listing that would retire more than this share of last run's users fails the org instead
    max_retired_user_share: float = field(default=0.2, metadata={"unit": "share of the users", "max": 1, "zero": True})


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
class RetentionSettings:
    """``[retention]`` (docs/privacy.md), both off (0) by default and applied by the nightly:
    ``pseudonymize_after_months``: people whose every account has been inactive or gone this many
    months (30-day months) are pseudonymized like ``erase-person``; ``raw_detail_days``: raw interval
    and activity detail older than this many days (UTC) is deleted."""

    pseudonymize_after_months: int = 0
    raw_detail_days: int = 0


@dataclass(frozen=True)
class HubConfig:
    orgs: tuple[OrgConfig, ...]
    extract: ExtractSettings
    path: Path
    sync: SyncSettings = SyncSettings()
    retention: RetentionSettings = RetentionSettings()

    def org(self, key: str) -> OrgConfig:
        for org in self.orgs:
            if org.key == key:
                return org
        raise ConfigError(f"--orgs: no org {key!r} in {self.path}; configured: {[o.key for o in self.orgs]}")


def orgs_file() -> Path:
    from .environment import environment

    return environment().orgs_file


def _extract_settings(raw: dict, path: Path) -> ExtractSettings:
    known = {f.name: f for f in fields(ExtractSettings)}
    values = {}
    for name, value in raw.items():
        if name not in known:
            raise ConfigError(f"{path}: extract.{name} is not a setting; known settings: {sorted(known)}")
        where, default, limits = f"{path}: extract.{name}", known[name].default, known[name].metadata
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if known[name].type == "int":
            low, high = limits["min"], limits.get("max")
            if not number or not isinstance(value, int) or value < low or (high is not None and value > high):
                span = f"from {low} to {high}" if high is not None else f"of at least {low}"
                why = f" ({limits['why']})" if "why" in limits else ""
                raise ConfigError(f"{where} must be a whole number {span}{why}, got {value!r}; e.g. {name} = {default}")
        elif "unit" in limits:
            low = "from 0" if limits.get("zero") else "above 0"
            if (
                not number
                or not math.isfinite(value)
                or value > limits["max"]
                or not (value >= 0 if limits.get("zero") else value > 0)
            ):
                raise ConfigError(
                    f"{where} must be a finite number of {limits['unit']} {low} and at most {limits['max']}, "
                    f"got {value!r}; e.g. {name} = {default}"
                )
        elif not number or not math.isfinite(value) or not 0 < value <= MAX_SECONDS:
            raise ConfigError(
                f"{where} must be a finite number of seconds above 0 and at most {MAX_SECONDS} (0 fails every "
                f"call; nan or inf never times out), got {value!r}; e.g. {name} = {default}"
            )
        values[name] = value
    return ExtractSettings(**values)


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
            f"{where}.key must be a short lower-case identifier like 'emea' or 'emea_west' (letters and digits, "
            f"words joined by single underscores, no '__' or trailing '_', at most 31 characters), got {key!r}"
        )
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f'{where}.name is missing: give the org a display name, e.g. name = "Acme EMEA"')
    region = raw.get("region")
    if region not in REGIONS:
        raise ConfigError(
            f"{where}.region: {region!r} is not a Genesys Cloud region domain; use one of {sorted(REGIONS)}"
        )
    api = _base_url(f"{where}.api_base_url", raw.get("api_base_url"), f"https://api.{region}")
    login = _base_url(f"{where}.login_base_url", raw.get("login_base_url"), f"https://login.{region}")
    return OrgConfig(key, name.strip(), region, api, login)


def _loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def _base_url(where: str, url, expected: str) -> str:
    """A base URL as configured: exactly the region's own host (``expected``), or, for the simulator
    only, an http(s) URL on a loopback host (127.0.0.0/8, ::1, localhost) with a path allowed."""
    if url is None:
        return expected
    fix = (
        f"use {expected!r} (the org's region) or leave the field out; only the simulator, on a loopback "
        f"host (127.0.0.0/8, ::1, localhost), may use http or a path"
    )
    try:
        parts = urlsplit(url.strip()) if isinstance(url, str) else None
        port = parts and parts.port
    except ValueError:
        parts = None
    if parts is None:
        raise ConfigError(f"{where}: {url!r} is not a URL; {fix}")
    if parts.query or parts.fragment or parts.username is not None:  # the URL is not echoed: it may hold a secret
        raise ConfigError(f"{where} has a query, fragment or user:password part, which a base URL never has; {fix}")
    if _loopback(parts.hostname) and parts.scheme in ("http", "https"):
        return url.strip().rstrip("/")
    wrong = [
        (parts.scheme != "https", f"scheme {parts.scheme or 'missing'} (only https)"),
        (parts.hostname != urlsplit(expected).hostname, f"host {parts.hostname or 'missing'} (not this region's)"),
        (port is not None, f"port {port}"),
        (parts.path.rstrip("/") != "", f"path {parts.path}"),
    ]
    if any(bad for bad, _ in wrong):
        raise ConfigError(f"{where}: {url!r} has {', '.join(what for bad, what in wrong if bad)}; {fix}")
    return expected


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


def _retention_settings(raw, path: Path, extract: ExtractSettings) -> RetentionSettings:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [retention] must be a table with pseudonymize_after_months, raw_detail_days")
    known = {f.name for f in fields(RetentionSettings)}
    for name, value in raw.items():
        if name not in known:
            raise ConfigError(f"{path}: retention.{name} is not a retention setting; known settings: {sorted(known)}")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_DAYS:
            raise ConfigError(
                f"{path}: retention.{name} must be a whole number from 0 (off) to {MAX_DAYS}, got {value!r}; "
                f"e.g. {name} = {24 if 'months' in name else 400}"
            )
    settings = RetentionSettings(**raw)
    reread = max(
        extract.backfill_days, extract.schedule_days_back, extract.adherence_days_back, extract.volume_days_back
    )
    if 0 < settings.raw_detail_days <= reread:
        raise ConfigError(
            f"{path}: retention.raw_detail_days = {settings.raw_detail_days} is inside the extraction's own windows "
            f"(up to {reread} days back), so every run would load again what retention drops; set it above {reread} "
            "or to 0 (off)"
        )
    return settings


def load_config(path: Path | str | None = None) -> HubConfig:
    path = Path(path) if path else orgs_file()
    if not path.exists():
        raise ConfigError(f"orgs file {path} not found: create it (see config/orgs.toml) or set WFM_HUB_ORGS")
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path} is not valid TOML: {err}") from None
    unknown = set(raw) - {"orgs", "extract", "sync", "retention"}
    if unknown:
        raise ConfigError(
            f"{path}: unknown top-level section(s) {sorted(unknown)}; use [extract], [sync], [retention] and [[orgs]]"
        )
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
    extract = _extract_settings(raw.get("extract") or {}, path)
    return HubConfig(orgs, extract, path, sync, _retention_settings(raw.get("retention", {}), path, extract))


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
