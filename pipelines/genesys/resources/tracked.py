"""Records read by date range: the ones Genesys no longer returns, and the ones that may still change.

Adherence explanations and shift trades are queried by date (an explanation's start, a trade's week) and
carry no modification stamp the API filters on (explanations none at all), so a run re-reads a window
and merges by id. Two things a plain merge gets wrong:

* a record deleted in Genesys would stay in the warehouse: every record a run loads is remembered with
  its date (in the resource's dlt state, which travels with the load package: a failed run forgets);
  one whose date lies in a range a later run read completely, but which that run did not see, is
  ``gone``: the resource sends a tombstone (``deleted``, dlt's hard delete) that removes its row;
* a record still open (a Pending explanation, an Unmatched trade) that leaves the re-read window would
  keep its last status for ever: the read starts at the oldest open record instead, at most
  ``max_extension_days`` before the window (older open records keep their last status; the limit keeps
  one forgotten record from stretching every run).

Records dated before the range just read are forgotten: no later run reads their dates again (closed
ones cannot change; open ones there are past the extension limit).
"""

from __future__ import annotations

from datetime import date, timedelta

import dlt


class Tracked:
    """The records of one resource, per scope (a business unit), as ``{id: [iso date, status]}``."""

    def __init__(self, name: str, open_states: frozenset[str], max_extension_days: int = 92, state=None):
        """``state``: where to keep the records (default: the running resource's dlt state)."""
        self.known = (dlt.current.resource_state() if state is None else state).setdefault(name, {})
        self.open_states = open_states
        self.max_extension = timedelta(days=max_extension_days)

    def read_from(self, scope: str, window_start: date) -> date:
        """Where this scope's read starts: the window's start, or the oldest open record's date."""
        known = self.known.get(scope, {}).values()
        opened = [date.fromisoformat(day) for day, status in known if status in self.open_states]
        return max(min([window_start, *opened]), window_start - self.max_extension)

    def settle(self, scope: str, read: tuple[date, date], returned: set[str], records: dict[str, tuple]) -> list[str]:
        """Record what a complete read of ``read`` ([start, end)) found; returns the ids gone since.

        ``returned``: every id the answers carried (a record that could not be shaped is still there: it
        is neither gone nor updated); ``records``: id -> (date, status) of the rows loaded."""
        start, end = (d.isoformat() for d in read)
        known = self.known.setdefault(scope, {})
        gone = sorted(i for i, (day, _) in known.items() if i not in returned and start <= day < end)
        for record_id in gone:
            known.pop(record_id)
        known.update({i: [d.isoformat() if isinstance(d, date) else str(d), s] for i, (d, s) in records.items()})
        for record_id in [i for i, (day, _) in known.items() if day < start]:
            known.pop(record_id)
        return gone
