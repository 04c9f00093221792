"""Deterministic randomness, GUIDs and the API's date formats.

Every generated value is a pure function of (scenario seed, a path of names), hashed with SHA-256,
so the same scenario, seed and anchor date give byte-identical answers in any process, on any
machine, in any request order. Python's own ``hash()`` is salted per process and never used.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from datetime import UTC, date, datetime, timedelta

UTC = UTC


def _digest(seed: int, parts: tuple) -> bytes:
    text = "\x1f".join([str(seed), *map(str, parts)])
    return hashlib.sha256(text.encode()).digest()


def rng(seed: int, *parts) -> random.Random:
    """A random generator for one named piece of the model."""
    return random.Random(int.from_bytes(_digest(seed, parts)[:8], "big"))


def guid(seed: int, *parts) -> str:
    """A GUID as Genesys formats them (lower-case, hyphenated), stable for the same parts."""
    return str(uuid.UUID(bytes=_digest(seed, parts)[:16], version=4))


def iso_utc(moment: datetime) -> str:
    """``yyyy-MM-ddTHH:mm:ss.mmmZ``, the API's date-time format."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    """Parse an ISO-8601 date-time (``Z`` or offset); a bare date is midnight UTC."""
    text = text.strip()
    if len(text) == 10:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_interval(text: str) -> tuple[datetime, datetime]:
    start, _, end = text.partition("/")
    if not end:
        raise ValueError(f"interval {text!r} is not start/end")
    return parse_iso(start), parse_iso(end)


def daterange(start: date, end: date):
    """Dates from start to end inclusive."""
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def week_start(day: date, start_day_of_week: str) -> date:
    """The first day of the business-unit week that contains ``day``."""
    offset = (day.weekday() - WEEKDAYS.index(start_day_of_week)) % 7
    return day - timedelta(days=offset)
