"""The scale curve as an image: docs/benchmarks-curve.png, linked from docs/benchmarks.md.

One panel per figure the curve measures (wall time, CPU of the pipeline and of the simulator, peak
memory, rows and requests) against the number of orgs, one line per window length (7 and 31 days);
points not measured in the profile that wrote the results are simply absent.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

PANELS = (
    ("wall s (extract + load)", lambda c: c["full"]["wall_s"]),
    ("pipeline CPU s", lambda c: c["full"].get("cpu_s")),
    ("simulator CPU s", lambda c: c["full"].get("sim_cpu_s")),
    ("peak memory MiB (one process)", lambda c: c["full"]["peak_rss_mib"]),
    ("rows (millions)", lambda c: c["full"]["rows"] / 1e6),
    ("requests", lambda c: c["full"]["requests"]),
)


def plot_curve(curve: list[dict], path: Path, title: str) -> Path:
    """Write the curve's panels to ``path`` (PNG) and return it."""
    fig, axes = plt.subplots(2, 3, figsize=(13, 7))
    for ax, (label, value) in zip(axes.flat, PANELS, strict=True):
        for days in sorted({c["days"] for c in curve}):
            points = sorted((c["orgs"], value(c)) for c in curve if c["days"] == days and value(c) is not None)
            if points:
                ax.plot(*zip(*points, strict=True), marker="o", label=f"{days} days")
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("orgs of 5,000 agents")
        ax.set_xticks([1, 2, 5, 10])
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
