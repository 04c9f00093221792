"""Real-time adherence as a timeline: one truth for the polling route and the notifications.

Why: Genesys serves an agent's current adherence both ways, polled (``GET .../managementunits/{id}/
adherence``, ``UserScheduleAdherence``) and pushed (``v2.workforcemanagement.managementunits.{id}.
adherence``, ``WfmUserScheduleAdherenceUpdatedMuTopicUserScheduleAdherenceUpdate``, SDK v269). The
simulator answers both from this module, so a change at ``t`` is an event at ``t`` and the polling
answer at ``t`` (or later, until the next change) shows it; tests compare the two exactly.

Every state changes only at whole minutes: the schedule and the actual-activity model
(``model.adherence.minute_categories``) are minute-grained, an agent's presence is ``Unknown`` for a
whole hour (1 in 16 hours, hashed per agent and hour), and an on-queue agent's routing status
(``INTERACTING`` for 10 in 16, ``COMMUNICATING`` 1 in 16 (a non-ACD call), else ``IDLE``) holds for a 5-minute
block: on average about five routing changes an hour per on-queue agent, about one per handled interaction.
All six ``adherenceState`` values of SDK ``UserScheduleAdherence`` occur: the last agent of each management
unit has its adherence ignored (``Ignored``, whatever it does: a team lead, say), and 1 agent in 8 (hashed)
has every time out of adherence explained by a supervisor (``Explained``).
Each agent's hours and blocks start at its own minute (hashed), so these changes spread over the hour as
real ones do, while schedule changes fall where the schedule puts them (quarter hours). These rates are
the simulator's, not Genesys' (no public figure).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ..ids import guid
from .adherence import minute_categories
from .catalog import SYSTEM_PRESENCE
from .schedule import Shift

MINUTE = timedelta(minutes=1)
UNKNOWN_BLOCK = timedelta(hours=1)
ROUTING_BLOCK = timedelta(minutes=5)
# how far back "since when" is looked for: a state unchanged for longer is reported as begun when the simulated
# world did (a fixed instant, so every answer about that state agrees: an Ignored agent never changes state)
LOOKBACK = timedelta(hours=48)


@dataclass(frozen=True, slots=True)
class AgentState:
    """What Genesys reports about one agent at one moment (the fields both wire shapes share)."""

    adherence_state: str  # InAdherence, OutOfAdherence, Unscheduled, Unknown, Ignored, Explained
    scheduled_category: str
    scheduled_code_id: str | None
    actual_category: str
    system_presence: str
    routing_status: str  # OFF_QUEUE, IDLE, INTERACTING, COMMUNICATING
    impact: str  # Negative, Neutral, Unknown


def floor(moment: datetime, step: timedelta, offset: timedelta = timedelta(0)) -> datetime:
    """``moment`` rounded down to ``offset`` plus a multiple of ``step`` since midnight (UTC; steps divide
    a day, offsets are shorter than a step)."""
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + offset + ((moment - midnight - offset) // step) * step


def _marks(start: datetime, end: datetime, step: timedelta, offset: timedelta) -> list[datetime]:
    """``offset`` plus multiples of ``step`` in (start, end]."""
    mark, out = floor(start, step, offset) + step, []
    while mark <= end:
        out.append(mark)
        mark += step
    return out


class Timeline:
    """One account's real-time states over a window (UTC), its shifts and minute categories read once."""

    def __init__(self, model, account, start: datetime, end: datetime):
        self.seed, self.account = model.seed, account
        self._origin = datetime.combine(model.world.window_start, datetime.min.time(), UTC)
        minute = int(guid(model.seed, account.user_id, "rta-offset")[:4], 16) % 60
        self._unknown_offset = timedelta(minutes=minute)  # where this agent's hours and blocks start
        self._routing_offset = timedelta(minutes=minute % 5)
        self._ignored = account is account.bu.management_units[-1].accounts[-1]
        self._explained = guid(model.seed, account.user_id, "rta-explained")[0] in "01"
        found = model.shifts_between(account, start - MINUTE, end + MINUTE)
        self.shifts = sorted((s for s in found if isinstance(s, Shift)), key=lambda s: s.start)
        self._minutes: dict[int, tuple[list, list, list]] = {}

    def _categories(self, shift: Shift) -> tuple[list, list, list]:
        key = id(shift)
        if key not in self._minutes:
            self._minutes[key] = minute_categories(self.seed, shift)
        return self._minutes[key]

    def _planned(self, moment: datetime) -> tuple[str, str | None, str]:
        """(scheduled category, scheduled code id, actual category) at ``moment``."""
        for shift in self.shifts:
            if shift.start <= moment < shift.end:
                scheduled, codes, actual = self._categories(shift)
                m = int((moment - shift.start).total_seconds() // 60)
                return scheduled[m], codes[m], actual[m]
        return "Unscheduled", None, "Unscheduled"

    def state(self, moment: datetime) -> AgentState:
        """The agent's state at ``moment`` (constant within each minute)."""
        user = self.account.user_id
        scheduled, code_id, actual = self._planned(moment)
        hour = guid(self.seed, user, "rta", floor(moment, UNKNOWN_BLOCK, self._unknown_offset).isoformat())
        if hour[0] == "0" and not self._ignored:
            return AgentState("Unknown", scheduled, code_id, "Unscheduled", "Offline", "OFF_QUEUE", "Unknown")
        if self._ignored:
            adherence = "Ignored"
        elif scheduled == actual:
            adherence = "Unscheduled" if scheduled == "Unscheduled" else "InAdherence"
        else:
            adherence = "Explained" if self._explained else "OutOfAdherence"
        presence = SYSTEM_PRESENCE.get(actual, "Offline")
        routing = "OFF_QUEUE"
        if presence == "OnQueue":
            roll = guid(self.seed, user, "routing", floor(moment, ROUTING_BLOCK, self._routing_offset).isoformat())
            routing = "INTERACTING" if roll[1] < "a" else "COMMUNICATING" if roll[1] < "b" else "IDLE"
        impact = "Negative" if adherence == "OutOfAdherence" and scheduled == "OnQueueWork" else "Neutral"
        return AgentState(adherence, scheduled, code_id, actual, presence, routing, impact)

    def _boundaries(self, start: datetime, end: datetime, routing: bool) -> list[datetime]:
        """Every moment in (start, end] at which some part of the state may change, sorted."""
        found = set(_marks(start, end, UNKNOWN_BLOCK, self._unknown_offset))
        if routing:
            found.update(_marks(start, end, ROUTING_BLOCK, self._routing_offset))
        for shift in self.shifts:
            if shift.end <= start or shift.start > end:
                continue
            scheduled, codes, actual = self._categories(shift)
            found.update((shift.start, shift.end))
            for m in range(1, len(actual)):
                if (scheduled[m], codes[m], actual[m]) != (scheduled[m - 1], codes[m - 1], actual[m - 1]):
                    found.add(shift.start + m * MINUTE)
        return sorted(t for t in found if start < t <= end)

    def changes(self, start: datetime, end: datetime) -> list[tuple[datetime, AgentState]]:
        """Every change in (start, end]: (when, the state from then on)."""
        out = []
        for moment in self._boundaries(start, end, routing=True):
            now = self.state(moment)
            if now != self.state(moment - MINUTE):
                out.append((moment, now))
        return out

    def since(self, moment: datetime, field: str) -> datetime:
        """When the current value of ``field`` (``adherence_state``, ``system_presence``) began; unchanged for
        ``LOOKBACK``: the simulated world's start (the Timeline must cover ``LOOKBACK``)."""
        current = getattr(self.state(moment), field)
        for boundary in reversed(self._boundaries(moment - LOOKBACK, moment, routing=False)):
            if getattr(self.state(boundary - MINUTE), field) != current:
                return boundary
        return self._origin


def timeline(model, account, moment: datetime) -> Timeline:
    """A Timeline able to answer ``state`` and ``since`` at ``moment``."""
    return Timeline(model, account, moment - LOOKBACK, moment)


def on_roster(account, bu, moment: datetime) -> bool:
    """Whether the account belongs to its unit's real-time view at ``moment``: employed on its
    business unit's local date (the polling route and the notifications use the same rule)."""
    return account.employed_on(moment.astimezone(ZoneInfo(bu.tz)).date())
