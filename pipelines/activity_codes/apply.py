"""Apply a plan's creates and updates: paced, retried, never a duplicate, every write recorded.

Writes go through ``GenesysClient`` (its limiter paces them under the org's rate limit; a 429 or an
expired token is answered before the request is executed, so the client re-sends those as usual).
What must not be re-sent blindly is a write whose fate is unknown: a timeout, a transport error, a 5xx
or an unparsable answer may come after the platform executed it. ``WriteClient.write`` sends with
``idempotent=False``, so the client raises ``AmbiguousWrite`` for those; the caller then re-reads (a
create: the business unit's codes, by name; an update: the code) and only writes again if the first
attempt did not land. An update carries the code's ``metadata.version``: a 409 means someone else
changed it, so it is re-read and re-sent only if still needed.
"""

from __future__ import annotations

import getpass
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson

from ..config import HubConfig, credentials, load_config
from ..genesys.client import (
    AmbiguousWrite,
    AuthFailed,
    GenesysClient,
    GenesysError,
    PermissionDenied,
    error_text,
    missing_permission,
)
from ..names import name_key
from .catalogue import CATEGORIES
from .plan import CREATE, Action, Plan, snapshot

WFM = "/api/v2/workforcemanagement"
COUNTER = "activity_codes_sync"  # the client's counters label for these requests


class WriteClient(GenesysClient):
    """``GenesysClient`` with ``write``: one non-idempotent request, never re-sent after an ambiguous failure."""

    def write(self, method: str, path: str, body: dict) -> tuple[int, dict]:
        """One write; 429/401 are retried inside, ambiguous failures raise. Returns (status, JSON answer)."""
        response = self._send(method, f"{self.org.api_base_url}{path}", json=body, idempotent=False)
        if response.status_code == 403:
            raise PermissionDenied(missing_permission(response), path)
        if response.status_code >= 400:
            return response.status_code, {"message": error_text(response)}
        try:
            return response.status_code, orjson.loads(response.content) if response.content else {}
        except orjson.JSONDecodeError:
            raise AmbiguousWrite(
                f"org {self.org.key}: {method} {path} answered {response.status_code} with an unparsable body"
            ) from None


@dataclass
class WriteResult:
    action: Action
    outcome: str  # created | adopted (an earlier ambiguous create had landed) | updated | in_sync | failed
    at: datetime
    code_id: str | None = None
    before: dict | None = None
    after: dict | None = None
    error: str | None = None
    attempts: int = 1


@dataclass
class ApplyReport:
    run_id: str
    operator: str
    source: str
    results: list[WriteResult] = field(default_factory=list)
    requests: int = 0
    status_429: int = 0

    @property
    def failed(self) -> list[WriteResult]:
        return [r for r in self.results if r.outcome == "failed"]

    def render(self) -> str:
        lines = [
            f"{r.action.org} / {r.action.business_unit}: {r.action.kind} {r.action.code} -> {r.outcome}"
            + (f" ({r.error})" if r.error else "")
            for r in self.results
        ]
        lines.append(
            f"{len(self.results)} writes ({len(self.failed)} failed), {self.requests} requests, "
            f"{self.status_429} answered 429 and retried; run {self.run_id} by {self.operator}"
        )
        return "\n".join(lines)


def default_operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "unknown"


def _codes_path(action: Action) -> str:
    return f"{WFM}/businessunits/{action.business_unit_id}/activitycodes"


class IncompleteListing(GenesysError):
    """A listing the sync cannot trust: planning or re-reading from it could create a code twice."""


def listed(answer, what: str) -> list[dict]:
    """The ``entities`` of a listing answer; an answer without that list raises ``IncompleteListing``
    (it is not an empty listing: every catalogue code would look missing and be created again)."""
    entities = answer.get("entities") if isinstance(answer, dict) else None
    if not isinstance(entities, list):
        keys = sorted(answer) if isinstance(answer, dict) else type(answer).__name__
        raise IncompleteListing(f"{what}: the answer has no entities list (got {keys}); nothing is written")
    return entities


def list_codes(client: GenesysClient, bu_id: str) -> list[dict]:
    """A business unit's activity codes, inline or behind a downloadUrl.

    Raises ``IncompleteListing`` when the answer has no ``entities`` or lacks the default code of a
    category: every business unit has one default code per category, which cannot be deleted (Genesys
    Resource Center, "Activity codes" and "Manage activity codes"), so such a listing is incomplete.
    """
    what = f"org {client.org.key}: GET {WFM}/businessunits/{bu_id}/activitycodes"
    answer = client.get(f"{WFM}/businessunits/{bu_id}/activitycodes")
    if isinstance(answer, dict) and answer.get("downloadUrl"):
        answer = client.download(answer["downloadUrl"])
    codes = listed(answer, what)
    defaults = {c.get("category") for c in codes if isinstance(c, dict) and c.get("defaultCode")}
    missing = [category for category in CATEGORIES if category not in defaults]
    if missing:
        raise IncompleteListing(
            f"{what}: no default code for {missing} (every business unit has one per category), so the "
            f"listing is incomplete; nothing is written"
        )
    return codes


def _find_by_name(client: WriteClient, action: Action) -> dict | None:
    wanted = name_key(action.code)
    return next(
        (
            c
            for c in list_codes(client, action.business_unit_id)
            if not c.get("defaultCode") and name_key(c.get("name") or "") == wanted
        ),
        None,
    )


def _lands(code: dict, body: dict) -> bool:
    return all(code.get(k) == v for k, v in body.items() if k != "metadata")


def _create(client: WriteClient, action: Action, result: WriteResult) -> WriteResult:
    for result.attempts in range(1, client.settings.max_retries + 2):
        try:
            status, answer = client.write("POST", _codes_path(action), action.body)
        except AmbiguousWrite:
            time.sleep(client.settings.request_timeout_seconds)  # give a slow write time to finish
            landed = _find_by_name(client, action)
            if landed is not None:
                result.outcome, result.code_id, result.after = "adopted", landed["id"], snapshot(landed)
                return result
            continue  # it did not land: creating again cannot duplicate it
        if status < 300:
            result.outcome, result.code_id, result.after = "created", answer.get("id"), snapshot(answer)
        else:
            result.error = f"{status} {answer.get('message', '')}".strip()
        return result
    result.error = f"no answer after {result.attempts} attempts and the code is still missing"
    return result


def _update(client: WriteClient, action: Action, result: WriteResult) -> WriteResult:
    path = f"{_codes_path(action)}/{action.code_id}"
    version = action.version
    for result.attempts in range(1, client.settings.max_retries + 2):
        ambiguous = False
        try:
            status, answer = client.write("PATCH", path, {**action.body, "metadata": {"version": version}})
        except AmbiguousWrite:
            time.sleep(client.settings.request_timeout_seconds)
            status, answer, ambiguous = None, {}, True
        if status is not None and status < 300:
            result.outcome, result.after = "updated", snapshot(answer)
            return result
        if status not in (None, 409):
            result.error = f"{status} {answer.get('message', '')}".strip()
            return result
        current = client.get(path)  # unknown outcome, or changed by someone else since the plan
        if _lands(current, action.body):
            result.outcome, result.after = ("updated" if ambiguous else "in_sync"), snapshot(current)
            return result
        version, result.before = current["metadata"]["version"], snapshot(current)
    result.error = f"the code kept changing or never answered after {result.attempts} attempts"
    return result


def apply_action(client: WriteClient, action: Action) -> WriteResult:
    """One planned write; bad credentials (AuthFailed) propagate, any other failure is a failed result."""
    result = WriteResult(action, "failed", datetime.now(UTC), action.code_id, action.before)
    try:
        result = (_create if action.kind == CREATE else _update)(client, action, result)
    except AuthFailed:
        raise
    except GenesysError as err:
        result.error = str(err)
    result.at = datetime.now(UTC)
    return result


def apply_plan(
    plan: Plan, config: HubConfig | None = None, *, operator: str | None = None, record: bool = True, on_result=None
) -> ApplyReport:
    """Execute a plan's writes (plan it just before: updates are locked to the planned versions).

    Every write, failed ones included, is recorded in ``wfm_hub_ops.activity_code_audit`` (``record``).
    """
    from .audit import record_audit

    config = config or load_config()
    report = ApplyReport(uuid.uuid4().hex[:12], operator or default_operator(), plan.source)
    by_org: dict[str, list[Action]] = {}
    for action in plan.writes:
        by_org.setdefault(action.org, []).append(action)
    secrets = {key: credentials(config.org(key)) for key in by_org}
    try:
        for key, actions in by_org.items():
            client = WriteClient(config.org(key), secrets[key], config.extract)
            client.counters.current = COUNTER
            try:
                for n, action in enumerate(actions):
                    try:
                        result = apply_action(client, action)
                    except AuthFailed as err:  # every write to this org would fail the same way
                        now = datetime.now(UTC)
                        report.results += [
                            WriteResult(a, "failed", now, a.code_id, a.before, error=str(err)) for a in actions[n:]
                        ]
                        break
                    report.results.append(result)
                    if on_result:
                        on_result(result)
            finally:
                report.requests += client.counters.total("requests")
                report.status_429 += client.counters.total("status_429")
                client.close()
    finally:
        if record and report.results:
            record_audit(report, config)
    return report
