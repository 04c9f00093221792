"""doctor's rows and how they print: one table of every check, then each problem with its fix."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Check:
    """One row: ``status`` is ok, WARN (works, but look), FAIL (not ready) or - (not checked, because an
    earlier check failed); ``fix`` says what to do about a WARN or a FAIL; ``figures`` the numbers
    behind the detail (the estimate's requests, per resource, and minutes)."""

    org: str
    name: str
    status: str
    detail: str
    fix: str = ""
    figures: dict = field(default_factory=dict)


def ready(rows: list[Check], org: str) -> bool:
    return not any(r.status in ("FAIL", "-") for r in rows if r.org == org)


def render(rows: list[Check], orgs: list[str]) -> str:
    """The table, the problems (FAIL, then WARN) with their fixes, and which orgs are ready."""
    head = ("org", "check", "result", "detail")
    widths = [max([len(head[i])] + [len((r.org, r.name, r.status)[i]) for r in rows]) for i in range(3)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths + [0], strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths + [6]))
    lines += [f"{r.org:<{widths[0]}}  {r.name:<{widths[1]}}  {r.status:<{widths[2]}}  {r.detail}" for r in rows]
    for status, title in (("FAIL", "Problems"), ("WARN", "Warnings")):
        found = [r for r in rows if r.status == status and r.fix]
        if found:
            lines += ["", f"{title} ({len(found)}):"]
            lines += [f"  {r.org} {r.name}: {r.detail}\n    fix: {r.fix}" for r in found]
    good = [o for o in orgs if ready(rows, o)]
    bad = [o for o in orgs if o not in good]
    lines += ["", f"Ready: {', '.join(good) or 'none'}." + (f" Not ready: {', '.join(bad)}." if bad else "")]
    return "\n".join(lines)
