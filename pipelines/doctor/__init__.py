"""``wfm-hub doctor``: is every configured org ready for a run? The first command to run
when moving from the demo to real orgs (docs/configuration.md).

For every org of the orgs file in use (``WFM_HUB_ORGS`` or config/orgs.toml), in parallel: the login
host and region, the OAuth token, the API, the clock against the API's ``Date`` header, the rate limit
(``inin-ratelimit-allowed``) against ``extract.rate_limit_per_minute``, the WFM license, every
permission the resources need (``genesys.probes``: one cheap call each), and an estimate of the
nightly run's and a first run's requests and minutes (``genesys.budget``). One org failing never
stops the others' checks; no secret or token is printed. Ready means no FAIL: exit 0 only when every
org is ready.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from ..config import ConfigError, HubConfig, credentials, load_config
from .checks import OrgDoctor
from .table import Check, ready, render

__all__ = ["Check", "DoctorReport", "doctor"]

CALL_TIMEOUT_SECONDS = 10.0  # per call (one retry): an org that does not answer is reported in seconds
# every check of one org: a slow but answering org (or one with hundreds of management units, one
# member listing each at the paced rate) ends with a FAIL instead of holding the table open
ORG_DEADLINE_SECONDS = 600.0


@dataclass
class DoctorReport:
    orgs: list[str]
    rows: list[Check]

    @property
    def ready(self) -> bool:
        return all(ready(self.rows, org) for org in self.orgs)

    def org_rows(self, org: str) -> dict[str, Check]:
        return {r.name: r for r in self.rows if r.org == org}

    def render(self) -> str:
        return render(self.rows, self.orgs)


def doctor(
    org_keys: list[str] | None = None,
    *,
    config: HubConfig | None = None,
    today: date | None = None,
    timeout: float = CALL_TIMEOUT_SECONDS,
    deadline: float = ORG_DEADLINE_SECONDS,
) -> DoctorReport:
    """Check the selected orgs (default: all) in parallel; ``today`` dates the windows estimated
    (default: ``run.default_today``, so WFM_HUB_TODAY too). Raises ConfigError for a bad orgs file."""
    from ..run import default_today

    config = config or load_config()
    orgs = [config.org(k) for k in org_keys] if org_keys else list(config.orgs)
    today = today or default_today()
    secrets = {org.key: _credentials(org) for org in orgs}  # read here: dlt's providers, one thread
    with ThreadPoolExecutor(max_workers=max(1, min(len(orgs), 10)), thread_name_prefix="doctor") as pool:
        found = list(
            pool.map(lambda org: OrgDoctor(org, secrets[org.key], config, today, timeout, deadline).run(), orgs)
        )
    return DoctorReport([o.key for o in orgs], [row for rows in found for row in rows])


def _credentials(org):
    try:
        return credentials(org)
    except ConfigError as err:  # reported as this org's problem; the other orgs are still checked
        return err
