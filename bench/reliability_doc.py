"""bench/results/reliability.json (written by ``make test-reliability``) -> the table in docs/reliability.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.render import _table

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- reliability:matrix:start -->", "<!-- reliability:matrix:end -->"


def _config_kind(what: str) -> str:
    """Which row of the table a bad-config case joins (one row per kind of mistake)."""
    if what.startswith("extract.") and " = " in what:
        return "numbers in [extract]"
    if "_base_url" in what:
        return "base URLs"
    if what.startswith("orgs["):
        return "org key, name, region"
    return "file structure"


def _grouped(cells: list[dict]) -> list[dict]:
    """The bad-config cases as one cell per kind of mistake (each was asserted on its own)."""
    config = [c for c in cells if c["cell"].startswith("bad config: ")]
    rest = [c for c in cells if not c["cell"].startswith("bad config: ")]
    kinds: dict[str, list[dict]] = {}
    for cell in config:
        kinds.setdefault(_config_kind(cell["cell"].removeprefix("bad config: ")), []).append(cell)
    for kind, group in kinds.items():
        rest.append(
            {
                "cell": f"bad config: {kind} ({len(group)} files, each with one field wrong)",
                "injected": "; ".join(c["cell"].removeprefix("bad config: ") for c in group),
                "outcome": "each stops before any request, naming the field and the fix; nothing written",
                "rows_lost": 0,
                "duplicates": 0,
                "test": group[0]["test"],
            }
        )
    return rest


def render(cells: list[dict], doc: Path) -> None:
    rows = [
        [c["cell"], c["injected"], c["outcome"], c["rows_lost"], c["duplicates"], f"`{c['test']}`"]
        for c in _grouped(cells)
    ]
    table = _table(["cell", "injected", "outcome", "rows lost", "duplicates", "test"], rows)
    text = doc.read_text()
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    doc.write_text(f"{head}{START}\n{table}\n{END}{tail}")


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "results" / "reliability.json")
    render(json.loads(source.read_text()), ROOT / "docs" / "reliability.md")
