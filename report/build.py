"""Write reports/index.html and the forecast export from the marts (``python -m report``)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipelines.csvfile import write_csv

from .data import MARTS, gather
from .realtime import realtime_section
from .warehouse import ROOT, connect, default_warehouse

TEMPLATES = Path(__file__).with_name("templates")
EXPORT = "volume_by_queue_group_daily.csv"
EXPORT_COLUMNS = ("date", "queue_group", "media_type", "offered", "handled", "blended_aht_seconds")


def render(data, source: str, generated_at: datetime) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    return env.get_template("index.html").render(
        title="wfm-hub: consolidated workforce report",
        figures=data.figures,
        sections=data.sections,
        source=source,
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M"),
    )


def write_export(query, path: Path) -> tuple[int, list[dict]]:
    """The queue-group history a forecast engine takes: one row per date, queue group and media type.

    Returns the number of rows and the cells a spreadsheet would run as formulas (queue-group names
    starting with ``=``, ``+``, ``-``, ``@``: written unchanged, logged, see ``pipelines.csvfile``)."""
    rows = query(
        f"select {', '.join(EXPORT_COLUMNS)} from {MARTS}.rpt_global_volume_by_queue_group_daily "
        "order by queue_group, media_type, date"
    )
    cells = write_csv(
        path,
        EXPORT_COLUMNS,
        (
            [
                row["date"],
                row["queue_group"],
                row["media_type"],
                int(row["offered"]),
                int(row["handled"]),
                "" if row["blended_aht_seconds"] is None else f"{float(row['blended_aht_seconds']):.3f}",
            ]
            for row in rows
        ),
    )
    return len(rows), cells


def build(out_dir: Path, warehouse: Path | None = None, target: str | None = None) -> dict:
    """Write index.html, the CSV export and summary.json (the GLOBAL figures, the export's row count and
    its formula-like cells) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with connect(warehouse, target) as query:
        data = gather(query)
        data.sections.insert(1, realtime_section(query))  # after the historical and snapshot adherence
        exported, formula_cells = write_export(query, out_dir / EXPORT)
    source = str(warehouse or default_warehouse()) if (target or "duckdb") == "duckdb" else target
    html = render(data, source, datetime.now(UTC))
    (out_dir / "index.html").write_text(html)
    summary = {"global": data.global_figures, "export_rows": exported, "export_formula_like_cells": formula_cells}
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m report", description=__doc__)
    parser.add_argument(
        "--warehouse", type=Path, help="DuckDB file (default: WFM_HUB_WAREHOUSE or data/wfm_hub.duckdb)"
    )
    parser.add_argument("--target", choices=["duckdb", "postgres"], help="default: WFM_HUB_DBT_TARGET or duckdb")
    parser.add_argument("--out", type=Path, default=ROOT / "reports", help="output folder (default: reports/)")
    args = parser.parse_args(argv)
    try:
        summary = build(args.out, args.warehouse, args.target)
    except FileNotFoundError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"wrote {args.out / 'index.html'} and {args.out / EXPORT} ({summary['export_rows']} rows)")
    print(json.dumps(summary["global"], indent=2, default=str))
    return 0
