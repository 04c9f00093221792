"""The only place asset keys are built, so dlt assets and dbt sources agree on them."""

from __future__ import annotations

import dagster as dg


def raw_key(org_key: str, table: str) -> dg.AssetKey:
    """genesys/<org>/<table>: one asset per org and raw table (dbt sources map onto them 1:1)."""
    return dg.AssetKey(["genesys", org_key, table])
