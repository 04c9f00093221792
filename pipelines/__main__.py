"""``python -m pipelines run [--orgs emea,apac] [--resources ...] [--start D --end D]``."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from .config import ConfigError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a yyyy-MM-dd date, got {text!r}") from None


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description="wfm-hub extraction")
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="extract and load the configured orgs")
    run_p.add_argument("--orgs", type=_list, default=None, help="comma-separated org keys (default: all)")
    run_p.add_argument("--resources", type=_list, default=None,
                       help="comma-separated resources (default: all but realtime_adherence)")
    run_p.add_argument("--start", type=_date, help="window start (inclusive), replaces the default windows")
    run_p.add_argument("--end", type=_date, help="window end (exclusive)")
    run_p.add_argument("--today", type=_date, help="the date the default windows are relative to (default: today UTC)")
    args = parser.parse_args(argv)

    from .run import print_report, run

    def progress(result):
        state = "ok" if result.ok else f"FAILED: {result.error}"
        total = sum(result.rows().values())
        print(f"[{result.org.key}] {total:,} rows, {result.counters.total('requests'):,} requests "
              f"in {result.seconds:.1f} s: {state}", file=sys.stderr, flush=True)

    def on_resource(org_key, name, entry):
        rows = sum(entry.rows.values())
        note = f" ({entry.error})" if entry.error else ""
        print(f"[{org_key}] {name}: {entry.outcome}, {rows:,} rows{note}", file=sys.stderr, flush=True)

    try:
        report = run(args.orgs, args.resources, start=args.start, end=args.end, today=args.today, progress=progress,
                     on_resource=on_resource)
    except ConfigError as err:
        print(f"configuration error: {err}", file=sys.stderr)
        return 2
    print_report(report)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
