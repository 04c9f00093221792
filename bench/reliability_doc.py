"""bench/results/reliability.json (written by ``make test-reliability``) -> the table in docs/reliability.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.render import _table

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- reliability:matrix:start -->", "<!-- reliability:matrix:end -->"


def render(cells: list[dict], doc: Path) -> None:
    rows = [[c["cell"], c["injected"], c["outcome"], c["rows_lost"], c["duplicates"], f"`{c['test']}`"] for c in cells]
    table = _table(["cell", "injected", "outcome", "rows lost", "duplicates", "test"], rows)
    text = doc.read_text()
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    doc.write_text(f"{head}{START}\n{table}\n{END}{tail}")


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "results" / "reliability.json")
    render(json.loads(source.read_text()), ROOT / "docs" / "reliability.md")
