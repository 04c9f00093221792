"""The token's limiter is the one gate of an org's calls: never more in flight than it allows, never more
in a minute than the rate limit, however many threads ask; the fan-out keeps the items' order."""

from __future__ import annotations

import threading
import time

import pytest

from pipelines.genesys.pacing import Counters, RateLimiter, fan_out


def test_the_rate_limiter_never_exceeds_its_share_of_a_minute(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(time, "sleep", lambda s: clock.__setitem__(0, clock[0] + s))
    limiter = RateLimiter(100)  # paces at 97 a minute: 3% headroom under the platform's 100
    stamps = []
    for _ in range(200):
        with limiter.slot():
            stamps.append(clock[0])
    assert limiter.limit == 97
    assert max(sum(1 for t in stamps if s <= t < s + 60) for s in stamps) == 97


def test_threads_never_have_more_calls_in_flight_than_the_limiter_allows():
    limiter = RateLimiter(60_000, in_flight=4)
    busy, seen, lock = [0], [], threading.Lock()

    def call(_):
        with limiter.slot():
            with lock:
                busy[0] += 1
                seen.append(busy[0])
            time.sleep(0.002)
            with lock:
                busy[0] -= 1

    threads = [threading.Thread(target=lambda: [call(i) for i in range(10)]) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 120 and max(seen) == 4 == limiter.peak, "the bound is reached, never passed"
    assert limiter.busy == 0


def test_threads_together_stay_within_the_minute(monkeypatch):
    """Twelve threads sharing one limiter (a virtual clock that sleeping advances): at most ``limit``
    calls start in any 60 s window and at most ``in_flight`` at once."""
    clock, lock = [0.0], threading.Lock()

    def sleep(seconds):
        with lock:
            clock[0] += seconds

    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(time, "sleep", sleep)
    limiter = RateLimiter(50, in_flight=3)
    stamps = []

    def worker():
        for _ in range(10):
            with limiter.slot():
                stamps.append(clock[0])  # the instant the limiter admitted the call (no sleep in between)

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(stamps) == 120 and limiter.peak <= 3
    assert max(sum(1 for t in stamps if s <= t < s + 60) for s in stamps) == limiter.limit == 48


def test_a_call_holds_its_place_until_a_minute_after_its_answer(monkeypatch):
    """The platform counts a request when it arrives, which may be as late as its answer: calls sent at 0 and
    answered at 10 may all be counted at 10, so their places in the window free at 70, not at 60."""
    clock = [0.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(time, "sleep", lambda s: clock.__setitem__(0, clock[0] + s))
    limiter = RateLimiter(100, in_flight=200)
    burst = [limiter.acquire() for _ in range(limiter.limit)]
    clock[0] = 10.0
    for urgent in burst:
        limiter.release(urgent)
    clock[0] = 60.5
    limiter.acquire()
    assert 70.0 <= clock[0] < 71.0, clock[0]


def test_fan_out_keeps_the_order_and_raises_where_the_failing_item_is():
    def call(n):
        time.sleep(0.001 * (10 - n))  # later items finish first
        if n == 7:
            raise ValueError("item 7")
        return n * n

    assert list(fan_out(call, range(6), width=4)) == [0, 1, 4, 9, 16, 25]
    got = []
    with pytest.raises(ValueError, match="item 7"):
        for value in fan_out(call, range(10), width=4):
            got.append(value)
    assert got == [n * n for n in range(7)], "every result before the failing item, in order"


def test_fan_out_threads_count_under_their_callers_label():
    counters = Counters()

    def call(_):
        counters.add("requests")

    with counters.labelled("schedules"):
        list(fan_out(call, range(20), width=5))
    counters.add("requests")
    assert dict(counters.requests) == {"schedules": 20, "-": 1}
