"""How long the simulated API takes to answer: a latency profile per route class.

Why: against a real org the extraction's limit is the API, each call taking hundreds of milliseconds to
seconds, not the CPU; a simulator that answers in a millisecond hides whether a client keeps enough calls in
flight. A profile gives each class of route a range of answer times; each answer's time is drawn uniformly
in its range (deterministic per org and request number, from the scenario's seed). The delay is the
server's processing time: it comes after the rate limit counted the call (a 429 answers at once), so
the per-token window counts calls as they arrive, as the platform does.

Genesys publishes no latency figures (NOT CONFIRMED): ``realistic`` takes the magnitudes of issue 17,
about 300 ms for directory calls, 1-2 s for WFM queries and analytics aggregates, and asynchronous
results that take seconds (a ``Processing`` agent-schedule search's notification 3 s later). The
historical adherence job keeps its ``--job-polls`` rule (complete on the poll after N), so a run's
requests stay countable; its polls and download take their classes' times. ``none`` (the default, and
the tests') adds nothing. The route classes are named as the pipeline's critical-path arithmetic names
them (``pipelines.genesys.budget``), so the benchmarks can price a chain of calls with a profile.
"""

from __future__ import annotations

from dataclasses import dataclass

LOGIN, DIRECTORY, QUERY, DOWNLOAD = "login", "directory", "query", "download"


@dataclass(frozen=True)
class LatencyProfile:
    """Answer times in milliseconds, ``(low, high)`` per route class; ``async_result_seconds``: the delay
    of a ``Processing`` answer's notification (None: the ``--async-result-seconds`` default)."""

    login: tuple[int, int] = (0, 0)  # POST /oauth/token
    directory: tuple[int, int] = (0, 0)  # listings and gets: users, queues, units, codes, channels, job polls
    query: tuple[int, int] = (0, 0)  # WFM queries and searches, forecast data, real-time adherence, analytics
    download: tuple[int, int] = (0, 0)  # pre-signed downloads (the storage service)
    async_result_seconds: float | None = None

    def range_ms(self, route_class: str) -> tuple[int, int]:
        return getattr(self, route_class)

    def mean_seconds(self, route_class: str) -> float:
        low, high = self.range_ms(route_class)
        return (low + high) / 2000


PROFILES = {
    "none": LatencyProfile(),
    "realistic": LatencyProfile(
        login=(200, 400), directory=(200, 400), query=(1000, 2000), download=(100, 300), async_result_seconds=3.0
    ),
}


def route_class(method: str, path: str) -> str:
    """The class of an API route (a path template or a concrete path): analytics and the WFM calls that
    compute an answer (every POST: queries, searches, the bulk job; GET of forecast ``/data`` and of a
    unit's real-time ``/adherence``) are queries; everything else (listings, gets, job polls,
    notification channels) is a directory call."""
    if "/analytics/" in path:
        return QUERY
    if "/workforcemanagement/" in path and (method == "POST" or path.endswith(("/data", "/adherence"))):
        return QUERY
    return DIRECTORY
