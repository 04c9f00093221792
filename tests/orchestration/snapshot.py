"""The committed snapshot of every Dagster asset key and asset check name (tests/orchestration/asset_keys.txt).

A renamed or vanished asset key breaks the history, schedules and sensors that name it, so renames are
deliberate: ``test_asset_keys_match_the_snapshot`` fails until the snapshot is rewritten with
``python -m tests.orchestration.snapshot`` and the change is committed with its reason.
"""

from __future__ import annotations

from pathlib import Path

SNAPSHOT = Path(__file__).with_name("asset_keys.txt")


def current() -> list[str]:
    from assets.definitions import defs

    graph = defs.resolve_asset_graph()
    keys = sorted(f"asset {key.to_user_string()}" for key in graph.get_all_asset_keys())
    checks = sorted(f"check {check.asset_key.to_user_string()}:{check.name}" for check in graph.asset_check_keys)
    return keys + checks


def main() -> None:
    lines = current()
    SNAPSHOT.write_text("\n".join(lines) + "\n")
    print(f"wrote {SNAPSHOT} ({len(lines)} keys and checks)")


if __name__ == "__main__":
    main()
