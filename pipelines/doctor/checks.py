"""The checks of one org: login host and region, token, API, clock, rate limit, WFM license, one
permission probe per resource (``genesys.probes.PROBES``), and the request estimate.

Every call goes through the extraction's own client (same OAuth, same error types), with a short
timeout, one retry and a deadline for the whole org, so an unreachable org is reported in seconds.
A check that fails is recorded with its fix and the next one runs; only a refused token or an
unreachable API stop the org (every later call would fail the same way). The calls that count what
the org holds (users, units, schedules) are also the probes of their resources.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta
from email.utils import parsedate_to_datetime

from ..config import ConfigError, Credentials, HubConfig, OrgConfig
from ..genesys.client import AuthFailed, GenesysClient, GenesysError, PermissionDenied, RunDeadline
from ..genesys.helpers import Windows, week_start
from ..genesys.probes import PROBES, fill
from ..genesys.resources.schedules import listing_params
from ..genesys.resources.weeks import window_weeks
from ..genesys.settings import WFM
from .estimate import Census, Unit, estimate_rows
from .table import Check

CLOCK_SKEW_WARN_SECONDS = 60  # beyond it the windows' "today" drifts from the API's
NEEDS = {"bu": "business unit", "mu": "management unit", "forecast": "short-term forecast", "queue": "queue"}


class _Client(GenesysClient):
    """The extraction's client, remembering the last answer's headers and when it was asked and
    answered (wall clock, seconds): the clock and rate-limit checks read them."""

    last: tuple[float, float, object] | None = None

    def _exchange(self, method, url, headers, basic, kwargs):
        sent = time.time()
        answer = super()._exchange(method, url, headers, basic, kwargs)
        self.last = (sent, time.time(), answer.headers)
        return answer


def advice(permissions: tuple[str, ...]) -> str:
    others = f" (or any one of: {', '.join(permissions[1:])})" if len(permissions) > 1 else ""
    return f"add permission {permissions[0]}{others} to the OAuth client's role"


def _reason(err: Exception) -> str:
    """An error's text without its leading ``org key:`` (the table has an org column)."""
    return str(err).split(": ", 1)[-1]


class OrgDoctor:
    def __init__(
        self,
        org: OrgConfig,
        creds: Credentials | ConfigError,
        config: HubConfig,
        today: date,
        timeout: float,
        deadline: float,
    ):
        """``creds``: the org's OAuth client, or the error that says why it is missing."""
        self.org, self.creds, self.config, self.today = org, creds, config, today
        self.settings = replace(
            config.extract, request_timeout_seconds=timeout, max_retries=1, run_deadline_seconds=deadline
        )
        self.rows: list[Check] = []
        self.probed: dict[str, Check] = {}  # resource -> its permission row (its first call decides)
        self.client: _Client | None = None

    def add(self, name: str, status: str, detail: str, fix: str = "") -> None:
        self.rows.append(Check(self.org.key, name, status, detail, fix))

    def run(self) -> list[Check]:
        org = self.org
        self.add("login", "ok", f"{org.login_base_url}, API {org.api_base_url} (region {org.region})")
        if isinstance(self.creds, ConfigError):
            err = str(self.creds)
            self.add("credentials", "FAIL", f"{err.split(' is missing for ', 1)[0]} is missing", err.split(": ", 1)[-1])
            return self._unchecked("no credentials")
        self.client = _Client(org, self.creds, self.settings, backoff_base=0.1, backoff_cap=1.0)
        try:
            if not self._token():
                return self._unchecked("no token")
            if not self._api():
                return self._unchecked("the API did not answer")
            self._clock()
            self._rate_limit()
            census = self._census()
            self._probes(census)
            self.rows += estimate_rows(org.key, census, self.config, self.today, self._allowed())
        except RunDeadline as err:
            fix = "the org answers slowly (check the network path to it), or holds more units than a preflight reads"
            self.add("deadline", "FAIL", _reason(err), fix)
        except Exception as err:  # an answer nobody foresaw: this org's report says so, the others go on
            self.add("doctor", "FAIL", f"{type(err).__name__}: {_reason(err)}", "report this as a doctor bug")
        finally:
            self.client.close()
        return self.rows

    def _unchecked(self, why: str) -> list[Check]:
        self.add("permissions", "-", f"not checked ({why}): {', '.join(PROBES)}")
        return self.rows

    # ------------------------------------------------------------------ token, API, clock, limit
    def _token(self) -> bool:
        env = " and ".join(
            f"SOURCES__GENESYS__ORGS__{self.org.key.upper()}__{n}" for n in ("CLIENT_ID", "CLIENT_SECRET")
        )
        try:
            self.client.authenticate()
        except AuthFailed as err:
            fix = (
                f"set this org's OAuth client ({env}, or .dlt/secrets.toml) to a client-credentials client "
                f"of this org (region {self.org.region})"
            )
            self.add("token", "FAIL", _reason(err), fix)
            return False
        except GenesysError as err:
            fix = f"check the network path to {self.org.login_base_url} and the org's region / login_base_url"
            self.add("token", "FAIL", f"the login host did not answer: {_reason(err)}", fix)
            return False
        self.add("token", "ok", "client credentials accepted")
        return True

    def _api(self) -> bool:
        try:
            me = self._read("organizations", "GET", "/api/v2/organizations/me", expect=("id",))
        except GenesysError as err:
            fix = f"check the network path to {self.org.api_base_url} and the org's region / api_base_url"
            self.add("api", "FAIL", f"the API did not answer: {_reason(err)}", fix)
            return False
        self.add("api", "ok", f"organization {me.get('name')!r} ({me['id']})")
        return True

    def _clock(self) -> None:
        sent, received, headers = self.client.last
        try:
            api_time = parsedate_to_datetime(headers["date"]).timestamp() + 0.5  # whole seconds: mid-second
        except (KeyError, TypeError, ValueError):
            self.add("clock", "WARN", "the API's answer has no readable Date header: skew not measured")
            return
        skew, margin = (sent + received) / 2 - api_time, 0.5 + (received - sent) / 2
        side = "ahead of" if skew >= 0 else "behind"
        detail = f"this host's clock is {abs(skew):.1f} s {side} the API's Date header (+/- {margin:.1f} s)"
        if abs(skew) - margin > CLOCK_SKEW_WARN_SECONDS:
            self.add("clock", "WARN", detail, "synchronize this host's clock (NTP): the run's windows start from it")
        else:
            self.add("clock", "ok", detail)

    def _allowed(self) -> int | None:
        """``inin-ratelimit-allowed`` of the last answer, if sent: requests per token and window. The
        headers do not say the window's length; a minute is assumed, as Genesys documents its limits
        per minute (NOT CONFIRMED for this header)."""
        try:
            return int(self.client.last[2].get("inin-ratelimit-allowed"))
        except (TypeError, ValueError):
            return None

    def _rate_limit(self) -> None:
        configured, allowed = self.config.extract.rate_limit_per_minute, self._allowed()
        if allowed is None:
            detail = f"no inin-ratelimit-allowed header; pacing at extract.rate_limit_per_minute = {configured}"
            self.add("rate limit", "ok", detail)
        elif allowed < configured:
            detail = (
                f"the API allows {allowed} requests a minute per token (inin-ratelimit-allowed), "
                f"extract.rate_limit_per_minute is {configured}: the run would meet 429s"
            )
            self.add(
                "rate limit",
                "FAIL",
                detail,
                f"set rate_limit_per_minute = {allowed} under [extract] in {self.config.path}",
            )
        else:
            self.add("rate limit", "ok", f"the API allows {allowed} a minute per token; pacing at {configured}")

    # ---------------------------------------------------------------------- calls and probes
    def _read(self, resource: str, method: str, path: str, *, params=None, body=None, expect=None, record=True):
        """One call made for ``resource``: its first call decides the resource's permission row (a
        success only when ``record``). A 403 or another failure is recorded, then raised. Rows show
        the probe's path template (ids are noise in a table)."""
        try:
            answer = self.client.call(method, path, params=params, body=body, expect=expect)
        except PermissionDenied as err:
            self._probed(resource, "FAIL", _reason(err), advice(PROBES[resource].permissions or (err.permission,)))
            raise
        except RunDeadline:
            raise
        except GenesysError as err:
            self._probed(resource, "FAIL", f"{method} {path}: {_reason(err)}", "see the error, then run doctor again")
            raise
        if record:
            probe = PROBES[resource]
            needed = probe.permissions
            held = "no permission required" if not needed else needed[0]
            if len(needed) > 1:
                held += f" or any of {len(needed) - 1} others" if len(needed) > 2 else f" or {needed[1]}"
            self._probed(resource, "ok", f"{probe.method} {probe.path}: {held}")
        return answer

    def _probed(self, resource: str, status: str, detail: str, fix: str = "") -> None:
        self.probed.setdefault(resource, Check(self.org.key, f"permission {resource}", status, detail, fix))

    def _count(self, census: Census, what: str, resource: str, ids: dict, path: str = "", **kwargs):
        """A call for the census: the ``resource``'s probe (its path filled with ``ids``, its params
        with ``kwargs["params"]`` added) unless ``path`` is given. A failure leaves ``what`` uncounted
        (named in ``census.gaps``) and returns None."""
        probe = PROBES[resource]
        kwargs["params"] = {**probe.params, **kwargs.get("params", {})} if not path else kwargs.get("params")
        try:
            return self._read(resource, "GET", path or fill(probe.path, ids), **kwargs)
        except RunDeadline:
            raise
        except GenesysError:
            census.gaps.append(what)
            return None

    def _census(self) -> Census:
        """The WFM license, and what the estimate counts: users and queues (totals of one-record pages),
        business units with their week start, management units and members, published schedules over
        the first run's weeks (they include the nightly run's) and forecasts."""
        census = Census()
        # the extraction lists users twice (state any, then deleted: genesys.resources.directory.users)
        for what, resource, attribute, params in (
            ("users", "users", "users", {}),
            ("deleted users", "users", "deleted_users", {"state": "deleted"}),
            ("queues", "queues", "queues", {}),
            ("skills", "routing_skills", "skills", {}),
        ):
            page = self._count(census, what, resource, {}, params=params)
            total = page.get("total") if isinstance(page, dict) else None
            if isinstance(total, int):
                setattr(census, attribute, total)
            elif page is not None:
                census.gaps.append(f"{what} (the page has no total)")
            if resource == "queues" and (page or {}).get("entities"):
                census.ids["queue"] = page["entities"][0].get("id", "")
        teams = self._count(census, "teams", "teams", {})  # a page of 100 teams with their member counts
        if teams is not None:
            census.teams = [t.get("memberCount") or 0 for t in teams.get("entities") or [] if isinstance(t, dict)]
            if teams.get("nextUri"):
                census.gaps.append("teams beyond the first 100")
        try:
            listed = self.client.get(f"{WFM}/businessunits", expect=("entities",))["entities"]
        except GenesysError as err:
            fix = "ask the org's admin whether Workforce Management is licensed"
            self.add("WFM license", "FAIL", _reason(err), fix)
            census.gaps.append("business units")
            return census
        units = [bu for bu in listed if bu.get("authorized") is not False]
        if not units:
            fix = (
                "check the org's WFM license; give the OAuth client's role the wfm permissions and the "
                "divisions of the business units"
            )
            detail = f"{len(listed)} business units listed, none authorized for this client"
            self.add("WFM license", "FAIL", detail, fix)
            census.gaps.append("business units (none authorized)")
            return census
        self.add("WFM license", "ok", f"{len(units)} of {len(listed)} business units authorized")
        first_run = Windows.for_run(self.config.extract, self.today, True)
        for bu in units:
            self._count_unit(census, bu["id"], first_run)
        return census

    def _count_unit(self, census: Census, bu_id: str, windows: Windows) -> None:
        # the keys the extraction reads from a unit (genesys.structure.OrgStructure): missing, it fails
        expect = ("id", "name", "settings.timeZone", "settings.startDayOfWeek")
        found = self._count(census, f"business unit {bu_id}", "business_units", {"bu": bu_id}, expect=expect)
        if not found:
            return
        census.ids.setdefault("bu", bu_id)
        unit = Unit(found["settings"]["startDayOfWeek"], found["settings"].get("timeZone") or "UTC")
        census.units.append(unit)
        mus = self._count(census, f"management units of {bu_id}", "management_units", {"bu": bu_id})
        for mu in (mus or {}).get("entities") or []:
            if "mu" not in census.ids:  # a probe naming a unit, its business unit and this week there
                week = week_start(self.today, unit.start_day_of_week).isoformat()
                census.ids.update(mu=mu["id"], bu_of_mu=bu_id, week_start=week)
            members = self._count(census, f"members of {mu['id']}", "management_unit_users", {"mu": mu["id"]})
            unit.members.append(len((members or {}).get("entities") or []))
            if census.ids["mu"] == mu["id"] and (members or {}).get("entities"):
                census.ids["user"] = members["entities"][0].get("id", "")  # a member, for the work-plan probe
        groups = self._count(census, f"planning groups of {bu_id}", "planning_groups", {"bu": bu_id})
        unit.planning_groups = len((groups or {}).get("entities") or [])
        weeks = window_weeks(windows.schedules, unit.start_day_of_week)
        span = listing_params(weeks)  # as the extraction lists them (a schedule starting before the window too)
        listed = self._count(census, f"schedules of {bu_id}", "schedules", {"bu": bu_id}, params=span)
        unit.schedules = (listed or {}).get("entities") or []
        # the forecast listing also accepts wfm:schedule:generate: its success proves nothing (record=False)
        path = f"{WFM}/businessunits/{bu_id}/weeks/recent/shorttermforecasts"
        forecasts = self._count(census, f"forecasts of {bu_id}", "forecasts", {}, path, record=False)
        unit.forecasts = (forecasts or {}).get("entities") or []
        usable = [f for f in unit.forecasts if isinstance(f, dict) and f.get("id") and f.get("weekDate")]
        if usable and "forecast" not in census.ids:
            census.ids.update(forecast=usable[0]["id"], week=usable[0]["weekDate"], bu_of_forecast=bu_id)

    def _probes(self, census: Census) -> None:
        """The probes no census call made, then every permission row in the registry's order."""
        ids = {
            "day": (self.today - timedelta(days=1)).isoformat(),
            "tomorrow": self.today.isoformat(),
            "user": "",  # the probe unit's first member, when it has one (a work-plan query about nobody)
            **census.ids,
        }
        for name, probe in PROBES.items():
            if name in self.probed:
                continue
            if probe.needs and probe.needs not in census.ids:
                status = "WARN" if census.units else "-"
                self._probed(
                    name,
                    status,
                    f"not checked: no {NEEDS[probe.needs]} to try it on",
                    "run doctor again once one exists",
                )
                continue
            at = {**ids, "bu": census.ids["bu_of_forecast"]} if probe.needs == "forecast" else ids
            at = {**at, "bu": census.ids["bu_of_mu"]} if probe.needs == "mu" else at
            try:
                self._read(
                    name, probe.method, fill(probe.path, at), params=probe.params or None, body=fill(probe.body, at)
                )
            except RunDeadline:
                raise
            except GenesysError:
                pass  # recorded by _read
        self.rows += [self.probed[name] for name in PROBES]
