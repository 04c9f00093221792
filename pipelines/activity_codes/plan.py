"""The sync plan: what each business unit needs to match the catalogue. Pure functions, no I/O.

``plan_business_unit(catalogue, org, bu_id, bu_name, codes)`` compares one business unit's codes (as
GET ``/businessunits/{id}/activitycodes`` lists them) with the catalogue, by ``pipelines.names.name_key``
of the name:

* ``create``   the catalogue code is missing: POST it with every attribute the catalogue gives;
* ``update``   enforced attributes differ: PATCH only those, under the code's ``metadata.version``;
* ``skip``     in sync, or the name is one of the business unit's default codes (never touched);
* ``extra``    a custom code the catalogue does not list: reported, never deleted;
* ``conflict`` two codes of the business unit share the normalized name: nothing is written for it.

A ``Plan`` is JSON-serializable (``to_dict``) for asset metadata and renders as text for the CLI.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import orjson

from ..names import name_key
from .catalogue import ATTRIBUTES, Catalogue

CREATE, UPDATE, SKIP, EXTRA, CONFLICT = "create", "update", "skip", "extra", "conflict"
KINDS = (CREATE, UPDATE, SKIP, EXTRA, CONFLICT)
WRITES = (CREATE, UPDATE)


@dataclass(frozen=True)
class Diff:
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class Action:
    org: str
    business_unit_id: str
    business_unit: str
    code: str  # the catalogue's name (create/update/skip) or the business unit's (extra/conflict)
    kind: str
    code_id: str | None = None
    version: int | None = None  # the code's metadata.version when planned (the PATCH lock)
    diffs: tuple[Diff, ...] = ()
    body: dict | None = None  # request body (wire names) of a create or update, without metadata
    before: dict | None = None  # the code as the business unit had it (snapshot(), for the audit)
    note: str = ""

    @property
    def is_write(self) -> bool:
        return self.kind in WRITES


def snapshot(code: dict) -> dict:
    """The audited view of a code: id, name, every catalogue attribute, version."""
    return {
        "id": code.get("id"),
        "name": code.get("name"),
        **{a: code.get(a) for a in ATTRIBUTES},
        "defaultCode": code.get("defaultCode"),
        "version": (code.get("metadata") or {}).get("version"),
    }


def plan_business_unit(catalogue: Catalogue, org: str, bu_id: str, bu_name: str, codes: list[dict]) -> list[Action]:
    by_key: dict[str, list[dict]] = defaultdict(list)
    for code in codes:
        by_key[name_key(code.get("name") or "")].append(code)
    base = dict(org=org, business_unit_id=bu_id, business_unit=bu_name)
    actions = []
    for entry in catalogue.codes:
        found = by_key.get(entry.key, [])
        if not found:
            actions.append(
                Action(
                    **base, code=entry.name, kind=CREATE, body={"name": entry.name, **entry.attributes}, note="missing"
                )
            )
            continue
        if len(found) > 1:
            ids = [c.get("id") for c in found]
            actions.append(
                Action(
                    **base,
                    code=entry.name,
                    kind=CONFLICT,
                    note=f"{len(found)} codes share this name ({', '.join(map(str, ids))}); "
                    f"rename or delete one by hand",
                )
            )
            continue
        code = found[0]
        meta = dict(code_id=code.get("id"), version=(code.get("metadata") or {}).get("version"), before=snapshot(code))
        if code.get("defaultCode"):
            actions.append(
                Action(**base, code=entry.name, kind=SKIP, **meta, note="default code: never changed by the sync")
            )
            continue
        diffs = tuple(
            Diff(f, code.get(f), entry.attributes[f]) for f in entry.enforced if code.get(f) != entry.attributes[f]
        )
        if diffs:
            actions.append(
                Action(
                    **base, code=entry.name, kind=UPDATE, **meta, diffs=diffs, body={d.field: d.after for d in diffs}
                )
            )
        else:
            actions.append(Action(**base, code=entry.name, kind=SKIP, **meta, note="in sync"))
    listed = {entry.key for entry in catalogue.codes}
    for code in codes:
        if not code.get("defaultCode") and name_key(code.get("name") or "") not in listed:
            actions.append(
                Action(
                    **base,
                    code=code.get("name"),
                    kind=EXTRA,
                    code_id=code.get("id"),
                    version=(code.get("metadata") or {}).get("version"),
                    before=snapshot(code),
                    note="not in the catalogue: left as is (never deleted)",
                )
            )
    return actions


@dataclass
class Plan:
    source: str  # the catalogue's source
    enforced: dict  # catalogue code name -> enforced attributes
    actions: list[Action] = field(default_factory=list)
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def writes(self) -> list[Action]:
        return [a for a in self.actions if a.is_write]

    def counts(self) -> dict[str, int]:
        found = Counter(a.kind for a in self.actions)
        return {kind: found.get(kind, 0) for kind in KINDS}

    def units(self) -> list[tuple[str, str, str]]:
        """(org, business unit id, name) in plan order."""
        return list(dict.fromkeys((a.org, a.business_unit_id, a.business_unit) for a in self.actions))

    def to_dict(self) -> dict:
        """Plain JSON types only (asset metadata, ``--json``)."""
        return orjson.loads(
            orjson.dumps(
                {
                    "source": self.source,
                    "created_at": self.created_at,
                    "enforced": self.enforced,
                    "summary": self.counts(),
                    "actions": [asdict(a) for a in self.actions],
                }
            )
        )

    def to_json(self) -> str:
        return orjson.dumps(self.to_dict(), option=orjson.OPT_INDENT_2).decode()

    def render(self) -> str:
        enforced = sorted({f for fields in self.enforced.values() for f in fields})
        lines = [
            f"Activity-code plan from {self.source} ({len(self.enforced)} catalogue codes; enforced: "
            f"{', '.join(enforced)})"
        ]
        for org, bu_id, bu_name in self.units():
            lines.append(f"\n{org} / {bu_name} ({bu_id})")
            for a in self.actions:
                if (a.org, a.business_unit_id) == (org, bu_id):
                    lines.append(f"  {a.kind:<8} {a.code:<24} {_detail(a)}")
        counts = self.counts()
        orgs = len({o for o, _, _ in self.units()})
        lines.append(
            "\n"
            + ", ".join(f"{n} {kind}" for kind, n in counts.items())
            + f" across {orgs} orgs, {len(self.units())} business units"
        )
        return "\n".join(lines)


def _value(value) -> str:
    return orjson.dumps(value).decode() if isinstance(value, (bool, type(None))) else str(value)


def _detail(action: Action) -> str:
    if action.kind == UPDATE:
        return "; ".join(f"{d.field}: {_value(d.before)} -> {_value(d.after)}" for d in action.diffs)
    if action.kind == CREATE:
        return " ".join(f"{k}={_value(v)}" for k, v in action.body.items() if k != "name")
    return action.note
