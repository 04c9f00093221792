"""``make dev``: the simulator (demo scenario) plus ``dagster dev`` against it; Ctrl-C stops both."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from genesys_sim.process import start_sim
from pipelines.environment import raw
from scripts.hubenv import configure

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    anchor = raw("WFM_HUB_DEMO_ANCHOR") or datetime.now(UTC).date().isoformat()
    sim = start_sim("demo", anchor)
    try:
        env = configure(sim.orgs, anchor)
        print(f"simulator {sim.base_url} (orgs: {', '.join(o['name'] for o in sim.orgs)})")
        port = os.environ.get("DAGSTER_PORT", "3000")
        print(f"Dagster UI: http://127.0.0.1:{port}  (DAGSTER_HOME={env['DAGSTER_HOME']})", flush=True)
        dagster = Path(sys.executable).with_name("dagster")
        return subprocess.call(
            [str(dagster), "dev", "-w", str(ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", port],
            cwd=ROOT,
            env={**os.environ, **env, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
        )
    except KeyboardInterrupt:
        return 0
    finally:
        sim.stop()


if __name__ == "__main__":
    sys.exit(main())
