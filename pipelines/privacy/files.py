"""Erase one person from the files beside the warehouse: dlt's working directories, exports, reports.

What a file can hold and what happens to it:

- a load package dlt already loaded (``<pipeline>/load/loaded/<id>/``): history only, dlt never
  reads it again; the package is deleted;
- a package still pending (a run was killed): dropped with dlt's ``drop_pending_packages`` (what the
  next run would do anyway: it re-reads the window);
- dlt's last-run trace (``trace.pickle``): deleted, the next run writes a new one;
- text files (state JSON, CSV and JSON exports, HTML reports): the values are replaced in place;
- anything else that holds a value is reported as not cleaned (the command then fails).

Files are searched as bytes, gzip-decompressed and, for parquet, decoded, case-insensitively.
"""

from __future__ import annotations

import contextlib
import gzip
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .tables import replace_text

TEXT_SUFFIXES = {".json", ".csv", ".html", ".htm", ".txt", ".md", ".yaml", ".yml", ".toml", ".sql", ".log", ".jsonl"}
SKIPPED_SUFFIXES = {".lock", ".wal"}


@dataclass
class FilePlan:
    """What the file pass does (or did): paths relative to nothing, as absolute strings."""

    deleted: list[str] = field(default_factory=list)  # packages and traces removed
    rewritten: list[str] = field(default_factory=list)  # text files with values replaced
    dropped_pending: list[str] = field(default_factory=list)  # pipelines whose pending packages were dropped
    uncleanable: list[str] = field(default_factory=list)  # files holding a value that cannot be cleaned

    def changes(self) -> int:
        return len(self.deleted) + len(self.rewritten) + len(self.dropped_pending)


def file_text(path: Path) -> str:
    """Everything a file says, lower-cased: its bytes, gunzipped when gzip, decoded when parquet."""
    data = path.read_bytes()
    parts = [data.decode("utf-8", "replace")]
    if data[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError):
            parts.append(gzip.decompress(data).decode("utf-8", "replace"))
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            parts.append(repr(pq.read_table(path).to_pylist()))
        except Exception as err:  # an unreadable parquet file cannot be proven clean
            parts.append(f"<unreadable parquet: {err}>")
    return "\n".join(parts).lower()


def holds(path: Path, needles: list[str]) -> bool:
    text = file_text(path)
    return any(n in text for n in needles)


def _package_dir(path: Path) -> tuple[Path, str] | None:
    """(package dir, state) when ``path`` is inside a dlt load package: loaded, or pending."""
    parts = path.parts
    for i in range(len(parts) - 2):
        if parts[i] == "load" and parts[i + 1] in ("loaded", "normalized", "new"):
            return Path(*parts[: i + 3]), ("loaded" if parts[i + 1] == "loaded" else "pending")
        if parts[i] == "normalize" and parts[i + 1] == "extracted":
            return Path(*parts[: i + 3]), "pending"
    return None


def plan_files(roots: list[Path], needles: list[str], skip: set[Path]) -> FilePlan:
    plan = FilePlan()
    seen: set[Path] = set()
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []:
            if path in seen or path in skip or path.suffix in SKIPPED_SUFFIXES or not holds(path, needles):
                continue
            seen.add(path)
            package = _package_dir(path)
            if package and package[1] == "loaded":
                _add(plan.deleted, str(package[0]))
            elif package:
                _add(plan.dropped_pending, str(_pipeline_of(package[0])))
            elif path.name == "trace.pickle":
                _add(plan.deleted, str(path))
            elif path.suffix in TEXT_SUFFIXES:
                _add(plan.rewritten, str(path))
            else:
                _add(plan.uncleanable, str(path))
    return plan


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def _pipeline_of(package: Path) -> Path:
    """A pipeline's working directory: the parent of its ``load`` or ``normalize`` directory."""
    return package.parents[2] if package.parent.name in ("loaded", "normalized", "new", "extracted") else package


def apply_files(plan: FilePlan, replacements: dict[str, str | None]) -> None:
    for target in plan.deleted:
        path = Path(target)
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    for working_dir in plan.dropped_pending:
        import dlt

        path = Path(working_dir)
        dlt.attach(pipeline_name=path.name, pipelines_dir=str(path.parent)).drop_pending_packages()
    for target in plan.rewritten:
        path = Path(target)
        path.write_text(replace_text(path.read_text(encoding="utf-8", errors="replace"), replacements), "utf-8")
