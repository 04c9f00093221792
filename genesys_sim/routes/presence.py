"""Presence definitions: GET /api/v2/presence/definitions (the legacy /api/v2/presencedefinitions is superseded).

SDK v269: query ``deactivated`` ("TRUE or FALSE", default FALSE: a listing holds active or deactivated ones,
never both, so a complete read takes two calls), ``divisionId``, ``localeCode`` ("Use ALL to fetch
everything": every label; one locale: that label; none: en_US). Answer
``OrganizationPresenceDefinitionEntityListing {total, entities, selfUri}``, unpaged. Permission
``presence:presenceDefinition:view`` (SDK docs: "View permission enforcement only applies to presence
definitions assigned to a division"; here every call requires it).
"""

from __future__ import annotations

from .. import render
from ..errors import ApiError
from ..model.presence import definitions
from . import api

PATH = "/api/v2/presence/definitions"


def definition_json(org, d, locale: str | None) -> dict:
    labels = d.labels if locale == "ALL" else {k: v for k, v in d.labels.items() if k == (locale or "en_US")}
    body = {
        "id": d.id,
        "name": d.name,
        "type": d.type,
        "languageLabels": labels,
        "systemPresence": d.system_presence,
        "deactivated": d.deactivated,
        "selfUri": f"{PATH}/{d.id}",
    }
    if d.type == "User":
        body["divisionId"] = render.division(org)["id"]
    return body


@api("GET", PATH, "presence:presenceDefinition:view")
def presence_definitions(ctx):
    flag = (ctx.query.get("deactivated") or "FALSE").upper()
    if flag not in ("TRUE", "FALSE"):
        raise ApiError(400, "bad.request", f"deactivated must be TRUE or FALSE, got {ctx.query.get('deactivated')!r}")
    divisions = set(ctx.query.getlist("divisionId"))
    home = render.division(ctx.org)["id"]
    entities = [
        definition_json(ctx.org, d, ctx.query.get("localeCode"))
        for d in definitions(ctx.model.seed, ctx.org)
        if d.deactivated == (flag == "TRUE") and (not divisions or (d.type == "User" and home in divisions))
    ]
    return {"total": len(entities), "entities": entities, "selfUri": ctx.path}
