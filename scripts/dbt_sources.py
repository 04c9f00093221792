"""Write dbt_project/models/staging/genesys/_genesys__sources.yml from config/orgs.toml.

One dbt source per configured org (its dataset genesys_<key>), all with the same tables. dbt YAML
cannot loop, so the file is generated; ``tests/dbt`` checks it matches the orgs file. Run
``python scripts/dbt_sources.py`` after adding an org.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.config import load_config  # noqa: E402

TARGET = ROOT / "dbt_project" / "models" / "staging" / "genesys" / "_genesys__sources.yml"
TABLES = {
    "organizations": "One row per org (from /api/v2/organizations/me).",
    "users": "Users in every state, scd2 history (_dlt_valid_from, _dlt_valid_to).",
    "queues": "Routing queues.",
    "business_units": "WFM business units with their time zone and start day of week.",
    "management_units": "WFM management units.",
    "management_unit_users": "Current members of each management unit.",
    "activity_codes": "Business-unit activity codes.",
    "planning_groups": "Planning groups per business unit.",
    "planning_group_queues": "The queue and media type each planning group routes.",
    "schedules": "Published BU week schedules (metadata, version).",
    "schedule_activities": "One row per scheduled activity, scd2 by BU week (history of intraday changes).",
    "full_day_time_off": "Full-day time-off markers of published schedules.",
    "forecasts": "Short-term forecasts per BU week.",
    "forecast_intervals": "Forecast offered and AHT per planning group and 15-minute interval.",
    "adherence_day_metrics": "Historical adherence per agent and business-unit day (bulk job).",
    "adherence_exceptions": "Historical adherence exceptions (bulk job).",
    "realtime_adherence": "Real-time adherence snapshots (appended).",
    "time_off_requests": "Time-off requests per management unit.",
    "interaction_volume": "Conversation aggregates per queue, media type and 15-minute interval.",
    "user_presence": "User aggregates: routing-status and presence milliseconds per user and hour.",
}


def render(org_keys: list[str]) -> str:
    lines = [
        "version: 2",
        "",
        "# Generated from config/orgs.toml by scripts/dbt_sources.py; tests/dbt checks they agree.",
        "# One source per org: the dataset the pipeline loads, genesys_<org_key>.",
        "sources:",
    ]
    for i, key in enumerate(org_keys):
        lines += [
            f"  - name: genesys_{key}",
            f"    schema: genesys_{key}",
            f"    description: {json.dumps(f'Raw Genesys Cloud data of org {key}, loaded by dlt.')}",
            "    config:",
            "      meta:",
            f"        org_key: {key}",
        ]
        if i == 0:
            lines.append("    tables: &genesys_tables")
            for table, text in TABLES.items():
                lines += [f"      - name: {table}", f"        description: {json.dumps(text)}"]
        else:
            lines.append("    tables: *genesys_tables")
    return "\n".join(lines) + "\n"


def main() -> None:
    TARGET.write_text(render([org.key for org in load_config().orgs]))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
