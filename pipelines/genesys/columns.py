"""The building blocks of a load contract: the org columns every row carries, typed columns, dispositions."""

from __future__ import annotations

ORG_COLUMNS = {
    "org_id": {"data_type": "text", "nullable": False},
    "org_key": {"data_type": "text", "nullable": False},
    "region": {"data_type": "text", "nullable": False},
}

MERGE = "merge"
SCD2 = {"disposition": "merge", "strategy": "scd2"}


def columns(**types) -> dict:
    """The org columns, then each named column with its dlt data type (nullable)."""
    found = dict(ORG_COLUMNS)
    for name, data_type in types.items():
        found[name] = {"data_type": data_type, "nullable": True}
    return found
