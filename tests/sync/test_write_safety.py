"""A write whose outcome is unknown is never blindly re-sent, and a listing that lacks its codes never
leads to a write: a scripted API behind httpx's MockTransport decides, per request, whether a write is
executed and what the client sees."""

from __future__ import annotations

import httpx
import orjson
import pytest

from pipelines.activity_codes import IncompleteListing, parse_catalogue, plan_business_unit, read_units
from pipelines.activity_codes.apply import WriteClient, apply_action
from pipelines.activity_codes.catalogue import CATEGORIES
from pipelines.config import Credentials, ExtractSettings, OrgConfig

BU = "bu-1"
CODES = f"/api/v2/workforcemanagement/businessunits/{BU}/activitycodes"
# Every business unit has one default code per category (docs/sync.md); a complete listing shows them.
DEFAULTS = [
    {"id": f"default-{c}", "name": c, "category": c, "defaultCode": True, "metadata": {"version": 1}}
    for c in CATEGORIES
]
CATALOGUE = parse_catalogue(
    {"codes": [{"name": "Email Backlog", "category": "OffQueueWork", "lengthInMinutes": 60}]}, "test.yaml"
)


class ScriptedApi:
    """Activity codes of one business unit; ``script`` says how each successive write is answered:
    ``ok``, ``429`` (refused before executing), ``503`` (refused), ``503-after`` (executed, then 503),
    ``timeout-after`` (executed, then the connection times out), ``refused`` (the connection is refused:
    nothing was sent), ``garbled-after`` (executed, then an unparsable answer), ``409``. ``listing``
    says how the business unit's code listing is answered: ``complete``, ``no-entities`` (the key is
    missing) or ``no-defaults`` (the default codes are missing)."""

    def __init__(self, script: list[str], codes: list[dict] | None = None, listing: str = "complete"):
        self.script = list(script)
        self.codes = {c["id"]: c for c in codes or []}  # the custom codes
        self.listing = listing
        self.writes = []  # (method, executed)

    def _execute(self, request: httpx.Request) -> dict:
        body = orjson.loads(request.content)
        if request.method == "POST":
            new = {"id": f"code-{len(self.codes) + 1}", "defaultCode": False, "metadata": {"version": 1}, **body}
            self.codes[new["id"]] = new
            return new
        current = self.codes[request.url.path.rsplit("/", 1)[1]]
        current.update({k: v for k, v in body.items() if k != "metadata"})
        current["metadata"] = {"version": current["metadata"]["version"] + 1}
        return current

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            return httpx.Response(200, json={"access_token": "t", "token_type": "bearer", "expires_in": 86400})
        if request.method == "GET":
            if request.url.path.endswith("/businessunits"):
                return httpx.Response(200, json={"entities": [{"id": BU, "name": "Care"}]})
            if request.url.path == CODES:
                custom = list(self.codes.values())
                answer = {
                    "complete": {"entities": DEFAULTS + custom},
                    "no-entities": {"downloadUrl": None},
                    "no-defaults": {"entities": custom},
                }[self.listing]
                return httpx.Response(200, json=answer)
            return httpx.Response(200, json=self.codes[request.url.path.rsplit("/", 1)[1]])
        step = self.script.pop(0) if self.script else "ok"
        if step == "refused":
            raise httpx.ConnectError("connection refused", request=request)
        executed = step in ("ok", "503-after", "timeout-after", "garbled-after")
        self.writes.append((request.method, executed))
        if step == "429":
            return httpx.Response(429, headers={"Retry-After": "0"}, json={"code": "too.many.requests"})
        if step == "503":
            return httpx.Response(503, json={"code": "service.unavailable"})
        if step == "409":
            return httpx.Response(409, json={"code": "version.mismatch", "message": "modified by someone else"})
        answer = self._execute(request)
        if step == "503-after":
            return httpx.Response(503, json={"code": "service.unavailable"})
        if step == "timeout-after":
            raise httpx.ReadTimeout("timed out", request=request)
        if step == "garbled-after":
            return httpx.Response(201, content=b'{"id": "code-')
        return httpx.Response(201 if request.method == "POST" else 200, json=answer)


def client_for(api: ScriptedApi) -> WriteClient:
    org = OrgConfig("emea", "Acme EMEA", "mypurecloud.de", "https://api.test", "https://login.test")
    client = WriteClient(
        org, Credentials("id", "secret"), ExtractSettings(request_timeout_seconds=0.01), backoff_base=0.001
    )
    client._http = httpx.Client(transport=httpx.MockTransport(api))
    return client


def planned(api: ScriptedApi, catalogue=CATALOGUE):
    [action] = [a for a in plan_business_unit(catalogue, "emea", BU, "Care", list(api.codes.values())) if a.is_write]
    return action


@pytest.mark.parametrize(
    "script, outcome, posts, attempts",
    [
        (["ok"], "created", 1, 1),
        (["429", "429", "ok"], "created", 3, 1),  # refused before executing: re-sent by the client as usual
        (["503", "ok"], "created", 2, 2),  # unknown outcome; the re-read finds nothing, so it is created again
        (["503-after"], "adopted", 1, 1),  # it had landed: found by name, never sent twice
        (["timeout-after"], "adopted", 1, 1),
        (["garbled-after"], "adopted", 1, 1),
        (["refused", "ok"], "created", 1, 1),  # never left the client: re-sent at once, no re-read needed
    ],
)
def test_a_create_lands_exactly_once(script, outcome, posts, attempts):
    api = ScriptedApi(script)
    result = apply_action(client_for(api), planned(api))
    assert (result.outcome, result.attempts, result.error) == (outcome, attempts, None)
    assert len(api.writes) == posts  # writes that reached the API
    assert [c["name"] for c in api.codes.values()] == ["Email Backlog"]
    assert result.after["name"] == "Email Backlog" and result.code_id == "code-1"


def test_a_create_that_never_gets_an_answer_fails_without_duplicates():
    api = ScriptedApi(["503"] * 20)
    result = apply_action(client_for(api), planned(api))
    assert result.outcome == "failed" and "still missing" in result.error and api.codes == {}


def test_an_update_after_an_ambiguous_failure_is_checked_not_repeated():
    api = ScriptedApi(
        ["timeout-after"],
        [
            {
                "id": "c1",
                "name": "Email Backlog",
                "category": "OffQueueWork",
                "lengthInMinutes": 45,
                "defaultCode": False,
                "metadata": {"version": 3},
            }
        ],
    )
    result = apply_action(client_for(api), planned(api))
    assert result.outcome == "updated" and len(api.writes) == 1
    assert api.codes["c1"]["lengthInMinutes"] == 60 and api.codes["c1"]["metadata"]["version"] == 4


def test_a_lost_race_is_re_read_and_only_re_sent_if_still_needed():
    stale = {
        "id": "c1",
        "name": "Email Backlog",
        "category": "OffQueueWork",
        "lengthInMinutes": 45,
        "defaultCode": False,
        "metadata": {"version": 3},
    }
    api = ScriptedApi(["409", "ok"], [dict(stale)])
    action = planned(api)
    api.codes["c1"]["metadata"] = {"version": 4}  # someone else edited it after the plan
    result = apply_action(client_for(api), action)
    assert result.outcome == "updated" and [m for m, _ in api.writes] == ["PATCH", "PATCH"]
    assert result.before["version"] == 4 and result.after["version"] == 5

    api = ScriptedApi(["409"], [dict(stale)])
    action = planned(api)
    api.codes["c1"].update(lengthInMinutes=60, metadata={"version": 4})  # ... and made the same change
    result = apply_action(client_for(api), action)
    assert result.outcome == "in_sync" and len(api.writes) == 1


@pytest.mark.parametrize("step", ["503", "503-after", "timeout-after", "garbled-after"])
def test_a_non_idempotent_call_is_sent_once_and_raises_when_its_outcome_is_unknown(step):
    """``idempotent=False`` on the client itself (what ``WriteClient.write`` uses); the same answers are
    retried for an idempotent call."""
    from pipelines.genesys.client import AmbiguousWrite

    api = ScriptedApi([step])
    with pytest.raises(AmbiguousWrite):
        client_for(api).call("POST", CODES, body={"name": "X", "category": "Break"}, idempotent=False)
    assert len(api.writes) == 1

    api = ScriptedApi([step])
    answer = client_for(api).call("POST", CODES, body={"name": "X", "category": "Break"})
    assert answer["name"] == "X" and len(api.writes) == 2  # re-sent: a read-style call may be repeated


@pytest.mark.parametrize("listing, message", [("no-entities", "no entities list"), ("no-defaults", "no default code")])
def test_a_listing_without_its_codes_stops_the_plan_before_any_write(listing, message):
    """Read as "no codes", it would make the sync create every catalogue code again."""
    custom = {"id": "c1", "name": "Email Backlog", "category": "OffQueueWork", "defaultCode": False}
    api = ScriptedApi([], [custom], listing=listing)
    with pytest.raises(IncompleteListing, match=message):
        read_units(client_for(api))
    assert api.writes == []
    api.listing = "complete"
    [(unit, codes)] = read_units(client_for(api))
    assert unit["id"] == BU and len(codes) == len(CATEGORIES) + 1


def test_an_ambiguous_create_is_not_sent_again_when_the_re_read_listing_is_incomplete():
    api = ScriptedApi(["503-after"], listing="no-entities")
    result = apply_action(client_for(api), planned(api))
    assert result.outcome == "failed" and "no entities list" in result.error
    assert len(api.writes) == 1 and len(api.codes) == 1, "created once, never twice"
