"""``wfm-hub listen`` (``python -m pipelines.realtime``): every org's adherence stream, until stopped.

One process for the configured orgs (or ``--orgs``): a thread per org (``OrgStream``: its own OAuth token,
channels and rate limit; an org that fails or is not permitted never stops the others) and one writer
thread (``StreamWriter``) that loads each org's rows in turn. SIGTERM or SIGINT stops it cleanly: the
channels are closed and the rows waiting are loaded. Exit status 0 after a clean stop, 2 for a bad
configuration (named before any request).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from ..config import ConfigError, credentials, load_config
from .rows import StreamOptions


class StreamService:
    """The streams and their writer; ``start()``, then ``stop()`` (also as a context manager)."""

    def __init__(
        self,
        org_keys: list[str] | None = None,
        options: StreamOptions | None = None,
        flush_seconds: float = 1.0,
        on_committed=None,
    ):
        from .stream import OrgStream  # here, not at import: wfm-hub's other commands need none of it
        from .writer import StreamWriter

        config = load_config()
        orgs = [config.org(k) for k in org_keys] if org_keys else list(config.orgs)
        secrets = {org.key: credentials(org) for org in orgs}  # every secret checked before any request
        self.writer = StreamWriter(flush_seconds=flush_seconds, on_committed=on_committed)
        self.streams = {org.key: OrgStream(org, secrets[org.key], config.extract, self.writer, options) for org in orgs}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> StreamService:
        self.writer.start()
        for key, stream in self.streams.items():
            thread = threading.Thread(target=stream.run, args=(self._stop,), name=f"adherence-{key}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)
        self.writer.stop()

    def wait(self) -> None:
        self._stop.wait()

    def __enter__(self) -> StreamService:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def listen(org_keys: list[str] | None, options: StreamOptions, flush_seconds: float) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    try:
        listener = StreamService(org_keys, options, flush_seconds)
    except ConfigError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: listener._stop.set())
    listener.start()
    print(f"listening for real-time adherence of {', '.join(listener.streams)} (stop: Ctrl-C)", file=sys.stderr)
    listener.wait()
    listener.stop()
    left = listener.writer.pending()
    if left:
        print(f"stopped with {left} rows not loaded (the warehouse stayed busy)", file=sys.stderr)
        return 1
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = StreamOptions()
    parser.add_argument("--orgs", type=lambda t: [p.strip() for p in t.split(",") if p.strip()], default=None)
    parser.add_argument(
        "--verify-seconds",
        type=float,
        default=defaults.verify_seconds,
        help="re-send the subscriptions this often: a permission taken away shows as a rejected topic",
    )
    parser.add_argument("--flush-seconds", type=float, default=1.0, help="longest wait of a row before its load")


def run_args(args) -> int:
    if args.verify_seconds <= 0 or args.flush_seconds <= 0:
        print("error: --verify-seconds and --flush-seconds must be above 0", file=sys.stderr)
        return 2
    return listen(args.orgs, StreamOptions(verify_seconds=args.verify_seconds), args.flush_seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.realtime", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run_args(parser.parse_args(argv))
