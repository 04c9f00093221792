"""The only module that speaks HTTP to Genesys Cloud: OAuth, pacing, retries, paging, jobs, downloads.

Why our own client rather than dlt's ``RESTClient``: Genesys needs proactive per-token pacing (300
requests a minute per OAuth token), 429 waits that do not spend the retry budget, a token refresh on
401, per-resource request/retry counters, answers checked for the keys each resource reads, paging
cross-checked across ``total``/``pageCount``/``nextUri``, job polling, and pre-signed downloads on
other hosts that must never carry the bearer token. Each of those is a rule below, not a hook.

Pacing: the token's limiter (``pacing.RateLimiter``) is the single gate of every exchange: a sliding window
keeps the token under the org's per-minute limit, so 429s are rare rather than the pacing mechanism, and at
most ``extract.calls_in_flight`` exchanges await their answer at once. Resources keep that many calls in
flight through ``each`` (independent calls, results in order) and ``pages`` (the pages after the first);
the client is shared by an org's resources, which run in parallel threads: the token is fetched and
refreshed once for all of them. A 429 that still arrives is honoured through Retry-After, without spending
the retry budget, for up to RATE_LIMIT_PATIENCE_SECONDS per call. Answers that arrive later (inline or
behind a ``downloadUrl``, jobs polled) are read by the ``asynchronous.AsyncAnswers`` mixin.
Retries: 429, 5xx, timeouts, transport errors, and answers that are not data (an empty body, a redirect
we do not follow, a body that is not JSON, an object without the keys the caller reads, an answer over
the byte cap) are re-requested with exponential backoff and jitter; an expired token is refreshed once.
When retries run out the error names the page, and the caller fails the org rather than commit partial
data. Every request has a wall-clock deadline (a trickling answer cannot hold a call open) and every run
has one (``extract.run_deadline_seconds``).
Writes: a non-idempotent request (``idempotent=False``: activity-code creates and updates) is re-sent
only after a 429, a 401 or a failure to connect, which the platform answers before executing it; any
other failure raises ``AmbiguousWrite`` so the caller can look before writing again.
Secrets: the client secret is only ever put into the Basic header of the token request; signed download
URLs appear in messages without their query string (``answers.redact``); no message, exception or
counter carries a token.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time

import httpx
import orjson

from ..config import Credentials, ExtractSettings, OrgConfig
from .answers import (  # noqa: F401  (re-exported)
    Answer,
    Paging,
    PagingError,
    decode,
    download_problem,
    error_text,
    missing,
    missing_permission,
    redact,
    retry_after_seconds,
    storage_code,
)
from .asynchronous import DOWNLOAD_REFRESHES, AsyncAnswers  # noqa: F401  (re-exported)
from .errors import (  # noqa: F401  (re-exported: callers import the errors from the client)
    AmbiguousWrite,
    AuthFailed,
    DownloadRefused,
    GenesysError,
    JobFailed,
    MalformedAnswer,
    NotReady,
    PermissionDenied,
    RunDeadline,
    Stopped,
)
from .pacing import Counters, RateLimiter, fan_out  # noqa: F401  (re-exported)

# httpx logs every request URL at INFO: a pre-signed download URL's signature is a credential.
logging.getLogger("httpx").setLevel(logging.WARNING)

RATE_LIMIT_PATIENCE_SECONDS = 300.0  # of Retry-After waits per call before it counts as failing
# Transport failures before any byte of the request left: re-sending cannot execute anything twice.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class _Unusable(Exception):
    """An answer that is not data (re-requested): the text says why."""


class GenesysClient(AsyncAnswers):
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
        self.limiter = RateLimiter(settings.rate_limit_per_minute, settings.calls_in_flight)
        self.backoff_base, self.backoff_cap = backoff_base, backoff_cap
        self.run_deadline = time.monotonic() + settings.run_deadline_seconds
        self.stopped: str | None = None  # why the run stopped (``stop``): every later call raises Stopped
        self.max_answer_bytes = int(settings.max_answer_megabytes * 1024 * 1024)
        self._token: str | None = None
        self._token_lock = threading.Lock()  # one token request at a time, whichever thread needs it
        self._http = httpx.Client(
            limits=httpx.Limits(max_connections=max(10, settings.calls_in_flight)),
            timeout=settings.request_timeout_seconds,
            headers={"Accept": "application/json", "User-Agent": "wfm-hub/0.1"},
        )

    def __repr__(self) -> str:
        return f"GenesysClient({self.org.key})"

    @property
    def client_id(self) -> str:
        """The OAuth client id (not a secret): with client credentials it stands for the caller in
        user-scoped notification topics (an assumption, docs/simulator.md "Notifications")."""
        return self._creds.client_id

    def close(self) -> None:
        self._http.close()

    def stop(self, why: str) -> None:
        """The run failed: calls made from now on (by resources still running in other threads) raise
        ``Stopped`` instead of reaching the API, and waits end at their next check."""
        self.stopped = self.stopped or why

    def check_running(self) -> None:
        if self.stopped:
            raise Stopped(f"org {self.org.key}: stopped after another resource failed ({self.stopped})")
        if time.monotonic() > self.run_deadline:
            raise RunDeadline(
                f"org {self.org.key}: the run passed its deadline of {self.settings.run_deadline_seconds:.0f} s"
            )

    # ------------------------------------------------------------------ auth
    def authenticate(self) -> None:
        """Client-credentials token; bad credentials fail fast (never retried into a lockout)."""
        url = f"{self.org.login_base_url}/oauth/token"
        answer = self._send(
            "POST",
            url,
            auth=False,
            data={"grant_type": "client_credentials"},
            basic=(self._creds.client_id, self._creds.client_secret),
        )
        if answer.status in (400, 401):
            raise AuthFailed(
                f"org {self.org.key}: the OAuth client was refused at {url} "
                f"({answer.status} {error_text(answer)}); check its client_id/client_secret"
            )
        try:
            self._token = orjson.loads(answer.content)["access_token"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            raise AuthFailed(f"org {self.org.key}: the token answer from {url} had no access_token") from None

    def _bearer(self, refused: str | None = None) -> str:
        """The current token, fetched once however many threads ask at the same time. ``refused``: the
        token a 401 answered; a new one is fetched unless another thread already replaced it."""
        with self._token_lock:
            if self._token is None or self._token == refused:
                self.authenticate()
            return self._token

    # --------------------------------------------------------------- sending
    def _backoff(self, attempt: int) -> None:
        delay = min(self.backoff_cap, self.backoff_base * 2**attempt)
        self._sleep(delay * random.uniform(0.5, 1.5))

    def _sleep(self, seconds: float) -> None:
        """Sleep, in steps of at most a second, ending early (``Stopped``) if the run stops meanwhile."""
        self.check_running()
        if seconds >= self.run_deadline - time.monotonic():
            raise RunDeadline(
                f"org {self.org.key}: the run passed its deadline of {self.settings.run_deadline_seconds:.0f} s"
            )
        end = time.monotonic() + seconds
        while (rest := end - time.monotonic()) > 0:
            time.sleep(min(rest, 1.0))
            self.check_running()

    def _exchange(self, method: str, url: str, headers: dict, basic, kwargs: dict) -> Answer:
        """One HTTP exchange, streamed: at most ``max_answer_bytes`` (after decompression) and at most
        ``request_timeout_seconds`` of wall time, however slowly the answer trickles."""
        deadline = time.monotonic() + self.settings.request_timeout_seconds
        with self._http.stream(method, url, headers=headers, auth=basic, **kwargs) as response:
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_answer_bytes:
                    raise _Unusable(f"the answer exceeded {self.settings.max_answer_megabytes:g} MB")
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(f"no complete answer in {self.settings.request_timeout_seconds:g} s")
                chunks.append(chunk)
            return Answer(response.status_code, response.headers, b"".join(chunks))

    def _send(self, method: str, url: str, *, auth: bool = True, basic=None, idempotent: bool = True, **kwargs):
        """One logical request with retries for 429, 5xx, timeouts and transport errors."""
        label = self.counters.current
        refreshed = False
        last = "no attempt"
        waited_429 = 0.0
        attempt = -1
        token = None
        while attempt < self.settings.max_retries:
            attempt += 1
            if attempt or waited_429:
                self.counters.add("retries", label)
            self.check_running()
            headers = {}
            if auth:
                token = self._bearer()
                headers["Authorization"] = f"Bearer {token}"
            try:
                with self.limiter.slot():
                    self.counters.add("requests", label)
                    answer = self._exchange(method, url, headers, basic, kwargs)
            except (httpx.TimeoutException, httpx.TransportError, _Unusable) as err:
                last = str(err) if isinstance(err, _Unusable) else type(err).__name__
                if not idempotent and not isinstance(err, NOT_SENT):
                    raise AmbiguousWrite(
                        f"org {self.org.key}: {method} {self._path(url)}: outcome unknown ({last})"
                    ) from err
                self._backoff(attempt)
                continue
            status = answer.status
            if status == 401 and auth and not refreshed:
                refreshed = True  # the token expired: fetch a new one once (for every thread) and go on
                self._bearer(refused=token)
                continue
            if status == 429:
                # The API says when to come back: waiting as told is not a failed attempt, so a 429
                # storm costs time, not the retry budget, up to RATE_LIMIT_PATIENCE_SECONDS per call.
                self.counters.add("status_429", label)
                last = "429 too.many.requests"
                patience = RATE_LIMIT_PATIENCE_SECONDS - waited_429
                retry_after = min(retry_after_seconds(answer), max(patience, 0.0)) + random.uniform(0, 0.25)
                if patience > 0:
                    attempt -= 1
                waited_429 += retry_after
                self._sleep(retry_after)
                continue
            if status >= 500:
                last = f"{status} {error_text(answer)}"
                if not idempotent:
                    raise AmbiguousWrite(f"org {self.org.key}: {method} {self._path(url)}: outcome unknown ({last})")
                self._backoff(attempt)
                continue
            return answer
        raise GenesysError(
            f"org {self.org.key}: {method} {self._path(url)} failed after "
            f"{self.settings.max_retries + 1} attempts and {waited_429:.0f} s of 429 waits "
            f"(last: {last})"
        )

    def _path(self, url: str) -> str:
        if url.startswith(self.org.api_base_url):
            return url[len(self.org.api_base_url) :]
        return redact(url)

    def call(
        self,
        method: str,
        path: str,
        *,
        params=None,
        body=None,
        auth: bool = True,
        expect=None,
        allow_empty: bool = False,
        download: bool = False,
        idempotent: bool = True,
        parse=None,
    ):
        """A JSON call whose answer must be data: JSON, an object carrying ``expect`` (see
        ``answers.missing``), never an empty body (unless ``allow_empty``) or a redirect. An answer that is
        not data is re-requested, then fails loudly naming the path (``MalformedAnswer``).

        ``parse``: a faster reader of the answer's bytes (``presence_arrow.presence_answer``); its value is
        returned when it reads the answer, and an answer it refuses (``ValueError``) is decoded as usual."""
        url = path if path.startswith("http") else f"{self.org.api_base_url}{path}"
        where = f"org {self.org.key}: {method} {self._path(url)}"
        problem = "no attempt"
        for attempt in range(self.settings.max_retries + 1):
            answer = self._send(method, url, auth=auth, params=params, json=body, idempotent=idempotent)
            try:
                return self._data(answer, where, expect, allow_empty, download, parse)
            except _Unusable as err:
                problem = str(err)
            if not idempotent:
                raise AmbiguousWrite(f"{where}: outcome unknown ({problem})")
            self.counters.add("retries")
            if attempt < self.settings.max_retries:
                self._backoff(attempt)
        raise MalformedAnswer(f"{where} params={params}: {problem}, {self.settings.max_retries + 1} times")

    def _data(self, answer: Answer, where: str, expect, allow_empty: bool, download: bool, parse=None):
        status = answer.status
        if download and status in (401, 403, 404, 410):
            code = storage_code(answer)
            raise DownloadRefused(f"{where} -> {status}{' ' + code if code else ''} (expired or refused)")
        if status == 403:
            raise PermissionDenied(missing_permission(answer), where.split(": ", 1)[1])
        if 300 <= status < 400:
            raise _Unusable(f"answered {status} (a redirect, not followed)")
        if status >= 400:
            raise GenesysError(f"{where} -> {status} {'' if download else error_text(answer)}".rstrip())
        if not answer.content.strip():
            if allow_empty:
                return {}
            raise _Unusable(f"answered {status} with an empty body")
        if parse is not None:
            try:
                return parse(answer.content)
            except ValueError:
                pass  # not for the fast reader: decoded and checked as any answer
        try:
            value, warnings = decode(answer.content)
        except ValueError:
            raise _Unusable("the answer is not JSON (malformed or truncated)") from None
        for text in warnings:
            self.counters.warn(f"{where.split(': ', 1)[1]}: {text}")
        problem = missing(value, expect)
        if problem:
            raise _Unusable(problem)
        return value

    def get(self, path: str, *, expect=None, **params):
        return self.call("GET", path, params=params or None, expect=expect)

    def post(self, path: str, body: dict, *, expect=None, **params):
        return self.call("POST", path, params=params or None, body=body, expect=expect)

    def download(self, url: str, *, expect=None):
        """A pre-signed download URL: no bearer token, same retries; https only (``download_problem``).
        A refusal (expired: 403/404) raises ``DownloadRefused``: ask the API for fresh URLs."""
        problem = download_problem(url, self.org.api_base_url)
        if problem:
            raise MalformedAnswer(f"org {self.org.key}: {problem}")
        return self.call("GET", url, auth=False, expect=expect, download=True)

    # ------------------------------------------------------------ concurrency
    def each(self, call, items, *, urgent: bool = False):
        """``call(item)`` for every item, yielded in the items' order, with up to ``extract.calls_in_flight``
        calls at once (``pacing.fan_out``): for calls that need nothing from each other's answers. Their
        exchanges wait behind urgent calls unless ``urgent`` (calls whose answers the run's other calls
        need: the org's structure, listings, jobs to submit and poll)."""
        return fan_out(call, items, self.settings.calls_in_flight, urgent)

    # ---------------------------------------------------------------- paging
    def pages(self, path: str, page_size: int, **params):
        """Offset paging: yields each page's new entities until ``total``, ``pageCount`` and ``nextUri``
        all say the listing is complete; inconsistent, looping or endless paging fails loudly.

        When the first page gives ``total``, the pages it implies are independent calls and are asked
        for together (``each``), then checked in order; pages past them (records added meanwhile) and
        listings without a ``total`` are read one after another."""
        paging = Paging(page_size, self.settings.max_pages)

        def ask(number: int) -> dict:
            return self.get(path, expect=("entities",), pageSize=page_size, pageNumber=number, **params)

        def accept(page: dict) -> tuple[list, bool]:
            try:
                return paging.accept(page)
            except PagingError as err:
                raise MalformedAnswer(f"org {self.org.key}: GET {path}: {err}") from None

        entities, more = accept(ask(1))
        yield entities
        if more and paging.total is not None:
            implied = min(math.ceil(paging.total / page_size), self.settings.max_pages)
            for page in self.each(ask, range(2, implied + 1)):
                entities, more = accept(page)
                yield entities
                if not more:
                    return
        while more:
            entities, more = accept(ask(paging.number + 1))
            yield entities
