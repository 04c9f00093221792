"""The ASGI app: every org under ``/orgs/{org_key}``, wrapped in auth, rate limits, faults and stats.

Order per API call, as the real platform answers: org down -> injected latency/timeout -> bearer token
(401) -> per-token rate limit (429) -> injected 429 bursts and 5xx -> permission (403) -> the latency
profile's answer time (``latency.py``; after the rate limit counted the call) -> handler -> injected
malformed/truncated bodies on list answers.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import copy
import zlib
from urllib.parse import parse_qs

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from . import adherence_stream
from .errors import ApiError, error_body, missing_permission
from .latency import DOWNLOAD, LOGIN, route_class
from .notifications import websocket_routes
from .routes import (  # noqa: F401  (register routes)
    ENDPOINTS,
    Ctx,
    Endpoint,
    analytics,
    control,
    directory,
    notifications,
    presence,
    routing,
    teams,
    wfm_adherence,
    wfm_explanations,
    wfm_forecast_import,
    wfm_forecasts,
    wfm_intraday,
    wfm_planning,
    wfm_schedule_search,
    wfm_schedules,
    wfm_shift_trades,
    wfm_timeoff,
    wfm_timeoff_plans,
    wfm_units,
    wfm_work_plans,
)
from .runtime import Runtime

ORG_PREFIX = "/orgs/{org_key}"


def json_response(status: int, body, headers: dict | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)


def error_response(err: ApiError) -> Response:
    return json_response(err.status, err.body(), err.headers)


def server_base(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"


def org_urls(request: Request, org_key: str) -> tuple[str, str]:
    base = server_base(request)
    return f"{base}/orgs/{org_key}", f"{base}/orgs/{org_key}/login"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return None


async def _delay(runtime: Runtime, org_key: str, path: str) -> None:
    faults = runtime.faults[org_key]
    if faults.latency_ms:
        await asyncio.sleep(faults.latency_ms / 1000)
    if runtime.take(org_key, "timeout_next", path):
        await asyncio.sleep(faults.timeout_seconds)


async def _answer_time(runtime: Runtime, org_key: str, route_class: str) -> None:
    seconds = runtime.answer_seconds(org_key, route_class)
    if seconds:
        await asyncio.sleep(seconds)


def _guard(runtime: Runtime, org_key: str, endpoint: Endpoint, request: Request, path: str) -> str:
    """Raise the ApiError the platform would answer before the handler runs, if any; else the token."""
    token = runtime.token_for(_bearer(request), org_key)
    if token is None:
        if _bearer(request) is None:
            raise ApiError(
                401, "authentication.required", "No authentication bearer token specified in authorization header."
            )
        raise ApiError(401, "bad.credentials", "Invalid login credentials.")
    wait = runtime.over_limit(token)
    if wait or runtime.take(org_key, "burst_429_next", path):
        limit = runtime.rate_limit
        raise ApiError(
            429,
            "too.many.requests",
            f"Rate limit exceeded the maximum. [{limit}] requests for [60] seconds",
            params={"limit": str(limit), "window": "60"},
            headers={"Retry-After": str(wait or 1)},
        )
    if runtime.roll_error(org_key):
        raise ApiError(503, "service.unavailable", "The service is currently unavailable.")
    if not runtime.permitted(org_key, endpoint.permission):
        raise missing_permission(endpoint.permission)
    return token.value  # the caller's token, for the notification channels it owns


def _mangle(runtime: Runtime, org_key: str, path: str, payload: bytes) -> bytes:
    if runtime.take(org_key, "malformed_next", path):
        return b'{"entities": [{"id": "broken"' + b"<html>502 Bad Gateway</html>"
    if runtime.take(org_key, "truncated_next", path):
        return payload[: max(1, len(payload) // 2)]
    return payload


_BOMBS: dict[int, bytes] = {}


def _bomb(megabytes: int) -> bytes:
    """A gzip body that expands to ``megabytes`` of JSON whitespace around ``{}`` (about 1,000:1)."""
    if megabytes not in _BOMBS:
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = b" " * (1024 * 1024)
        parts = [packer.compress(b"{")] + [packer.compress(block) for _ in range(megabytes)]
        _BOMBS[megabytes] = b"".join(parts) + packer.compress(b"}") + packer.flush()
    return _BOMBS[megabytes]


async def _delivered(runtime: Runtime, org_key: str, path: str, payload: bytes, status: int = 200) -> Response:
    """The answer as the wire carries it, after the delivery faults: an empty body, a redirect, a gzip
    bomb, or a body that trickles out a byte at a time."""
    faults = runtime.faults[org_key]
    if runtime.take(org_key, "empty_next", path):
        return Response(b"", status_code=200, media_type="application/json")
    if runtime.take(org_key, "redirect_next", path):
        return Response(b"", status_code=302, headers={"Location": "https://login.example.invalid/maintenance"})
    if runtime.take(org_key, "oversized_next", path):
        return Response(_bomb(faults.oversized_mb), media_type="application/json", headers={"Content-Encoding": "gzip"})
    if runtime.take(org_key, "trickle_next", path):
        pause = faults.trickle_seconds

        async def dribble():
            for i in range(len(payload)):
                yield payload[i : i + 1]
                await asyncio.sleep(pause)

        return StreamingResponse(dribble(), status_code=status, media_type="application/json")
    return Response(payload, status_code=status, media_type="application/json")


def _poisoned(payload: bytes) -> bytes:
    """The first user's name ends in an unpaired surrogate escape, as a broken client once saved it."""
    marker = b'"name":"'
    at = payload.find(marker)
    if at < 0:
        return payload
    end = payload.find(b'"', at + len(marker))
    return payload[:end] + b"\\ud83d" + payload[end:]


def _drift(faults, answer):
    """Apply the schema-drift faults to an answer, in place, at every depth."""
    if isinstance(answer, list):
        for item in answer:
            _drift(faults, item)
    elif isinstance(answer, dict):
        if faults.drop_field:
            answer.pop(faults.drop_field, None)
        if faults.add_field and "id" in answer:
            answer[faults.add_field] = f"{faults.add_field}-value"
        for value in answer.values():
            _drift(faults, value)
    return answer


def make_endpoint(runtime: Runtime, endpoint: Endpoint):
    template = f"{endpoint.method} {endpoint.path}"
    klass = route_class(endpoint.method, endpoint.path)

    async def handle(request: Request) -> Response:
        """The answer, with the rate-limit headers of the caller's token (``Runtime.rate_headers``) and,
        from the server, an RFC 7231 ``Date``: both as real answers carry them."""
        response = await answer(request)
        response.headers.update(runtime.rate_headers(_bearer(request)))
        return response

    async def answer(request: Request) -> Response:
        org_key = request.path_params.pop("org_key")
        org = runtime.model.orgs.get(org_key)
        if org is None:
            return json_response(404, error_body(404, "not.found", f"No org {org_key!r} on this simulator"))
        stats = runtime.stats[org_key]
        stats.requests += 1
        stats.by_endpoint[template] += 1
        path = request.url.path.split(f"/orgs/{org_key}", 1)[1]
        faults = runtime.faults[org_key]
        if faults.expire_tokens:
            runtime.expire_tokens(org_key)
            faults.expire_tokens = False
        try:
            if faults.down:
                raise ApiError(503, "service.unavailable", "The service is currently unavailable.")
            await _delay(runtime, org_key, path)
            token = _guard(runtime, org_key, endpoint, request, path)
            await _answer_time(runtime, org_key, klass)
            raw = await request.body()
            try:
                body = orjson.loads(raw) if raw else None
            except orjson.JSONDecodeError:
                raise ApiError(400, "bad.request", "The request body is not valid JSON") from None
            api_base, _ = org_urls(request, org_key)
            ctx = Ctx(
                runtime,
                runtime.model,
                org,
                dict(request.path_params),
                request.query_params,
                body,
                api_base,
                server_base(request),
                path,
                token=token,
            )
            with runtime.lock:
                answer = endpoint.handler(ctx)
        except ApiError as err:
            if err.status == 429:
                stats.status_429 += 1
            elif err.status >= 500:
                stats.errors += 1
            return error_response(err)
        status, answer = answer if isinstance(answer, tuple) else (200, answer)
        if isinstance(answer, dict) and isinstance(answer.get("entities"), list) and "pageCount" not in answer:
            answer = {**answer, "entities": runtime.vanish(org_key, path, answer["entities"])}
        if isinstance(answer, dict) and "status" in answer and runtime.take(org_key, "processing_next", path):
            answer = {"status": "Processing", "operationId": runtime.next_id(org_key, "operation"), "progress": 0}
        if faults.add_field or faults.drop_field:
            answer = _drift(faults, copy.deepcopy(answer))
        payload = orjson.dumps(answer)
        # one user: the first of the listing of users not deleted (a client lists state=deleted apart)
        if faults.poison_user and endpoint.path == "/api/v2/users" and request.query_params.get("state") != "deleted":
            payload = _poisoned(payload)
        if endpoint.listing:
            mangled = _mangle(runtime, org_key, path, payload)
            if mangled is not payload:
                stats.errors += 1
                payload = mangled
        return await _delivered(runtime, org_key, path, payload, status)

    return handle


def make_token_endpoint(runtime: Runtime):
    async def token(request: Request) -> Response:
        org_key = request.path_params["org_key"]
        org = runtime.model.orgs.get(org_key)
        if org is None:
            return json_response(404, error_body(404, "not.found", f"No org {org_key!r} on this simulator"))
        stats = runtime.stats[org_key]
        stats.requests += 1
        stats.by_endpoint["POST /oauth/token"] += 1
        if runtime.faults[org_key].down:
            stats.errors += 1
            return json_response(503, error_body(503, "service.unavailable", "The service is currently unavailable."))
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        if form.get("grant_type") != ["client_credentials"]:
            return json_response(
                400,
                {
                    "error": "unsupported_grant_type",
                    "description": "grant_type must be client_credentials",
                    "error_description": "grant_type must be client_credentials",
                },
            )
        await _answer_time(runtime, org_key, LOGIN)
        client_id, secret = _basic(request)
        if client_id != org.client_id or secret != org.client_secret:
            return json_response(
                401,
                {
                    "error": "invalid_client",
                    "description": "Invalid client credentials",
                    "error_description": "Invalid client credentials",
                },
            )
        issued = runtime.issue_token(org_key)
        return json_response(
            200, {"access_token": issued.value, "token_type": "bearer", "expires_in": runtime.token_ttl}
        )

    return token


def _basic(request: Request) -> tuple[str | None, str | None]:
    header = request.headers.get("authorization", "")
    if header[:6].lower() != "basic ":
        return None, None
    try:
        decoded = base64.b64decode(header[6:].strip()).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    client_id, _, secret = decoded.partition(":")
    return client_id, secret


def _storage_error(code: str, message: str) -> Response:
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>'
    return Response(body.encode(), status_code=403 if code != "NoSuchKey" else 404, media_type="application/xml")


def make_download_endpoint(runtime: Runtime):
    """The download service: pre-signed URLs on another host name, no bearer token; an expired or
    tampered URL is refused the way a storage service refuses it (403 AccessDenied, XML)."""

    async def download(request: Request) -> Response:
        key = request.path_params["key"]
        entry = runtime.downloads.get(key)
        if entry is None:
            return _storage_error("NoSuchKey", "The specified key does not exist.")
        org_key, payload = entry
        stats, faults = runtime.stats[org_key], runtime.faults[org_key]
        stats.requests += 1
        stats.by_endpoint["GET /_downloads/{key}"] += 1
        await _answer_time(runtime, org_key, DOWNLOAD)
        refused = runtime.verify_download(
            key, request.query_params.get("Expires"), request.query_params.get("Signature")
        )
        if refused or runtime.take(org_key, "download_403_next", "/_downloads"):
            stats.errors += 1
            return _storage_error(refused or "AccessDenied", "Request has expired")
        if faults.add_field or faults.drop_field:
            payload = _drift(faults, copy.deepcopy(payload))
        body = orjson.dumps(payload)
        mangled = _mangle(runtime, org_key, "/_downloads", body)
        if mangled is not body:
            stats.errors += 1
        return await _delivered(runtime, org_key, "/_downloads", mangled)

    return download


def _counted(runtime: Runtime, handler, org_of):
    """``handler`` with its calls counted in flight for their org (``Runtime.serving``)."""

    async def counted(request: Request) -> Response:
        with runtime.serving(org_of(request)):
            return await handler(request)

    return counted


def create_app(runtime: Runtime) -> Starlette:
    def by_path(request: Request) -> str | None:
        return request.path_params.get("org_key")

    def by_download(request: Request) -> str | None:
        return (runtime.downloads.get(request.path_params["key"]) or (None,))[0]

    routes = [
        Route(
            f"{ORG_PREFIX}/login/oauth/token",
            _counted(runtime, make_token_endpoint(runtime), by_path),
            methods=["POST"],
        ),
        Route("/_downloads/{key}", _counted(runtime, make_download_endpoint(runtime), by_download), methods=["GET"]),
        Route("/_uploads/{key}", wfm_forecast_import.make_upload_endpoint(runtime), methods=["PUT"]),
    ]
    routes += control.routes(runtime, org_urls)
    routes += websocket_routes(runtime)  # notification channels' connectUri and /_sim/notifications
    routes += adherence_stream.routes(runtime)  # /_sim/realtime (the clock runs), /_sim/permissions
    for endpoint in ENDPOINTS:
        handler = _counted(runtime, make_endpoint(runtime, endpoint), by_path)
        routes.append(Route(ORG_PREFIX + endpoint.path, handler, methods=[endpoint.method]))
    app = Starlette(routes=routes)
    app.state.runtime = runtime
    return app
