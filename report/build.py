"""Write the report's pages and the forecast export from the marts (``python -m report``)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from pipelines.csvfile import write_csv

from .data import MARTS, gather
from .pages import INDEX, render_pages
from .warehouse import ROOT, connect, default_warehouse

EXPORT = "volume_by_queue_group_daily.csv"
EXPORT_COLUMNS = ("date", "queue_group", "media_type", "offered", "handled", "blended_aht_seconds")


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
    """Write the pages (index.html, org_<key>.html), the CSV export and summary.json into ``out_dir``.

    Returns the summary: ``global`` (the GLOBAL figures), ``pages`` (file name -> bytes, the overview first),
    ``export_rows`` and ``export_formula_like_cells``. Raises FileNotFoundError without a warehouse."""
    out_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    with connect(warehouse, target) as query:
        data = gather(query, now)
        exported, formula_cells = write_export(query, out_dir / EXPORT)
    source = str(warehouse or default_warehouse()) if (target or "duckdb") == "duckdb" else target
    pages = render_pages(data, source, now.strftime("%Y-%m-%d %H:%M"))
    for name in [p.name for p in out_dir.glob("org_*.html") if p.name not in pages]:
        (out_dir / name).unlink()  # an org no longer in the hub: its old page would look current
    for name, html in pages.items():
        (out_dir / name).write_text(html, encoding="utf-8")
    summary = {
        "global": data.global_figures,
        "pages": {name: (out_dir / name).stat().st_size for name in pages},
        "export_rows": exported,
        "export_formula_like_cells": formula_cells,
    }
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
    pages = ", ".join(f"{name} ({size / 1e6:.1f} MB)" for name, size in summary["pages"].items())
    print(f"wrote {args.out / INDEX} and the org pages: {pages}; {args.out / EXPORT} ({summary['export_rows']} rows)")
    print(json.dumps(summary["global"], indent=2, default=str))
    return 0
