"""Results JSON -> the generated section of docs/benchmarks.md (between the two markers) and its curve plot."""

from __future__ import annotations

import json
import sys
from pathlib import Path

START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
PLOT = "benchmarks-curve.png"  # beside docs/benchmarks.md


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(f"{v:,}" if isinstance(v, int) else str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _ratio(lp: dict) -> float:
    by = {v["variant"]: v["rows_per_minute"] for v in lp["variants"]}
    return round(by["bench_parquet_arrow"] / by["bench_insert_values_dicts"], 1)


def _steps(run: dict) -> tuple[float, float, float]:
    """Summed per-org seconds in extract (API + pages), normalize and load (load is serialized)."""
    orgs = run["orgs"].values()
    return tuple(round(sum(o["steps"].get(s, 0) for o in orgs), 1) for s in ("extract", "normalize", "load"))


def _run_row(label: str, e2e: dict, run: dict) -> list:
    extract, normalize, load = _steps(run)
    return [
        label,
        e2e["orgs"],
        e2e["days"],
        run["rows"],
        run["wall_s"],
        extract,
        normalize,
        load,
        e2e["dbt_build"]["wall_s"] if run is e2e["full"] else "-",
        run["rows_per_s"],
        run.get("cpu_s", "?"),
        run.get("sim_cpu_s", "?"),
        run["peak_rss_mib"],
        f"{run['requests']:,} / {run['minimum_requests']:,} (+{run['requests_over_minimum_pct']}%)"
        if "minimum_requests" in run
        else f"{run['requests']:,}",
        f"{run['status_429_pct']}%" if "status_429_pct" in run else "-",
        cpu_per_million_rows(run),
        sim_share(run),
    ]


def cpu_per_million_rows(run: dict):
    """Pipeline CPU seconds (extract + normalize + load, the simulator's excluded) per million rows."""
    return round(run["cpu_s"] / run["rows"] * 1e6, 1) if run.get("cpu_s") and run["rows"] else "?"


def sim_share(run: dict):
    """The simulator's share of the CPU both processes used."""
    if not run.get("cpu_s") or run.get("sim_cpu_s") is None:
        return "?"
    return round(run["sim_cpu_s"] / (run["cpu_s"] + run["sim_cpu_s"]), 2)


def render_section(results: dict) -> str:
    m = results["machine"]
    parts = [
        f"Measured {m['date']} on {m['cpus']} CPUs ({m['cpu']}), {m['memory_gib']} GiB RAM; Python {m['python']}, "
        f"dlt {m['dlt']}, DuckDB {m['duckdb']}, dbt-core {m['dbt_core']}, Dagster {m['dagster']}; "
        f"profile `{results['profile']}`."
    ]
    if "load_path" in results:
        lp = results["load_path"]
        parts.append(
            "### Load path (same rows, fresh DuckDB each)\n\n"
            + _table(
                ["variant", "rows", "extract s", "normalize s", "load s", "total s", "rows/min"],
                [
                    [
                        v["variant"],
                        v["rows"],
                        v["extract_s"],
                        v["normalize_s"],
                        v["load_s"],
                        v["total_s"],
                        v["rows_per_minute"],
                    ]
                    for v in lp["variants"]
                ],
            )
            + f"\n\nThe pipeline's path for its large tables (Arrow pages -> parquet, the dict-to-Arrow "
            f"conversion included) vs dlt's default (dict pages -> insert_values): **{_ratio(lp)}x**; "
            f"parquet vs insert_values on the same dict pages: **{lp['parquet_vs_insert_values']}x**; "
            f"Arrow vs dict pages (both parquet): **{lp['arrow_vs_dict_pages']}x**. Peak memory of the stage "
            f"{lp['peak_rss_mib']} MiB (the insert_values variant's SQL statements)."
        )
    for key in ("latency", "latency_wider"):
        if key in results:
            parts.append(_latency_section(results[key]))
    runs = ([("demo", results["demo"])] if "demo" in results else []) + [
        (f"scale {c['orgs']}x{c['days']}d", c) for c in results.get("curve", [])
    ]
    if runs:
        header = [
            "run",
            "orgs",
            "days",
            "rows",
            "wall s",
            "extract s*",
            "normalize s*",
            "load s*",
            "dbt build s",
            "rows/s",
            "CPU s",
            "simulator CPU s",
            "peak MiB",
            "requests / minimum",
            "429s",
            "CPU s / M rows",
            "simulator share of CPU",
        ]
        rows = []
        for label, e2e in runs:
            rows.append(_run_row(label + " full", e2e, e2e["full"]))
            if "nightly" in e2e:
                rows.append(_run_row(label + " nightly", e2e, e2e["nightly"]))
        notes = [
            f"{label}: dbt build peak {e2e['dbt_build']['peak_rss_mib']} MiB; simulator peak "
            f"{e2e['sim_peak_rss_mib']} MiB; warehouse {e2e['warehouse_mib']} MiB"
            + (f"; nightly / full wall = **{e2e['nightly_vs_full']}**" if "nightly" in e2e else "")
            + (
                f"; nightly `dbt build` (incremental facts on the re-read windows) "
                f"{e2e['nightly_dbt_build']['wall_s']} s / full {e2e['dbt_build']['wall_s']} s = "
                f"**{e2e['nightly_dbt_vs_full']}**"
                if "nightly_dbt_build" in e2e
                else ""
            )
            for label, e2e in runs
        ]
        parts.append(
            "### End to end (extract + load, then `dbt build`)\n\n"
            + _table(header, rows)
            + "\n\n\\* summed over orgs (orgs extract in parallel; loads take turns).\n\n"
            + "\n".join(f"- {n}" for n in notes)
        )
    if results.get("curve"):
        parts.append(
            f"### The curve\n\n![the scale curve: wall time, CPU, memory, rows and requests by orgs and days]({PLOT})"
            "\n\nPoints: " + ", ".join(f"{c['orgs']} x {c['days']} days" for c in results["curve"]) + "."
        )
    if "parallel" in results:
        p = results["parallel"]
        latency = f"the {p['profile']} latency profile" if "profile" in p else f"{p.get('latency_ms')} ms per call"
        parts.append(
            f"### Parallel vs serial ({p['orgs']} orgs, {latency})\n\n"
            + _table(
                ["mode", "wall s", "rows", "requests", "429s", "CPU s", "peak MiB"],
                [
                    [
                        mode,
                        p[mode]["wall_s"],
                        p[mode]["rows"],
                        sum(o["requests"] for o in p[mode]["orgs"].values()),
                        p[mode].get("status_429", "?"),
                        p[mode].get("cpu_s", "?"),
                        p[mode]["peak_rss_mib"],
                    ]
                    for mode in ("parallel", "serial")
                ],
            )
            + f"\n\nspeedup: **{p['speedup']}x** (resources: {', '.join(p['resources'])})."
        )
    return "\n\n".join(parts)


def _latency_section(lat: dict) -> str:
    rows = [
        [
            name,
            f"{r['requests_made']:,} / {r['requests']:,}",
            f"{r['status_429_pct']}%",
            f"{r['peak_in_flight']} / {lat['calls_in_flight']}",
            f"{r['chain_s']} ({r['chain'].split(':')[0]})",
            r["sustained_rate_s"],
            r["window_floor_s"],
            r["extract_s"],
            f"**{r['efficiency']}**",
            f"**{r['strict_efficiency']}**",
        ]
        for name, r in lat["runs"].items()
    ]
    chains = "; ".join(f"{name}: {r['chain']}" for name, r in lat["runs"].items())
    return (
        f"### Latency hidden (org `{lat['org']}` of the demo, the {lat['profile']} latency profile, "
        f"{lat['rate_limit']} requests a minute per token, `calls_in_flight` = {lat['calls_in_flight']})\n\n"
        + _table(
            [
                "run",
                "requests / minimum",
                "429s",
                "peak in flight / allowed",
                "longest chain s",
                "requests / rate limit s",
                "60 s window floor s",
                "extract wall s",
                "efficiency",
                "strict efficiency",
            ],
            rows,
        )
        + "\n\nefficiency = max(requests / rate limit, longest chain) / extract wall (the issue's physical minimum); "
        "strict efficiency = max(60 s window floor, longest chain) / extract wall (a sliding window admits a "
        f"burst of the whole limit at once, so its floor is the true lower bound). Longest chains: {chains}."
    )


def render(results: dict, doc: Path) -> None:
    if results.get("curve"):
        from bench.plot import plot_curve

        m = results["machine"]
        plot_curve(
            results["curve"],
            doc.parent / PLOT,
            f"wfm-hub scale curve, profile {results['profile']}, {m['cpus']} CPUs shared with the simulator "
            f"({m['date'][:10]})",
        )
    text = doc.read_text() if doc.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    doc.write_text(f"{head}{START}\n{render_section(results)}\n{END}{tail}")


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results/standard.json")
    render(json.loads(path.read_text()), Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md")
