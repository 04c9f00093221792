"""What every resource of one org's run shares: the org's structure and the run's context.

``OrgStructure`` fetches the organization, its business units (with settings) and management units
once per run; every answer is checked for the keys read from it, so a truncated listing fails the org
instead of silently dropping a unit. Resources run in parallel threads and ask for the structure at the
same time: each part is fetched once (the others wait for it), and its per-unit calls are made together
(``GenesysClient.each``). ``Extraction`` is the one argument each resource function takes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import wraps

from .client import GenesysClient
from .helpers import Windows, iso
from .settings import WFM, WINDOW_FAMILY


def _once(method):
    """A property computed once per instance, even when several threads ask for it at the same time: the
    others wait for the first one's value (a failure is not kept: the next asker tries again)."""
    name = method.__name__

    @property
    @wraps(method)
    def get(self):
        if name not in self._values:
            with self._locks[name]:
                if name not in self._values:
                    self._values[name] = method(self)
        return self._values[name]

    return get


class OrgStructure:
    """Organization, business units (with settings) and management units, fetched once per run."""

    _PARTS = ("organization", "columns", "user_count", "listed_business_units", "business_units", "management_units")

    def __init__(self, client: GenesysClient):
        self.client = client
        self._values: dict = {}
        self._locks = {name: threading.Lock() for name in self._PARTS}

    @_once
    def organization(self) -> dict:
        return self.client.get("/api/v2/organizations/me", expect=("id",))

    @_once
    def columns(self) -> dict:
        return {"org_id": self.organization["id"], "org_key": self.client.org.key, "region": self.client.org.region}

    @_once
    def user_count(self) -> int:
        """Users in every state (the ``total`` of a one-user page): sizes the user-aggregate queries."""
        return int(self.client.get("/api/v2/users", expect=("total",), pageSize=1, state="any")["total"])

    @_once
    def listed_business_units(self) -> list[dict]:
        return self.client.get(f"{WFM}/businessunits", expect=("entities",))["entities"]

    @_once
    def business_units(self) -> list[dict]:
        def settings(bu: dict) -> dict:
            return self.client.get(
                f"{WFM}/businessunits/{bu['id']}",
                expect=("id", "name", "settings.timeZone", "settings.startDayOfWeek"),
                expand="settings",
            )

        return list(self.client.each(settings, self.listed_business_units, urgent=True))

    @_once
    def management_units(self) -> dict[str, list[dict]]:
        """Per business unit (in the listing's order) its management units: needs the listing only, so it
        is read while the units' settings are."""

        def units(bu: dict) -> list[dict]:
            return self.client.get(f"{WFM}/businessunits/{bu['id']}/managementunits", expect=("entities",))["entities"]

        listed = self.listed_business_units
        return dict(zip([bu["id"] for bu in listed], self.client.each(units, listed, urgent=True), strict=True))


@dataclass
class Extraction:
    """One org's run as a resource sees it: the client, the org's structure, the windows, the clock."""

    client: GenesysClient
    org: OrgStructure
    windows: Windows
    snapshot_at: str | None = None  # the run's clock: stamps the real-time snapshot and historical adherence
    started_at: str = field(default_factory=lambda: iso(datetime.now(UTC)))

    @property
    def as_of(self) -> str:
        """The run's clock (ISO-8601 UTC): ``snapshot_at`` when given (tests and demos set the simulator's
        clock), else when the run started."""
        return self.snapshot_at or self.started_at

    @property
    def cols(self) -> dict:
        """org_id, org_key, region: the columns that qualify every row (resolved lazily: a request)."""
        return self.org.columns

    def window(self, resource: str) -> tuple[date, date]:
        """[start, end) in UTC dates of a time-windowed resource (settings.WINDOW_FAMILY)."""
        return getattr(self.windows, WINDOW_FAMILY[resource])

    def rows(self, shape, records, *extra) -> list[dict]:
        """``shape(cols, *extra, record)`` for each record; a record that cannot be shaped (a required
        field missing) is left out and named in a warning, never allowed to fail the org."""
        out, cols = [], self.cols
        for index, record in enumerate(records):
            try:
                out.append(shape(cols, *extra, record))
            except (KeyError, TypeError, ValueError, AttributeError) as err:
                ident = record.get("id") if isinstance(record, dict) else None
                self.client.counters.warn(
                    f"record {ident or f'#{index}'} skipped: {type(err).__name__} {err} (a required field is missing)"
                )
        return out

    def flat_rows(self, shape, records, *extra) -> list[dict]:
        """``rows`` for a ``shape`` that makes several rows of a record (a bridge: a plan's units)."""
        return [row for rows in self.rows(shape, records, *extra) for row in rows]
