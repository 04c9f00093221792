"""The simulator's own control plane under ``/_sim`` (not part of the Genesys API; no auth)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..ids import iso_utc, parse_iso
from ..runtime import Faults


def _json(body, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def routes(runtime, org_urls) -> list[Route]:
    model = runtime.model

    async def orgs(request: Request):
        rows = []
        for org in model.orgs.values():
            api_base, login_base = org_urls(request, org.key)
            rows.append(
                {
                    "name": org.spec.name,
                    "org_id": org.org_id,
                    "region": org.spec.region,
                    "api_base_url": api_base,
                    "login_base_url": login_base,
                    "client_id": org.client_id,
                    "client_secret": org.client_secret,
                }
            )
        return _json(rows)

    async def stats(request: Request):
        if request.method == "POST":
            runtime.reset_stats()
        return _json(runtime.stats_json())

    async def faults(request: Request):
        if request.method == "GET":
            return _json({key: asdict(f) for key, f in runtime.faults.items()})
        body = orjson.loads(await request.body() or b"{}")
        keys = [body.pop("org")] if "org" in body else list(runtime.faults)
        unknown = [k for k in keys if k not in runtime.faults]
        if unknown:
            return _json({"message": f"unknown org(s) {unknown}; known: {sorted(runtime.faults)}"}, 400)
        reset = body.pop("reset", False) or body == {}
        for key in keys:
            if reset:
                runtime.faults[key] = Faults()
            try:
                runtime.faults[key].update(body)
            except (ValueError, TypeError) as err:
                return _json({"message": str(err)}, 400)
        return _json({key: asdict(runtime.faults[key]) for key in keys})

    async def republish(request: Request):
        body = orjson.loads(await request.body() or b"{}")
        org_key = body.get("org")
        if org_key not in model.orgs:
            return _json({"message": f"org must be one of {sorted(model.orgs)}"}, 400)
        made = model.republish(org_key, int(body.get("count", 1)))
        return _json(
            [
                {
                    "kind": m.kind,
                    "userId": m.user_id,
                    "businessUnitDate": m.bu_date.isoformat(),
                    "revision": m.revision,
                    "at": iso_utc(m.at),
                }
                for m in made
            ]
        )

    async def clock(request: Request):
        if request.method == "POST":
            body = orjson.loads(await request.body() or b"{}")
            if "now" in body:
                model.now = parse_iso(body["now"])
            model.now += timedelta(minutes=float(body.get("advance_minutes", 0)))
        return _json(
            {
                "now": iso_utc(model.now),
                "anchorDate": model.world.anchor.isoformat(),
                "scenario": model.world.scenario.name,
            }
        )

    async def secrets(request: Request):
        """What must never reach a client's logs, tables or files: every bearer token and download
        signature this simulator issued (tests scan for them; the client secrets are in /_sim/orgs)."""
        return _json({"tokens": sorted(runtime.tokens), "signatures": sorted(runtime.signatures)})

    return [
        Route("/_sim/orgs", orgs),
        Route("/_sim/secrets", secrets),
        Route("/_sim/stats", stats, methods=["GET", "POST"]),
        Route("/_sim/faults", faults, methods=["GET", "POST"]),
        Route("/_sim/republish", republish, methods=["POST"]),
        Route("/_sim/clock", clock, methods=["GET", "POST"]),
    ]
