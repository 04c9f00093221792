"""Pacing one org's calls: the token's limiter, the per-resource counters, and the ordered fan-out.

Why: a real org answers in hundreds of milliseconds to seconds per call and allows 300 calls a minute
per OAuth token, so one call at a time leaves most of that allowance idle. An org's extraction keeps
several calls in flight instead, and the token's ``RateLimiter`` is the single gate every HTTP
exchange passes (``GenesysClient._send``): at most ``calls_in_flight`` exchanges await their answer
at once, and at most ``limit`` start in any 60 s window. Threads beyond that wait inside ``acquire``,
so the concurrency an org reaches is what its limiter allows, whatever number of threads asks. Waits
that are not exchanges (backoff, Retry-After, job polls, notifications) hold no slot.

``fan_out`` is how a resource keeps independent calls in flight (one per management unit, week or
interval): results come back in the order of the items, so pages, rows and state are what a
one-at-a-time run produces. Its calls are bulk unless marked ``urgent``: urgent calls (any call made
outside a fan-out, or in an urgent one: structure, listings, searches, jobs, whose answers other calls
wait for) get a free slot before any waiting bulk call, and bulk calls never take the last eighth of
the slots, so hundreds of independent queries never hold up the calls that unlock the rest of the run.
Its threads inherit the caller's context, and with it the resource label under which ``Counters``
count requests, retries and 429s. A call made inside ``fan_out`` must not
read dlt's resource state (dlt resolves it from the resource's own thread): read it in the resource's
generator and pass values in.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

MAX_WARNINGS = 20  # data-quality warnings kept per resource (the count is always exact)
MIN_AHEAD = 2  # calls a fan-out keeps started ahead of its consumer, however slow the consumer is
_URGENT = contextvars.ContextVar("genesys_call_urgent", default=True)  # False inside a bulk fan-out


class RateLimiter:
    """One OAuth token's gate: at most ``limit`` requests in any 60 s window (the platform's own rule, per
    token, with 3% headroom) and at most ``in_flight`` await their answer at once.

    The platform counts a request when it arrives, which this side never sees: any instant between the
    send and the answer (a loaded server or network queues it). So a request holds its place in the window
    from its start until 60 s after its answer: counted from the send alone, a burst answered slowly was
    still in the platform's minute when its slots were given again (5 429s in 796 requests of a 5,000-agent
    org-week, measured by make bench while the machine was loaded).

    ``with limiter.slot():`` around one HTTP exchange. ``peak`` is the most exchanges ever in flight.
    A free slot goes to a waiting urgent call before any bulk one (``fan_out``), and bulk calls hold at
    most ``bulk_in_flight`` (``in_flight`` less an eighth, kept for urgent calls).
    """

    def __init__(self, per_minute: int, in_flight: int = 1):
        self.limit = max(1, int(per_minute * 0.97))
        self.in_flight = max(1, int(in_flight))
        self.bulk_in_flight = self.in_flight - self.in_flight // 8
        self.answered: deque[float] = deque()  # answer instants of the window's finished requests
        self.busy = self.bulk = self.peak = self.urgent_waiting = 0
        self.lock = threading.Lock()
        self._freed = threading.Condition(self.lock)

    @contextmanager
    def slot(self):
        urgent = self.acquire()
        try:
            yield
        finally:
            self.release(urgent)

    def acquire(self) -> bool:
        """Block until a slot is free (for a bulk call: one of the bulk share, and no urgent call waits)
        and the 60 s window has room; then take both. Returns whether the call is urgent (``release``)."""
        urgent = _URGENT.get()
        while True:
            with self.lock:
                self.urgent_waiting += urgent
                try:
                    while self.busy >= self.in_flight or (
                        not urgent and (self.urgent_waiting or self.bulk >= self.bulk_in_flight)
                    ):
                        self._freed.wait()
                finally:
                    self.urgent_waiting -= urgent
                now = time.monotonic()
                while self.answered and self.answered[0] <= now - 60:
                    self.answered.popleft()
                if self.busy + len(self.answered) < self.limit:  # in flight, or answered within the minute
                    self.busy += 1
                    self.bulk += not urgent
                    self.peak = max(self.peak, self.busy)
                    return urgent
                wait = self.answered[0] + 60 - now if self.answered else 0.01
            time.sleep(min(max(wait, 0.01), 1.0))

    def release(self, urgent: bool = True) -> None:
        with self.lock:
            self.answered.append(time.monotonic())
            self.busy -= 1
            self.bulk -= not urgent
            self._freed.notify_all()  # an urgent waiter must hear of it, wherever it queued


class Counters:
    """Requests, retries, 429s and data-quality warnings, per resource label. Safe across threads.

    ``current`` is the label of the code running now. ``labelled(name)`` sets it for a block, in the
    caller's context (``contextvars``): resources running at the same time in different threads each count
    under their own label, and ``fan_out``'s threads under their caller's. Setting ``counters.current =
    name`` (a client used for one purpose: the activity-code sync, the adherence stream) also makes it the
    label of threads that set none (a notification channel's reader).
    """

    def __init__(self, current: str = "-"):
        self._default = current
        self._label: contextvars.ContextVar[str | None] = contextvars.ContextVar("genesys_counters_label", default=None)
        self._lock = threading.Lock()
        self.requests: dict[str, int] = defaultdict(int)
        self.retries: dict[str, int] = defaultdict(int)
        self.status_429: dict[str, int] = defaultdict(int)
        self.warnings: dict[str, list[str]] = defaultdict(list)
        self.warning_count: dict[str, int] = defaultdict(int)

    @property
    def current(self) -> str:
        label = self._label.get()
        return self._default if label is None else label

    @current.setter
    def current(self, name: str) -> None:
        self._default = name
        self._label.set(name)

    @contextmanager
    def labelled(self, name: str):
        token = self._label.set(name)
        try:
            yield
        finally:
            self._label.reset(token)

    def add(self, what: str, label: str | None = None, n: int = 1) -> None:
        """Count ``n`` of ``what`` (requests, retries, status_429) under ``label`` (default: ``current``)."""
        with self._lock:
            getattr(self, what)[label or self.current] += n

    def total(self, what: str) -> int:
        with self._lock:
            return sum(getattr(self, what).values())

    def warn(self, text: str) -> None:
        label = self.current
        with self._lock:
            self.warning_count[label] += 1
            if len(self.warnings[label]) < MAX_WARNINGS:
                self.warnings[label].append(text)


_END = object()


def fan_out(call: Callable, items: Iterable, width: int, urgent: bool = False) -> Iterator:
    """``call(item)`` for each item, yielded in the items' order, with up to ``width`` calls running at
    once (each HTTP exchange still waits for its limiter's slot, as a bulk call unless ``urgent``).

    The next calls start before a result is handed on. How many run ahead adapts to which side is slower:
    when the caller has to wait for a result, the calls are the slower side and twice as many may run
    (up to ``width``); when a result is already there, the caller is the slower side (page shaping, dlt
    writing, CPU shared with other orgs) and one fewer may (down to ``MIN_AHEAD``), since calls made
    further ahead would only hold more answers in memory, not end the run sooner. An exception is raised
    where its item's result would have come, after the results before it; calls not yet started are
    then cancelled and running ones are waited for. ``width`` 1 calls in turn.
    """
    it = iter(items)
    if width <= 1:
        for item in it:
            yield call(item)
        return
    pool = ThreadPoolExecutor(max_workers=width, thread_name_prefix="genesys-call")
    window: deque = deque()

    def run(item):
        _URGENT.set(urgent)
        return call(item)

    ahead = width

    def start_more() -> None:
        while len(window) < ahead:
            item = next(it, _END)
            if item is _END:
                return
            window.append(pool.submit(contextvars.copy_context().run, run, item))

    try:
        start_more()
        while window:
            head = window.popleft()
            ahead = max(MIN_AHEAD, ahead - 1) if head.done() else min(width, ahead * 2)
            result = head.result()
            start_more()
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
