"""The alerts file (``config/alerts.toml``, or ``WFM_HUB_ALERTS``), validated before anything is sent.

Every error names the field and the fix. Webhook URLs and SMTP passwords are secrets and never live in
the file: each channel's come from dlt's secret providers, ``alerts.channels.<name>.url`` and
``alerts.channels.<name>.smtp_password`` (environment ``ALERTS__CHANNELS__<NAME>__URL`` or
``.dlt/secrets.toml``), and are never logged. Business thresholds name report columns; a column the
dbt project does not declare (``_reports__models.yml``) fails the load, naming the columns it has.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..config import ROOT, ConfigError

DEFAULT_FILE = ROOT / "config" / "alerts.toml"
REPORTS_YAML = ROOT / "dbt_project" / "models" / "reports" / "_reports__models.yml"
KINDS = ("slack", "teams", "teams_messagecard", "email")
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


@dataclass(frozen=True)
class Channel:
    """Where alerts go. ``kind``: slack (incoming webhook), teams (Workflows webhook, Adaptive Card),
    teams_messagecard (legacy Office 365 connector), email (SMTP). Secrets are read when sending."""

    name: str
    kind: str
    smtp_host: str | None = None
    smtp_port: int = 587
    starttls: bool = True
    smtp_username: str | None = None
    sender: str | None = None
    recipients: tuple[str, ...] = ()

    def secret(self, what: str) -> str | None:
        import dlt

        value = dlt.secrets.get(f"alerts.channels.{self.name}.{what}")
        return str(value).strip() if value else None

    def url(self) -> str:
        url = self.secret("url")
        if not url:
            env = f"ALERTS__CHANNELS__{self.name.upper()}__URL"
            raise ConfigError(
                f"alerts channel {self.name!r}: its webhook URL is missing; set {env} or add url under "
                f"[alerts.channels.{self.name}] in .dlt/secrets.toml"
            )
        return url


@dataclass(frozen=True)
class Rules:
    """Operational rules: ``stale_after_hours`` (an org's newest successful load older than this is
    stale), ``rate_limit_share`` (a resource whose requests per minute reach this share of
    ``extract.rate_limit_per_minute``, or that got any 429, is near the rate limit)."""

    stale_after_hours: float = 30
    rate_limit_share: float = 0.8


@dataclass(frozen=True)
class Business:
    """Thresholds a planner sets (None: off). ``adherence_target``: the GLOBAL row of
    ``rpt_global_workforce_daily`` (latest date with a value) below it alerts (0..1).
    ``staffing_gap_agent_hours``: an org's understaffing tomorrow (UTC date) in ``rpt_staffing_gap``,
    summed over intervals as max(0, -gap) x interval_minutes / 60, above it alerts."""

    adherence_target: float | None = None
    adherence_column: str = "adherence_pct"
    staffing_gap_agent_hours: float | None = None
    staffing_gap_column: str = "gap"


@dataclass(frozen=True)
class AlertsConfig:
    dagster_base_url: str
    channels: tuple[Channel, ...]
    rules: Rules = Rules()
    business: Business = Business()
    path: Path = field(default=DEFAULT_FILE, compare=False)


def alerts_file() -> Path:
    from ..environment import environment

    return environment().alerts_file


def _table(raw, where: str, allowed: set[str]) -> dict:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a table")
    for name in raw:
        if name not in allowed:
            raise ConfigError(f"{where}.{name} is not a setting; allowed: {sorted(allowed)}")
    return raw


def _number(raw: dict, name: str, where: str, low: float, high: float, default):
    value = raw.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"{where}.{name} must be a number, got {value!r}; e.g. {name} = {default or low}")
    if not low <= value <= high:
        raise ConfigError(f"{where}.{name} must be from {low} to {high}, got {value!r}")
    return value


def _channel(raw, index: int, path: Path) -> Channel:
    where = f"{path}: channels[{index}]"
    for secret in ("url", "smtp_password", "password"):
        if isinstance(raw, dict) and secret in raw:  # never echoed: it is a secret
            name = str(raw.get("name", "<name>")).upper()
            what = "URL" if secret == "url" else "SMTP_PASSWORD"
            raise ConfigError(
                f"{where}.{secret}: secrets never go in this file; remove it and set "
                f"ALERTS__CHANNELS__{name}__{what} (or .dlt/secrets.toml)"
            )
    raw = _table(raw, where, {"name", "kind", "smtp_host", "smtp_port", "starttls", "smtp_username", "from", "to"})
    name = raw.get("name")
    if not isinstance(name, str) or not name or not set(name) <= NAME_CHARS:
        raise ConfigError(f"{where}.name must be lower-case letters, digits and _ (it names the secrets), got {name!r}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ConfigError(f"{where}.kind must be one of {list(KINDS)}, got {kind!r}")
    if kind != "email":
        extra = sorted(set(raw) - {"name", "kind"})
        if extra:
            raise ConfigError(
                f"{where}: {extra} are email settings; a {kind} channel takes only name and kind "
                f"(its URL is the secret alerts.channels.{name}.url)"
            )
        return Channel(name, kind)
    host, sender, to = raw.get("smtp_host"), raw.get("from"), raw.get("to")
    if not isinstance(host, str) or not host.strip() or urlsplit(f"//{host}").hostname is None:
        raise ConfigError(f'{where}.smtp_host is missing: the SMTP server, e.g. smtp_host = "smtp.example.com"')
    if not isinstance(sender, str) or "@" not in sender:
        raise ConfigError(f'{where}.from must be an address, e.g. from = "wfm-hub@example.com", got {sender!r}')
    if not isinstance(to, list) or not to or not all(isinstance(a, str) and "@" in a for a in to):
        raise ConfigError(f'{where}.to must be a list of addresses, e.g. to = ["planning@example.com"], got {to!r}')
    port = _number(raw, "smtp_port", where, 1, 65535, 587)
    if not isinstance(port, int):
        raise ConfigError(f"{where}.smtp_port must be a whole number, got {port!r}")
    starttls = raw.get("starttls", True)
    if not isinstance(starttls, bool):
        raise ConfigError(f"{where}.starttls must be true or false, got {starttls!r}")
    user = raw.get("smtp_username")
    return Channel(name, kind, host.strip(), port, starttls, user, sender, tuple(to))


def report_columns(model: str, reports_yaml: Path = REPORTS_YAML) -> list[str]:
    """The columns the dbt project declares for ``model`` (its reports YAML)."""
    models = yaml.safe_load(reports_yaml.read_text()).get("models", [])
    return [c["name"] for m in models if m.get("name") == model for c in m.get("columns", [])]


def _business(raw, path: Path, reports_yaml: Path) -> Business:
    where = f"{path}: business"
    raw = _table(
        raw, where, {"adherence_target", "adherence_column", "staffing_gap_agent_hours", "staffing_gap_column"}
    )
    target = _number(raw, "adherence_target", where, 0, 1, None)
    gap = _number(raw, "staffing_gap_agent_hours", where, 0, 1e9, None)
    business = Business(
        target, raw.get("adherence_column", "adherence_pct"), gap, raw.get("staffing_gap_column", "gap")
    )
    for on, model, name in (
        (target is not None, "rpt_global_workforce_daily", "adherence_column"),
        (gap is not None, "rpt_staffing_gap", "staffing_gap_column"),
    ):
        column = getattr(business, name)
        known = report_columns(model, reports_yaml)
        if on and column not in known:
            raise ConfigError(
                f"{where}.{name}: {model} has no column {column!r} (dbt_project/models/reports/"
                f"_reports__models.yml); use one of {known}"
            )
    return business


def load_alerts(path: Path | str | None = None, reports_yaml: Path = REPORTS_YAML) -> AlertsConfig | None:
    """The alerts configuration, or None when the file does not exist (alerts off)."""
    path = Path(path) if path else alerts_file()
    if not path.exists():
        return None
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path} is not valid TOML: {err}") from None
    raw = _table(raw, str(path), {"dagster_base_url", "channels", "rules", "business"})
    base = raw.get("dagster_base_url")
    parts = urlsplit(base) if isinstance(base, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.username:
        raise ConfigError(
            f"{path}: dagster_base_url must be the Dagster webserver's http(s) URL without query or "
            f'credentials, e.g. dagster_base_url = "https://dagster.example.com", got {base!r}'
        )
    channels = raw.get("channels")
    if not isinstance(channels, list) or not channels:
        raise ConfigError(f"{path}: no channels; add at least one [[channels]] with name and kind {list(KINDS)}")
    parsed = tuple(_channel(c, i, path) for i, c in enumerate(channels))
    names = [c.name for c in parsed]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: channel names must be unique, got {names}")
    rules_raw = _table(raw.get("rules", {}), f"{path}: rules", {"stale_after_hours", "rate_limit_share"})
    rules = Rules(
        _number(rules_raw, "stale_after_hours", f"{path}: rules", 1, 24 * 365, 30),
        _number(rules_raw, "rate_limit_share", f"{path}: rules", 0.05, 1, 0.8),
    )
    return AlertsConfig(base.rstrip("/"), parsed, rules, _business(raw.get("business", {}), path, reports_yaml), path)
