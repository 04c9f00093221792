"""Mutable server state: tokens, per-token rate limits, latency, faults, request statistics, jobs, downloads."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import defaultdict, deque
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from .adherence_stream import AdherencePublisher
from .ids import guid, rng
from .latency import PROFILES, LatencyProfile
from .model import Model
from .notifications import ChannelStore, NotificationSettings

# Permissions each OAuth client's role grants unless ``--deny`` takes one away: a route is allowed when
# the role holds any one of the route's permissions (Genesys' "Requires ANY permissions"). Names and
# ANY lists as the official SDK's API docs give them (docs/simulator.md, per route).
ALL_PERMISSIONS = (
    "routing:queue:view",
    "groups:team:view",
    "wfm:businessUnit:view",
    "wfm:managementUnit:view",
    "wfm:activityCode:view",
    "wfm:activityCode:add",
    "wfm:activityCode:edit",
    "wfm:planningGroup:view",
    "wfm:serviceGoalTemplate:view",
    "wfm:staffingRequirement:view",
    "wfm:schedule:view",
    "wfm:shortTermForecast:view",
    "wfm:shortTermForecast:add",
    "wfm:realtimeAdherence:view",
    "wfm:historicalAdherence:view",
    "wfm:timeOffRequest:view",
    "analytics:conversationAggregate:view",
    "analytics:userAggregate:view",
    # the planners' entities (issue 16)
    "wfm:adherenceExplanation:view",
    "wfm:shiftTradeRequest:view",
    "wfm:timeOffPlan:view",
    "wfm:timeOffLimit:view",
    "wfm:staffingGroup:view",
    "wfm:workPlan:view",
    "wfm:workPlanRotation:view",
    "presence:presenceDefinition:view",
    "routing:skill:view",
    "groups:team:view",
    "wfm:intraday:view",
)


@dataclass
class Faults:
    """Faults injected for one org. Counts (``*_next``) are consumed request by request."""

    error_rate: float = 0.0  # share of API calls answered 503/500
    burst_429_next: int = 0  # the next N API calls get 429
    latency_ms: int = 0  # added to every API call
    timeout_next: int = 0  # the next N API calls hang for ``timeout_seconds``
    timeout_seconds: float = 30.0
    expire_tokens: bool = False  # expire every token issued so far (once), as if they timed out
    malformed_next: int = 0  # the next N list/page answers are not valid JSON
    truncated_next: int = 0  # the next N list/page answers are cut short
    down: bool = False  # everything for this org answers 503
    job_fail: bool = False  # async jobs end in Error
    job_never_finish: bool = False  # async jobs stay Processing
    path_contains: str = ""  # limit the counted faults to paths containing this text
    # Schema drift, as when Genesys ships a new API version: every object with an "id" in an answer
    # gains this field, and this optional field disappears from every object that has it.
    add_field: str = ""
    drop_field: str = ""
    # Answers that are not data (issue 13's "not ready / empty is never no data"), counted per request:
    processing_next: int = 0  # async-capable answers (agent schedules) say Processing, with no result or URL
    empty_next: int = 0  # 200 with an empty body
    redirect_next: int = 0  # a 302 the client does not follow
    oversized_next: int = 0  # a gzip answer that expands past the client's byte cap (``oversized_mb``)
    oversized_mb: int = 64
    trickle_next: int = 0  # the body dribbles out one byte every ``trickle_seconds``
    trickle_seconds: float = 0.5
    download_403_next: int = 0  # pre-signed downloads refused as expired (storage-style AccessDenied)
    job_no_urls: bool = False  # historical adherence jobs end Complete without downloadUrls
    endless_paging: bool = False  # offset pages claim pageCount 1,000,000 and always a nextUri
    poison_user: bool = False  # one user's name carries an unpaired surrogate escape ("...\\ud83d")
    # deleted in Genesys since the last run: the first N records of every listing whose path contains
    # ``path_contains`` (users, queues, activity codes, time-off requests...) are no longer returned
    vanished_records: int = 0

    def update(self, values: dict) -> None:
        for key, value in values.items():
            if not hasattr(self, key):
                raise ValueError(f"unknown fault {key!r}; known: {sorted(asdict(self))}")
            setattr(self, key, type(getattr(self, key))(value))


@dataclass
class OrgStats:
    requests: int = 0
    by_endpoint: dict = field(default_factory=lambda: defaultdict(int))
    status_429: int = 0
    errors: int = 0  # 5xx and injected malformed/truncated answers
    tokens_issued: int = 0
    in_flight: int = 0  # calls being answered now (the latency profile's waits included)
    peak_in_flight: int = 0  # the most at once: how many calls a client really kept in flight


@dataclass
class Token:
    value: str
    org_key: str
    expires_at: float


@dataclass
class Job:
    id: str
    org_key: str
    kind: str
    payload: dict
    polls: int = 0
    state: str = "Processing"


class Runtime:
    def __init__(
        self,
        model: Model,
        *,
        rate_limit: int = 300,
        token_ttl: int = 86400,
        job_polls: int = 1,
        denied: dict | None = None,
        download_ttl: int = 600,
        notifications: NotificationSettings | None = None,
        latency: LatencyProfile = PROFILES["none"],
    ):
        self.model = model
        self.latency = latency  # answer times per route class (genesys_sim.latency)
        self.rate_limit = rate_limit
        self.token_ttl = token_ttl
        self.job_polls = job_polls  # polls answered Processing before a job completes
        # Pre-signed download URLs expire (the SDK's results carry downloadUrlExpirationDate); their real
        # lifetime is not documented: 600 s mirrors the upload URLs' documented default.
        self.download_ttl = download_ttl
        self.signing_key = guid(model.seed, "download-signing").encode()
        self.signatures: set[str] = set()  # every signature issued (tests scan for leaks)
        self.denied = {k: set(v) for k, v in (denied or {}).items()}
        self.faults = {key: Faults() for key in model.orgs}
        self.stats = {key: OrgStats() for key in model.orgs}
        self.tokens: dict[str, Token] = {}
        self._windows: dict[str, deque] = defaultdict(deque)
        self.jobs: dict[str, Job] = {}
        self.downloads: dict[str, tuple[str, object]] = {}
        self.uploads: dict = {}  # forecast-import upload key -> routes.wfm_forecast_import.Upload
        self.imported_forecasts: dict = {}  # forecast id -> routes.wfm_forecast_import.ImportedForecast
        self.staffing_generated: set[str] = set()  # forecast ids whose staffing requirement was computed
        self.channels = ChannelStore(notifications)  # notification channels (genesys_sim.notifications)
        self._counter = defaultdict(int)
        self._draws = defaultdict(int)  # latency draws per org
        self.lock = threading.Lock()
        self.adherence = AdherencePublisher(self)  # real-time adherence notifications (genesys_sim.adherence_stream)

    # ------------------------------------------------------------------ naming
    def next_id(self, org_key: str, kind: str) -> str:
        self._counter[(org_key, kind)] += 1
        return guid(self.model.seed, org_key, kind, self._counter[(org_key, kind)])

    # ------------------------------------------------------------------- tokens
    def issue_token(self, org_key: str) -> Token:
        token = Token(self.next_id(org_key, "token").replace("-", "") + "x", org_key, time.time() + self.token_ttl)
        self.tokens[token.value] = token
        self.stats[org_key].tokens_issued += 1
        return token

    def token_for(self, value: str | None, org_key: str) -> Token | None:
        token = self.tokens.get(value or "")
        if token is None or token.org_key != org_key or token.expires_at <= time.time():
            return None
        return token

    def expire_tokens(self, org_key: str) -> None:
        for token in self.tokens.values():
            if token.org_key == org_key:
                token.expires_at = 0

    def permitted(self, org_key: str, permission: str | tuple[str, ...] | None) -> bool:
        """Whether the org's role (ALL_PERMISSIONS minus its ``--deny``) holds any one of ``permission``."""
        if permission is None:
            return True
        denied = self.denied.get(org_key, ())
        wanted = (permission,) if isinstance(permission, str) else permission
        return any(p in ALL_PERMISSIONS and p not in denied for p in wanted)

    # -------------------------------------------------------------- rate limits
    def over_limit(self, token: Token) -> int:
        """Seconds to wait if this call exceeds the per-token limit (sliding 60 s window), else 0."""
        now = time.monotonic()
        window = self._windows[token.value]
        while window and window[0] <= now - 60:
            window.popleft()
        if len(window) >= self.rate_limit:
            return max(1, int(window[0] + 60 - now + 0.999))
        window.append(now)
        return 0

    def rate_headers(self, value: str | None) -> dict[str, str]:
        """The ``inin-ratelimit-*`` headers of an answer to this bearer token (none without a valid one):
        requests in its current 60 s window, requests allowed per window, seconds until the window's
        oldest request leaves it. Real answers carry them (a public trace of GET /api/v2/users:
        ``inin-ratelimit-count: 1``, ``-allowed: 180``, ``-reset: 61``); whether Genesys' window slides
        or is fixed is NOT CONFIRMED: this one slides, like ``over_limit``."""
        token = self.tokens.get(value or "")
        if token is None:
            return {}
        window = self._windows[token.value]
        reset = int(window[0] + 60 - time.monotonic() + 0.999) if window else 60
        return {
            "inin-ratelimit-count": str(len(window)),
            "inin-ratelimit-allowed": str(self.rate_limit),
            "inin-ratelimit-reset": str(max(1, reset)),
        }

    @contextmanager
    def serving(self, org_key: str | None):
        """Count one call of ``org_key`` as in flight while the block runs (unknown orgs: not counted)."""
        stats = self.stats.get(org_key or "")
        if stats is None:
            yield
            return
        stats.in_flight += 1
        stats.peak_in_flight = max(stats.peak_in_flight, stats.in_flight)
        try:
            yield
        finally:
            stats.in_flight -= 1

    # ------------------------------------------------------------------ latency
    def answer_seconds(self, org_key: str, route_class: str) -> float:
        """How long this answer takes under the latency profile: uniform in the class's range, drawn
        deterministically per org and draw number."""
        low, high = self.latency.range_ms(route_class)
        if high <= 0:
            return 0.0
        self._draws[org_key] += 1
        return rng(self.model.seed, org_key, "latency", self._draws[org_key]).uniform(low, high) / 1000

    # ------------------------------------------------------------------- faults
    def take(self, org_key: str, name: str, path: str) -> bool:
        """Consume one count of a counted fault if it applies to this path."""
        faults = self.faults[org_key]
        if getattr(faults, name) > 0 and faults.path_contains in path:
            setattr(faults, name, getattr(faults, name) - 1)
            return True
        return False

    def vanish(self, org_key: str, path: str, records: list) -> list:
        """``records`` without the first ``vanished_records`` when the fault applies to ``path``."""
        faults = self.faults[org_key]
        if faults.vanished_records and faults.path_contains in path:
            return records[faults.vanished_records :]
        return records

    def roll_error(self, org_key: str) -> bool:
        faults = self.faults[org_key]
        if faults.error_rate <= 0:
            return False
        n = self.stats[org_key].requests
        return rng(self.model.seed, org_key, "5xx", n).random() < faults.error_rate

    # ---------------------------------------------------------------- downloads
    def park(self, org_key: str, payload) -> str:
        key = self.next_id(org_key, "download")
        self.downloads[key] = (org_key, payload)
        return key

    def signed_url(self, base: str, key: str) -> str:
        expires = int(time.time() + self.download_ttl)
        signature = self._signature(key, expires)
        self.signatures.add(signature)
        return f"{base}/_downloads/{key}?Expires={expires}&Signature={signature}"

    def verify_download(self, key: str, expires: str | None, signature: str | None) -> str | None:
        """Why a download request is refused (storage-style error code), or None."""
        try:
            expires_at = int(expires or "")
        except ValueError:
            return "AccessDenied"
        if signature != self._signature(key, expires_at):
            return "SignatureDoesNotMatch"
        if expires_at <= time.time():
            return "AccessDenied"
        return None

    def _signature(self, key: str, expires: int) -> str:
        return hmac.new(self.signing_key, f"{key}:{expires}".encode(), hashlib.sha256).hexdigest()[:32]

    # --------------------------------------------------------------------- jobs
    def new_job(self, org_key: str, kind: str, payload: dict) -> Job:
        job = Job(self.next_id(org_key, "job"), org_key, kind, payload)
        self.jobs[job.id] = job
        return job

    def poll_job(self, job: Job) -> str:
        """Processing for ``job_polls`` polls, then Complete (or Error / forever Processing on demand)."""
        if job.state != "Processing":
            return job.state
        job.polls += 1
        faults = self.faults[job.org_key]
        if faults.job_never_finish:
            return job.state
        if job.polls > self.job_polls:
            job.state = "Error" if faults.job_fail else "Complete"
        return job.state

    # -------------------------------------------------------------------- stats
    def stats_json(self) -> dict:
        return {
            "orgs": {
                key: {
                    "requests": s.requests,
                    "byEndpoint": dict(s.by_endpoint),
                    "status429": s.status_429,
                    "errors": s.errors,
                    "tokensIssued": s.tokens_issued,
                    "peakInFlight": s.peak_in_flight,
                }
                for key, s in self.stats.items()
            }
        }

    def reset_stats(self) -> None:
        self.stats = {key: OrgStats() for key in self.model.orgs}
