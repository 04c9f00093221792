"""``wfm-hub run [--orgs emea,apac] [--resources ...] [--start D --end D]``.

Also ``doctor`` (is every org ready? docs/configuration.md), ``sync-activity-codes [--apply]``
(docs/sync.md), ``export-forecast --week D`` (docs/sync.md) and
``erase-person --email A | --employee-id E | --canonical-agent-id C [--dry-run]`` (docs/privacy.md) and
``listen [--orgs ...]`` (real-time adherence pushed, until stopped: docs/architecture.md).
"""

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
    parser = argparse.ArgumentParser(prog="wfm-hub", description="wfm-hub extraction")
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="extract and load the configured orgs")
    run_p.add_argument("--orgs", type=_list, default=None, help="comma-separated org keys (default: all)")
    run_p.add_argument(
        "--resources", type=_list, default=None, help="comma-separated resources (default: all but realtime_adherence)"
    )
    run_p.add_argument("--start", type=_date, help="window start (inclusive), replaces the default windows")
    run_p.add_argument("--end", type=_date, help="window end (exclusive)")
    run_p.add_argument("--today", type=_date, help="the date the default windows are relative to (default: today UTC)")
    _add_doctor_parser(sub)
    _add_sync_parser(sub)
    _add_export_parser(sub)
    _add_erase_parser(sub)
    _add_listen_parser(sub)
    args = parser.parse_args(argv)
    if args.command != "run":
        from .genesys.client import GenesysError

        try:
            return args.handler(args)
        except ConfigError as err:  # bad config, catalogue or export input: named, before or without writes
            print(f"error: {err}", file=sys.stderr)
            return 2
        except GenesysError as err:  # an org refused or failed while reading (the message names it)
            print(f"failed: {err}", file=sys.stderr)
            return 1

    from .run import print_report, run

    def progress(result):
        state = "ok" if result.ok else f"FAILED: {result.error}"
        total = sum(result.rows().values())
        print(
            f"[{result.org.key}] {total:,} rows, {result.counters.total('requests'):,} requests "
            f"in {result.seconds:.1f} s: {state}",
            file=sys.stderr,
            flush=True,
        )

    def on_resource(org_key, name, entry):
        rows = sum(entry.rows.values())
        note = f" ({entry.error})" if entry.error else ""
        print(f"[{org_key}] {name}: {entry.outcome}, {rows:,} rows{note}", file=sys.stderr, flush=True)

    try:
        report = run(
            args.orgs,
            args.resources,
            start=args.start,
            end=args.end,
            today=args.today,
            progress=progress,
            on_resource=on_resource,
        )
    except ConfigError as err:
        print(f"configuration error: {err}", file=sys.stderr)
        return 2
    print_report(report)
    return 1 if report.failed else 0


def _add_doctor_parser(sub) -> None:
    p = sub.add_parser(
        "doctor", help="check every org: login, token, clock, rate limit, WFM license, permissions, request estimate"
    )
    p.add_argument("--orgs", type=_list, default=None, help="comma-separated org keys (default: all)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per call (default 10; one retry)")
    p.set_defaults(handler=_doctor)


def _doctor(args) -> int:
    from .doctor import doctor

    report = doctor(args.orgs, timeout=args.timeout)
    print(report.render())
    return 0 if report.ready else 1


def _add_sync_parser(sub) -> None:
    p = sub.add_parser(
        "sync-activity-codes", help="plan (default) or --apply the activity-code catalogue to every business unit"
    )
    p.add_argument("--apply", action="store_true", help="make the writes (default: dry run, print the plan)")
    p.add_argument("--orgs", type=_list, default=None, help="comma-separated spoke org keys (default: all)")
    p.add_argument("--catalogue", help="catalogue YAML (default: [sync] catalogue, config/activity_codes.yaml)")
    p.add_argument("--hub-org", help="take the catalogue from this org's custom codes instead of the YAML")
    p.add_argument("--hub-business-unit", help="with --hub-org: only this business unit's codes")
    p.add_argument("--operator", help="who applies, for the audit table (default: the OS user)")
    p.add_argument("--json", dest="json_path", help="also write the plan as JSON to this file")
    p.set_defaults(handler=_sync)


def _sync(args) -> int:
    from pathlib import Path

    from .activity_codes import apply_plan, plan_all, with_sync
    from .config import load_config

    config = with_sync(
        load_config(),
        catalogue=args.catalogue and Path(args.catalogue).resolve(),
        hub_org=args.hub_org,
        hub_business_unit=args.hub_business_unit,
    )
    plan = plan_all(config, args.orgs)
    print(plan.render())
    if args.json_path:
        Path(args.json_path).write_text(plan.to_json())
    if not plan.writes:
        print("Nothing to write: every business unit matches the catalogue.")
        return 0
    if not args.apply:
        print(f"Dry run: nothing written. Run again with --apply to make these {len(plan.writes)} writes.")
        return 0
    report = apply_plan(plan, config, operator=args.operator)
    print("\n" + report.render())
    print(f"{len(report.results)} rows recorded in wfm_hub_ops.activity_code_audit (run {report.run_id}).")
    return 1 if report.failed else 0


def _add_export_parser(sub) -> None:
    p = sub.add_parser("export-forecast", help="write a week's forecast as Genesys WFM import files (CSV + JSON)")
    p.add_argument(
        "--week",
        type=_date,
        required=True,
        help="a date in the week to export (yyyy-MM-dd); each business unit exports the week containing it",
    )
    p.add_argument("--orgs", type=_list, default=None, help="comma-separated org keys (default: all, consolidated)")
    p.add_argument("--business-unit", help="one business unit (name or id; default: every one of the orgs)")
    p.add_argument("--planning-groups", type=_list, default=None, help="comma-separated names (default: all)")
    p.add_argument("--target-org", help="the org the forecast is for (default: the source's own)")
    p.add_argument("--target-business-unit", help="the business unit (name or id) in the target org")
    p.add_argument("--out", default=None, help="output directory (default: data/exports)")
    p.set_defaults(handler=_export)


def _export(args) -> int:
    from .forecast_export import DEFAULT_OUT, export_forecasts, utc_text

    files = export_forecasts(
        args.week,
        orgs=args.orgs,
        business_unit=args.business_unit,
        planning_groups=args.planning_groups,
        target_org=args.target_org,
        target_business_unit=args.target_business_unit,
        out_dir=args.out or DEFAULT_OUT,
    )
    for f in files:
        print(
            f"{f.source.label} -> {f.target.label}, week of {f.week} ({f.target.time_zone}, first interval "
            f"{utc_text(f.reference_start)}): {len(f.planning_groups)} planning groups, {len(f.intervals)} rows\n"
            f"  {f.csv_path}\n  {f.payload_path} ({f.payload_bytes} bytes; import into business unit "
            f"{f.target.id}, week {f.week})"
        )
    return 0


def _add_erase_parser(sub) -> None:
    p = sub.add_parser("erase-person", help="GDPR: erase one person from every table and file (docs/privacy.md)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--email", help="any of the person's email addresses (case-insensitive)")
    who.add_argument("--employee-id", help="employerInfo.employeeId")
    who.add_argument("--canonical-agent-id", help="marts.dim_agent.canonical_agent_id")
    p.add_argument("--dry-run", action="store_true", help="list what would change; change nothing")
    p.add_argument("--operator", help="who runs it, for the audit table (default: the OS user)")
    p.add_argument(
        "--also", action="append", default=None, help="another directory to clean (default: reports/); repeatable"
    )
    p.set_defaults(handler=_erase)


def _erase(args) -> int:
    from pathlib import Path

    from .privacy import Selector, erase
    from .privacy.erase import DEFAULT_EXTRA_DIRS

    kind = next(k for k in ("email", "employee_id", "canonical_agent_id") if getattr(args, k))
    extra = [Path(d) for d in args.also] if args.also else DEFAULT_EXTRA_DIRS
    report = erase(Selector(kind, getattr(args, kind)), dry_run=args.dry_run, operator=args.operator, extra_dirs=extra)
    print(report.render())
    if args.dry_run:
        print("Dry run: nothing changed. Run again without --dry-run to erase.")
    elif report.ok:
        print(f"Recorded in wfm_hub_ops.erasure_audit (run {report.run_id}).")
    return 0 if report.ok else 1


def _add_listen_parser(sub) -> None:
    from .realtime.service import add_arguments, run_args

    p = sub.add_parser("listen", help="stream every org's real-time adherence into the warehouse, until stopped")
    add_arguments(p)
    p.set_defaults(handler=run_args)


if __name__ == "__main__":
    sys.exit(main())
