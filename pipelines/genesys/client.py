"""The only module that speaks HTTP to Genesys Cloud: OAuth, pacing, retries, paging, jobs, downloads.

Pacing: a client-side sliding window keeps each token under the org's per-minute limit, so 429s are
rare rather than the pacing mechanism; a 429 that still arrives is honoured through Retry-After,
without spending the retry budget, for up to RATE_LIMIT_PATIENCE_SECONDS per call.
Retries: 429, 5xx, timeouts, transport errors and unparsable bodies (malformed or truncated pages)
are retried with exponential backoff and jitter; an expired token is refreshed once. When retries
run out the error names the page, and the caller fails the org rather than commit partial data.
A non-idempotent request (``idempotent=False``: activity-code creates and updates) is re-sent only
after a 429, a 401 or a failure to connect, which the platform answers before executing it; any other
failure raises ``AmbiguousWrite`` so the caller can look before writing again.
Secrets: the client secret is only ever put into the Basic header of the token request; no message,
exception or counter carries it.
"""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

import httpx
import orjson

from ..config import Credentials, ExtractSettings, OrgConfig

RATE_LIMIT_PATIENCE_SECONDS = 300.0  # of Retry-After waits per call before it counts as failing
# Transport failures before any byte of the request left: re-sending cannot execute anything twice.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _retry_after(response: httpx.Response) -> float:
    """Seconds to wait from a 429's Retry-After (delta seconds; 1 s when absent or unreadable)."""
    try:
        return max(0.0, float(response.headers.get("Retry-After", "1")))
    except ValueError:
        return 1.0


class GenesysError(RuntimeError):
    """A request failed for good; the message says which page and why (never a secret)."""


class PermissionDenied(GenesysError):
    def __init__(self, permission: str, path: str):
        super().__init__(f"403 missing permission {permission} for {path}")
        self.permission = permission


class AuthFailed(GenesysError):
    pass


class AmbiguousWrite(GenesysError):
    """A non-idempotent request may or may not have been executed (timeout, transport error, 5xx,
    unparsable answer): the caller must look before sending it again."""


class JobFailed(GenesysError):
    pass


@dataclass
class Counters:
    """Requests, retries and 429s, per resource label (``current`` is set by the source)."""

    current: str = "-"
    requests: dict = field(default_factory=lambda: defaultdict(int))
    retries: dict = field(default_factory=lambda: defaultdict(int))
    status_429: dict = field(default_factory=lambda: defaultdict(int))

    def total(self, what: str) -> int:
        return sum(getattr(self, what).values())


class RateLimiter:
    """At most ``limit`` requests in any 60 s window (the platform's own rule, per token)."""

    def __init__(self, per_minute: int):
        self.limit = max(1, int(per_minute * 0.97))
        self.sent: deque[float] = deque()
        self.lock = threading.Lock()

    def acquire(self) -> None:
        while True:
            with self.lock:
                now = time.monotonic()
                while self.sent and self.sent[0] <= now - 60:
                    self.sent.popleft()
                if len(self.sent) < self.limit:
                    self.sent.append(now)
                    return
                wait = self.sent[0] + 60 - now
            time.sleep(min(max(wait, 0.01), 1.0))


def error_text(response: httpx.Response) -> str:
    """An error answer as ``code: message`` (Genesys' error body), else its first 200 characters."""
    try:
        body = orjson.loads(response.content)
        return f"{body.get('code', '')}: {body.get('message', '')}".strip(": ")
    except (orjson.JSONDecodeError, AttributeError):
        return response.text[:200]


class GenesysClient:
    def __init__(
        self,
        org: OrgConfig,
        creds: Credentials,
        settings: ExtractSettings,
        *,
        backoff_base: float = 0.25,
        backoff_cap: float = 8.0,
    ):
        self.org = org
        self._creds = creds
        self.settings = settings
        self.counters = Counters()
        self.limiter = RateLimiter(settings.rate_limit_per_minute)
        self.backoff_base, self.backoff_cap = backoff_base, backoff_cap
        self._token: str | None = None
        self._http = httpx.Client(
            timeout=settings.request_timeout_seconds,
            headers={"Accept": "application/json", "User-Agent": "wfm-hub/0.1"},
        )

    def __repr__(self) -> str:
        return f"GenesysClient({self.org.key})"

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------------ auth
    def authenticate(self) -> None:
        """Client-credentials token; bad credentials fail fast (never retried into a lockout)."""
        url = f"{self.org.login_base_url}/oauth/token"
        response = self._send(
            "POST",
            url,
            auth=False,
            data={"grant_type": "client_credentials"},
            basic=(self._creds.client_id, self._creds.client_secret),
        )
        if response.status_code in (400, 401):
            raise AuthFailed(
                f"org {self.org.key}: the OAuth client was refused at {url} "
                f"({response.status_code} {error_text(response)}); check its client_id/client_secret"
            )
        try:
            self._token = orjson.loads(response.content)["access_token"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            raise AuthFailed(f"org {self.org.key}: the token answer from {url} had no access_token") from None

    # --------------------------------------------------------------- sending
    def _backoff(self, attempt: int) -> None:
        delay = min(self.backoff_cap, self.backoff_base * 2**attempt)
        time.sleep(delay * random.uniform(0.5, 1.5))

    def _send(
        self, method: str, url: str, *, auth: bool = True, basic=None, idempotent: bool = True, **kwargs
    ) -> httpx.Response:
        """One logical request with retries for 429, 5xx, timeouts and transport errors.

        ``idempotent=False`` (a create or update): a 429 or an expired token's 401 is still re-sent (the
        platform answers those before executing), but a timeout, a transport error after connecting or
        a 5xx raises ``AmbiguousWrite`` instead, since the request may have been executed."""
        label = self.counters.current
        refreshed = False
        last = "no attempt"
        waited_429 = 0.0
        attempt = -1
        while attempt < self.settings.max_retries:
            attempt += 1
            if attempt or waited_429:
                self.counters.retries[label] += 1
            headers = {}
            if auth:
                if self._token is None:
                    self.authenticate()
                headers["Authorization"] = f"Bearer {self._token}"
            self.limiter.acquire()
            self.counters.requests[label] += 1
            try:
                response = self._http.request(method, url, headers=headers, auth=basic, **kwargs)
            except (httpx.TimeoutException, httpx.TransportError) as err:
                last = f"{type(err).__name__}"
                if not idempotent and not isinstance(err, NOT_SENT):
                    raise AmbiguousWrite(f"org {self.org.key}: {method} {self._path(url)}: {last}") from None
                self._backoff(attempt)
                continue
            status = response.status_code
            if status == 401 and auth and not refreshed:
                refreshed = True  # the token expired: fetch a new one once and go on
                self.authenticate()
                continue
            if status == 429:
                # The API says when to come back: waiting as told is not a failed attempt, so a 429
                # storm costs time, not the retry budget, up to RATE_LIMIT_PATIENCE_SECONDS per call.
                self.counters.status_429[label] += 1
                last = "429 too.many.requests"
                patience = RATE_LIMIT_PATIENCE_SECONDS - waited_429
                retry_after = min(_retry_after(response), max(patience, 0.0)) + random.uniform(0, 0.25)
                if patience > 0:
                    attempt -= 1
                waited_429 += retry_after
                time.sleep(retry_after)
                continue
            if status >= 500:
                last = f"{status} {error_text(response)}"
                if not idempotent:
                    raise AmbiguousWrite(f"org {self.org.key}: {method} {self._path(url)} -> {last}")
                self._backoff(attempt)
                continue
            return response
        raise GenesysError(
            f"org {self.org.key}: {method} {self._path(url)} failed after "
            f"{self.settings.max_retries + 1} attempts and {waited_429:.0f} s of 429 waits "
            f"(last: {last})"
        )

    def _path(self, url: str) -> str:
        return url.replace(self.org.api_base_url, "")

    def call(self, method: str, path: str, *, params=None, body=None, auth: bool = True, idempotent: bool = True):
        """A JSON call; an unparsable answer (malformed/truncated page) is re-requested, then fails loudly
        (``idempotent=False``: raises ``AmbiguousWrite`` at once, as ``_send`` does)."""
        url = path if path.startswith("http") else f"{self.org.api_base_url}{path}"
        for attempt in range(self.settings.max_retries + 1):
            response = self._send(method, url, auth=auth, params=params, json=body, idempotent=idempotent)
            if response.status_code == 403:
                raise PermissionDenied(missing_permission(response), self._path(url))
            if response.status_code >= 400:
                raise GenesysError(
                    f"org {self.org.key}: {method} {self._path(url)} -> {response.status_code} {error_text(response)}"
                )
            if not response.content:
                return {}
            try:
                return orjson.loads(response.content)
            except orjson.JSONDecodeError:
                if not idempotent:
                    raise AmbiguousWrite(
                        f"org {self.org.key}: {method} {self._path(url)} answered {response.status_code} "
                        f"with an unparsable body"
                    ) from None
                self.counters.retries[self.counters.current] += 1
                if attempt == self.settings.max_retries:
                    raise GenesysError(
                        f"org {self.org.key}: {method} {self._path(url)} params={params} returned "
                        f"an unparsable page {self.settings.max_retries + 1} times"
                    ) from None
                self._backoff(attempt)
        raise AssertionError("unreachable")

    def get(self, path: str, **params):
        return self.call("GET", path, params=params or None)

    def post(self, path: str, body: dict, **params):
        return self.call("POST", path, params=params or None, body=body)

    def download(self, url: str):
        """A pre-signed download URL: no bearer token, same retries."""
        return self.call("GET", url, auth=False)

    # ---------------------------------------------------------------- paging
    def pages(self, path: str, page_size: int, **params):
        """Offset paging: yields each page's entities; stops at pageCount (nextUri absent)."""
        number = 1
        while True:
            page = self.get(path, pageSize=page_size, pageNumber=number, **params)
            yield page.get("entities") or []
            if not page.get("nextUri") or number >= int(page.get("pageCount") or 0):
                return
            number += 1

    def maybe_download(self, answer: dict, inline_key: str):
        """WFM answers either inline or behind downloadUrl; return the payload either way."""
        if answer.get("downloadUrl"):
            return self.download(answer["downloadUrl"])
        return answer.get(inline_key) if inline_key else answer

    def wait_for_job(self, path: str, *, state_of) -> dict:
        """Poll an async job with jittered backoff until it completes or the deadline passes."""
        deadline = time.monotonic() + self.settings.job_deadline_seconds
        delay = 0.2
        while True:
            answer = self.get(path)
            state = state_of(answer)
            if state in ("Complete", "FULFILLED"):
                return answer
            if state in ("Error", "FAILED", "CANCELLED", "EXPIRED"):
                raise JobFailed(f"org {self.org.key}: job {path} ended in state {state}")
            if time.monotonic() + delay > deadline:
                raise JobFailed(
                    f"org {self.org.key}: job {path} still {state} after "
                    f"{self.settings.job_deadline_seconds:.0f} s (deadline)"
                )
            time.sleep(delay * random.uniform(0.8, 1.2))
            delay = min(delay * 2, 10.0)


def missing_permission(response: httpx.Response) -> str:
    """The permission a 403 names (``messageParams.permissions``, else the bracketed part of its message)."""
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return "unknown permission"
    permissions = (body.get("messageParams") or {}).get("permissions")
    if permissions:
        return permissions.strip("[]")
    message = body.get("message", "")
    return message.split("[", 1)[-1].rstrip("]") if "[" in message else message or "unknown permission"
