"""``python -m genesys_sim serve|truth``: run the simulator, or write its ground truth."""

from __future__ import annotations

import argparse
import socket
import sys
from datetime import UTC, date, datetime

from .latency import PROFILES
from .scenarios import SCENARIOS


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a yyyy-MM-dd date, got {text!r}") from None


def _pairs(values: list[str], what: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for value in values:
        org, sep, rest = value.partition(":")
        if not sep or not rest:
            raise SystemExit(f"--{what} takes ORG:VALUE, got {value!r}")
        found.setdefault(org, []).append(rest)
    return found


def build_runtime(args):
    from .model import Model
    from .notifications import NotificationSettings
    from .runtime import Runtime
    from .scenarios import get_scenario

    scenario = get_scenario(args.scenario, orgs=args.orgs)
    if args.seed is not None:
        from dataclasses import replace

        scenario = replace(scenario, seed=args.seed)
    model = Model(scenario, args.anchor_date)
    latency = PROFILES[args.latency_profile]
    async_seconds = args.async_result_seconds
    if async_seconds is None:  # the flag's own value, else the profile's, else the default
        async_seconds = latency.async_result_seconds or NotificationSettings().result_delay_seconds
    runtime = Runtime(
        model,
        rate_limit=args.rate_limit,
        token_ttl=args.token_ttl,
        job_polls=args.job_polls,
        denied=_pairs(args.deny, "deny"),
        download_ttl=args.download_ttl,
        notifications=NotificationSettings(
            heartbeat_seconds=args.heartbeat_seconds,
            channel_ttl_seconds=args.channel_ttl,
            result_delay_seconds=async_seconds,
        ),
        latency=latency,
    )
    for org, settings in _pairs(args.fault, "fault").items():
        if org not in runtime.faults:
            raise SystemExit(f"--fault names org {org!r}; the scenario has {sorted(runtime.faults)}")
        for setting in settings:
            name, _, value = setting.partition("=")
            runtime.faults[org].update({name: value or "1"})
    return runtime


def serve(args) -> None:
    import uvicorn

    from .app import create_app

    runtime = build_runtime(args)
    app = create_app(runtime)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    # Listen before announcing READY: connections made before uvicorn starts accepting wait in the
    # backlog instead of being refused (uvicorn's create_server listens again, which is harmless).
    sock.listen(2048)
    port = sock.getsockname()[1]
    orgs = ", ".join(f"{o.key} ({o.spec.region})" for o in runtime.model.orgs.values())
    print(f"genesys-sim serving scenario {args.scenario!r} anchored {args.anchor_date} with orgs {orgs}", flush=True)
    print(f"READY http://{args.host}:{port}  (org list: http://{args.host}:{port}/_sim/orgs)", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])


def truth(args) -> None:
    from .truth import write_truth

    runtime = build_runtime(args)
    written = write_truth(runtime.model, args.out)
    for name, rows in written.items():
        print(f"{name}: {rows} rows")


def main(argv: list[str] | None = None) -> None:
    from .notifications import NotificationSettings

    parser = argparse.ArgumentParser(prog="python -m genesys_sim", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    today = datetime.now(UTC).date()
    notify = NotificationSettings()  # the defaults of the notification flags
    for name in ("serve", "truth"):
        p = sub.add_parser(name)
        p.add_argument("--scenario", choices=sorted(SCENARIOS), default="demo")
        p.add_argument("--anchor-date", type=_date, default=today, help="simulated today (default: today, UTC)")
        p.add_argument("--seed", type=int, default=None, help="override the scenario's seed")
        p.add_argument("--orgs", type=int, default=None, help="keep only the first N orgs (scale curves)")
        p.add_argument("--rate-limit", type=int, default=300, help="requests per minute per token")
        p.add_argument("--token-ttl", type=int, default=86400, help="token lifetime in seconds (expires_in)")
        p.add_argument("--job-polls", type=int, default=1, help="polls an async job answers Processing")
        p.add_argument("--download-ttl", type=int, default=600, help="seconds a pre-signed download URL lives")
        p.add_argument("--heartbeat-seconds", type=float, default=notify.heartbeat_seconds, help="socket heartbeat")
        p.add_argument("--channel-ttl", type=float, default=notify.channel_ttl_seconds, help="channel lifetime, s")
        p.add_argument(
            "--async-result-seconds",
            type=float,
            default=None,
            help=f"delay of a Processing agent-schedule query's result notification (default: the latency "
            f"profile's, else {notify.result_delay_seconds})",
        )
        p.add_argument(
            "--latency-profile",
            choices=sorted(PROFILES),
            default="none",
            help="answer times per route class (genesys_sim/latency.py): realistic = ~300 ms directory, 1-2 s queries",
        )
        p.add_argument(
            "--deny",
            action="append",
            default=[],
            metavar="ORG:PERMISSION",
            help="take a permission from an org's OAuth client role",
        )
        p.add_argument(
            "--fault",
            action="append",
            default=[],
            metavar="ORG:NAME=VALUE",
            help="inject a fault, e.g. emea:error_rate=0.1 or apac:down=1",
        )
    serve_p = sub.choices["serve"]
    serve_p.add_argument("--host", default="127.0.0.1")
    serve_p.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    sub.choices["truth"].add_argument("--out", required=True, help="directory to write the truth files into")
    args = parser.parse_args(argv)
    {"serve": serve, "truth": truth}[args.command](args)


if __name__ == "__main__":
    main(sys.argv[1:])
