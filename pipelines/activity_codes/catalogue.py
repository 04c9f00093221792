"""The central activity-code catalogue: a YAML file in the repo, or the custom codes of a hub org.

Codes are identified across orgs by ``pipelines.names.name_key`` of their name only (the normalization
the extraction, dbt and the forecast export use): ids are org-specific. Attributes use the
Genesys Cloud wire names (``CreateActivityCodeRequest``/``UpdateActivityCodeRequest`` attribute_map).
Each code says which attributes are *enforced* (kept equal to the catalogue by updates); any other
attribute it gives is only used when the code is created.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import ROOT, ConfigError
from ..names import name_key

CATEGORIES = ("OnQueueWork", "Break", "Meal", "Meeting", "OffQueueWork", "TimeOff", "Training", "Unavailable")
# Wire name -> type of every attribute the catalogue may set (besides ``name``).
ATTRIBUTES = {
    "category": str,
    "lengthInMinutes": int,
    "countsAsPaidTime": bool,
    "countsAsWorkTime": bool,
    "agentTimeOffSelectable": bool,
    "countsTowardShrinkage": bool,
    "plannedShrinkage": bool,
    "interruptible": bool,
}
# What the issue asks to keep consistent; the default ``enforce`` list of a catalogue.
DEFAULT_ENFORCED = ("category", "lengthInMinutes", "countsAsPaidTime", "countsAsWorkTime", "agentTimeOffSelectable")
MAX_LENGTH_MINUTES = 1440


class CatalogueError(ConfigError):
    """The catalogue is unusable; the message names the file or org, the entry, the field and the fix."""


@dataclass(frozen=True)
class CatalogueCode:
    name: str
    attributes: dict  # wire name -> value, everything sent on create
    enforced: tuple[str, ...]  # the attributes compared and updated (each present in ``attributes``)

    @property
    def key(self) -> str:
        return name_key(self.name)


@dataclass(frozen=True)
class Catalogue:
    source: str  # where it came from, for plans and the audit table
    codes: tuple[CatalogueCode, ...]

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "codes": [{"name": c.name, **c.attributes, "enforce": list(c.enforced)} for c in self.codes],
        }


def _check_value(where: str, name: str, value):
    kind = ATTRIBUTES[name]
    if name == "category":
        if value not in CATEGORIES:
            raise CatalogueError(f"{where}.category must be one of {list(CATEGORIES)}, got {value!r}")
    elif kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_LENGTH_MINUTES:
            raise CatalogueError(
                f"{where}.{name} must be a whole number of minutes from 1 to {MAX_LENGTH_MINUTES}, got {value!r}"
            )
    elif not isinstance(value, bool):
        raise CatalogueError(f"{where}.{name} must be true or false, got {value!r}")


def _enforce_list(where: str, value) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogueError(f"{where} must be a list of attribute names, e.g. [category, lengthInMinutes]")
    unknown = [v for v in value if v not in ATTRIBUTES]
    if unknown:
        raise CatalogueError(f"{where} names unknown attribute(s) {unknown}; choose from {list(ATTRIBUTES)}")
    return tuple(dict.fromkeys(value))


def _check_key(where: str, code: CatalogueCode) -> None:
    if not code.key:
        raise CatalogueError(
            f"{where}: {code.name!r} has no letter or digit, so it cannot be matched by name across orgs; rename it"
        )


def parse_catalogue(raw, source: str) -> Catalogue:
    """Validate a catalogue document (the parsed YAML); every error names the entry, the field and the fix."""
    if not isinstance(raw, dict) or not isinstance(raw.get("codes"), list) or not raw["codes"]:
        raise CatalogueError(f"{source}: expected a mapping with a non-empty `codes:` list (see docs/sync.md)")
    unknown = set(raw) - {"enforce", "codes"}
    if unknown:
        raise CatalogueError(f"{source}: unknown top-level key(s) {sorted(unknown)}; use `enforce` and `codes`")
    default = _enforce_list(f"{source}: enforce", raw["enforce"]) if "enforce" in raw else DEFAULT_ENFORCED
    codes, seen = [], {}
    for i, entry in enumerate(raw["codes"]):
        where = f"{source}: codes[{i}]"
        if not isinstance(entry, dict):
            raise CatalogueError(f"{where} must be a mapping with at least name and category")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise CatalogueError(f"{where}.name is missing: every code needs a name")
        where = f"{source}: codes[{i}] ({name})"
        if "category" not in entry:
            raise CatalogueError(f"{where}.category is missing: a code cannot be created without one")
        attributes = {}
        for field, value in entry.items():
            if field in ("name", "enforce"):
                continue
            if field not in ATTRIBUTES:
                raise CatalogueError(
                    f"{where}.{field} is not an activity-code attribute; use the wire names {list(ATTRIBUTES)}"
                )
            _check_value(where, field, value)
            attributes[field] = value
        enforce = _enforce_list(f"{where}.enforce", entry["enforce"]) if "enforce" in entry else default
        code = CatalogueCode(name.strip(), attributes, tuple(f for f in enforce if f in attributes))
        _check_key(f"{where}.name", code)
        if code.key in seen:
            raise CatalogueError(
                f"{where}: the name matches codes[{seen[code.key]}] (names are compared ignoring case, accents, "
                f"spacing and punctuation: pipelines.names.name_key); keep one of them"
            )
        seen[code.key] = i
        codes.append(code)
    return Catalogue(source, tuple(codes))


def load_catalogue(path: Path | str) -> Catalogue:
    import yaml

    path = Path(path)
    label = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    if not path.exists():
        raise CatalogueError(
            f"sync.catalogue: {label} not found; create it (see config/activity_codes.yaml) "
            f"or set sync.hub_org to take the catalogue from an org"
        )
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as err:
        raise CatalogueError(f"{label} is not valid YAML: {err}") from None
    return parse_catalogue(raw, label)


def catalogue_from_hub(
    org_key: str,
    units: list[tuple[str, list[dict]]],
    only_unit: str | None = None,
    enforced: tuple[str, ...] = DEFAULT_ENFORCED,
) -> Catalogue:
    """The hub org's custom (non-default) codes as a catalogue.

    ``units`` is [(business-unit name, codes as the API lists them)]; ``only_unit`` keeps one business unit
    (by name). A code defined differently in two hub business units is an error naming both.
    """
    if only_unit is not None:
        chosen = [u for u in units if name_key(u[0]) == name_key(only_unit)]
        if not chosen:
            raise CatalogueError(
                f"sync.hub_business_unit: {only_unit!r} is not a business unit of hub org "
                f"{org_key}; its business units are {[u[0] for u in units]}"
            )
        units = chosen
    kept = enforced + tuple(a for a in ("plannedShrinkage",) if a not in enforced)
    found: dict[str, tuple[str, CatalogueCode]] = {}
    for unit_name, codes in units:
        for code in codes:
            if code.get("defaultCode"):
                continue
            attributes = {a: code[a] for a in kept if code.get(a) is not None}
            entry = CatalogueCode(code["name"].strip(), attributes, tuple(a for a in enforced if a in attributes))
            _check_key(f"hub org {org_key}, business unit {unit_name!r}: code", entry)
            earlier = found.get(entry.key)
            if earlier and {a: earlier[1].attributes.get(a) for a in enforced} != {
                a: entry.attributes.get(a) for a in enforced
            }:
                raise CatalogueError(
                    f"hub org {org_key}: code {entry.name!r} differs between business units "
                    f"{earlier[0]!r} ({earlier[1].attributes}) and {unit_name!r} "
                    f"({entry.attributes}); align them or set sync.hub_business_unit"
                )
            found.setdefault(entry.key, (unit_name, entry))
    if not found:
        raise CatalogueError(f"hub org {org_key} has no custom activity codes to use as the catalogue")
    names = ", ".join(u[0] for u in units)
    return Catalogue(f"hub org {org_key} ({names})", tuple(e for _, e in found.values()))
