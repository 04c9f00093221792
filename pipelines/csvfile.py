"""Every CSV file wfm-hub writes, and the cells in it a spreadsheet would run as a formula.

Names in these files come from the orgs (planning groups, queue groups), and the files are opened in
spreadsheets as well as imported. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula by Excel, LibreOffice and Google Sheets ("CSV injection", OWASP). The usual
defence, a leading ``'``, changes the text, and the Genesys WFM forecast import matches planning groups
by their exact name, so wfm-hub never alters a name: it writes it as it is, logs a warning naming the
file, column, value and lines, and hands the same list to the writer, which names it in its manifest or
summary (docs/sync.md). A cell that is a plain number (``-12.5``) is data, not a formula, and is left out.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
log = logging.getLogger(__name__)


def formula_like(value) -> bool:
    """Whether a spreadsheet would run ``value`` as a formula (text starting with FORMULA_START, not a number)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


def _spans(lines: list[int]) -> str:
    """[2, 3, 4, 9] -> "2-4,9"."""
    spans: list[list[int]] = []
    for line in lines:
        if spans and line == spans[-1][1] + 1:
            spans[-1][1] = line
        else:
            spans.append([line, line])
    return ",".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence]) -> list[dict]:
    """Write a UTF-8 CSV (header row, then ``rows``) and return its formula-like cells.

    Returns ``[{"column", "value", "lines"}]``, one entry per column and value, ``lines`` as ranges of
    file lines (the header is line 1), e.g. ``{"column": "Planning Group", "value": "=Sales",
    "lines": "2-673"}``; each entry is also logged as a warning. Values are written unchanged.
    """
    found: dict[tuple[str, str], list[int]] = {}
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(columns)
        for line, row in enumerate(rows, start=2):
            out.writerow(row)
            for column, value in zip(columns, row, strict=True):
                if formula_like(value):
                    found.setdefault((column, value), []).append(line)
    cells = [{"column": c, "value": v, "lines": _spans(lines)} for (c, v), lines in found.items()]
    for cell in cells:
        log.warning(
            "%s: column %r holds %r (lines %s), which a spreadsheet runs as a formula; written unchanged "
            "(imports need the exact name): open the file as text or rename it at the source",
            path,
            cell["column"],
            cell["value"],
            cell["lines"],
        )
    return cells
