"""How a client counts and paces its calls: the per-token rate limiter and the per-resource counters.

Apart from ``client.py`` (which sends) so the pacing rule reads on its own; ``client`` re-exports both.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

MAX_WARNINGS = 20  # data-quality warnings kept per resource (the count is always exact)


@dataclass
class Counters:
    """Requests, retries, 429s and data-quality warnings, per resource label (``current`` is set by the source)."""

    current: str = "-"
    requests: dict = field(default_factory=lambda: defaultdict(int))
    retries: dict = field(default_factory=lambda: defaultdict(int))
    status_429: dict = field(default_factory=lambda: defaultdict(int))
    warnings: dict = field(default_factory=lambda: defaultdict(list))
    warning_count: dict = field(default_factory=lambda: defaultdict(int))

    def total(self, what: str) -> int:
        return sum(getattr(self, what).values())

    def warn(self, text: str) -> None:
        self.warning_count[self.current] += 1
        if len(self.warnings[self.current]) < MAX_WARNINGS:
            self.warnings[self.current].append(text)


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
