"""How a client reaches this simulator: an orgs file and the secrets, in wfm-hub's conventions.

The simulator's ``/_sim/orgs`` answer becomes a ``config/orgs.toml``-style file whose orgs point at
the simulator through ``api_base_url``/``login_base_url``, plus the environment variables that dlt
reads the OAuth clients from. Used by ``make demo``, ``make dev``, the tests and the benchmarks.
"""

from __future__ import annotations

from pathlib import Path


def orgs_toml(sim_orgs: list[dict], extract: dict | None = None) -> str:
    # without ``extract`` the client's own defaults apply (wfm-hub: pipelines/config.py ExtractSettings)
    lines = (
        []
        if extract is None
        else ["[extract]\n" + "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in extract.items())]
    )
    for org in sim_orgs:
        key = org["api_base_url"].rstrip("/").rsplit("/", 1)[-1]
        lines.append(
            f'[[orgs]]\nkey = "{key}"\nname = "{org["name"]}"\nregion = "{org["region"]}"\n'
            f'api_base_url = "{org["api_base_url"]}"\nlogin_base_url = "{org["login_base_url"]}"\n'
        )
    return "\n".join(lines)


def secret_env(sim_orgs: list[dict]) -> dict[str, str]:
    env = {}
    for org in sim_orgs:
        key = org["api_base_url"].rstrip("/").rsplit("/", 1)[-1].upper()
        env[f"SOURCES__GENESYS__ORGS__{key}__CLIENT_ID"] = org["client_id"]
        env[f"SOURCES__GENESYS__ORGS__{key}__CLIENT_SECRET"] = org["client_secret"]
    return env


def write_orgs_file(sim_orgs: list[dict], path: str | Path, extract: dict | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(orgs_toml(sim_orgs, extract))
    return path
