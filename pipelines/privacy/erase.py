"""``wfm-hub erase-person``: remove one person from the warehouse and the files beside it.

Order: find the person (person.py); under the warehouse writer lock, rewrite every table (tables.py),
then the files (files.py), then rewrite the DuckDB file so no freed block keeps a value; verify by
searching again (tables and files); record the audit (audit.py). A second run finds nothing to change
and says so, naming the earlier erasure. ``dry_run`` lists what would change and changes nothing.

Upstream is not touched: if the person's accounts still exist in a Genesys Cloud org, the next
extraction loads them again. Erase them there first (or deactivate and let retention act).
"""

from __future__ import annotations

import getpass
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ROOT
from ..sqlrun import warehouse_sql
from ..warehouse import pipelines_dir, warehouse_path, writer_lock
from .audit import audit_rows, earlier_erasures, record_audit
from .files import FilePlan, apply_files, plan_files
from .person import Person, Selector, find_person, widen
from .tables import compact_duckdb, erase_tables, table_matches

DEFAULT_EXTRA_DIRS = (ROOT / "reports",)


@dataclass
class ErasureReport:
    """The outcome. ``tables``: ``schema.table`` -> rows changed (or that would change);
    ``residual_*``: what a search after the erasure still found (empty when it worked)."""

    run_id: str
    selector_kind: str
    selector_sha256: str
    dry_run: bool
    accounts: int
    tables: dict[str, int]
    files: FilePlan
    compacted: bool = False
    earlier: list[tuple] = field(default_factory=list)
    residual_tables: dict[str, int] = field(default_factory=dict)
    residual_files: list[str] = field(default_factory=list)

    @property
    def changed_nothing(self) -> bool:
        return not self.tables and not self.files.changes()

    @property
    def ok(self) -> bool:
        return not self.residual_tables and not self.residual_files and not self.files.uncleanable

    def changes(self) -> dict[str, int]:
        """Audit targets: tables with their rows, file groups with their counts."""
        out = dict(self.tables)
        for label, items in (
            ("files: deleted load packages and traces", self.files.deleted),
            ("files: rewritten text files", self.files.rewritten),
            ("files: pipelines with dropped pending packages", self.files.dropped_pending),
        ):
            if items:
                out[label] = len(items)
        return out

    def render(self) -> str:
        verb = "would change" if self.dry_run else "changed"
        lines = [
            f"erasure {self.run_id} ({self.selector_kind} sha256 {self.selector_sha256[:12]}...): "
            f"{self.accounts} account(s) found"
        ]
        if self.changed_nothing:
            when = f"; erased earlier by run {self.earlier[0][0]} at {self.earlier[0][1]}" if self.earlier else ""
            lines.append(f"nothing to change: no table or file holds this person{when}")
        for target, n in sorted(self.tables.items()):
            lines.append(f"  {verb} {n:>8,} rows  {target}")
        for label, items in (
            ("delete", self.files.deleted),
            ("rewrite", self.files.rewritten),
            ("drop pending packages of", self.files.dropped_pending),
        ):
            lines += [f"  {'would ' if self.dry_run else ''}{label} {item}" for item in items]
        lines += [f"  CANNOT CLEAN {item} (remove it by hand)" for item in self.files.uncleanable]
        if self.compacted:
            lines.append("  rewrote the DuckDB file (no freed block keeps an erased value)")
        for target, n in sorted(self.residual_tables.items()):
            lines.append(f"  STILL FOUND in {n} rows of {target}")
        lines += [f"  STILL FOUND in {item}" for item in self.residual_files]
        return "\n".join(lines)


def erase(
    selector: Selector,
    dry_run: bool = False,
    operator: str | None = None,
    extra_dirs: tuple[Path, ...] | list[Path] = DEFAULT_EXTRA_DIRS,
    person: Person | None = None,
) -> ErasureReport:
    """Erase the person ``selector`` names (or ``person``'s accounts: retention) everywhere.

    Raises ConfigError for a selector that cannot be resolved (e.g. a canonical agent id before the
    first dbt build). The warehouse writer lock is held for the whole change (bounded wait)."""
    run_id = uuid.uuid4().hex[:12]
    roots = [warehouse_path().parent, pipelines_dir(), *map(Path, extra_dirs)]
    skip = {warehouse_path()}
    with writer_lock():
        with warehouse_sql("erasure") as client:
            person = widen(client, person) if person else find_person(client, selector)
            replacements = person.replacements()
            if selector.kind in ("email", "employee_id"):  # the value itself, even where no account holds it
                replacements.setdefault(selector.value.strip().lower(), None)
            needles = list(replacements)
            earlier = earlier_erasures(client, selector.digest)
            tables = table_matches(client, needles) if dry_run else erase_tables(client, replacements)
        files = plan_files(roots, needles, skip)
        report = ErasureReport(
            run_id, selector.kind, selector.digest, dry_run, len(person.accounts), tables, files, earlier=earlier
        )
        if dry_run:
            return report
        apply_files(files, replacements)
        report.compacted = bool(tables) and compact_duckdb()
        with warehouse_sql("erasure") as client:
            report.residual_tables = table_matches(client, needles)
        leftover = plan_files(roots, needles, skip)
        report.residual_files = leftover.deleted + leftover.rewritten + leftover.dropped_pending
    record_audit(audit_rows(run_id, operator or getpass.getuser(), selector.kind, selector.digest, report.changes()))
    return report
