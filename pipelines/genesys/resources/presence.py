"""The org's presence definitions (system and secondary presences), active and deactivated.

GET ``/api/v2/presence/definitions`` (SDK v269; the legacy ``/api/v2/presencedefinitions`` says "Apps should
migrate to use GET /api/v2/presence/definitions instead") lists either the active or the deactivated ones
(``deactivated`` is TRUE or FALSE, no "all"), so a complete listing is two calls, with every label
(``localeCode=ALL``). Complete per org: scd2 closes a definition Genesys no longer lists. The analytics
``tOrganizationPresence`` qualifiers are these ids: the break and meal reports join them.
"""

from __future__ import annotations

from ...names import name_key
from ..structure import Extraction

PATH = "/api/v2/presence/definitions"


def definition_row(cols: dict, d: dict) -> dict:
    return {
        **cols,
        "presence_definition_id": d["id"],
        "name": d.get("name"),
        "name_key": name_key(d.get("name")),
        "type": d.get("type"),
        "system_presence": d.get("systemPresence"),
        "division_id": d.get("divisionId"),
        "deactivated": bool(d.get("deactivated")),
        "language_labels": d.get("languageLabels") or {},
    }


def presence_definitions(x: Extraction):
    """Both listings at once (``GenesysClient.each``), the active ones handed on first."""

    def listing(flag: str) -> list[dict]:
        return x.client.get(PATH, expect=("entities",), deactivated=flag, localeCode="ALL")["entities"]

    for found in x.client.each(listing, ("FALSE", "TRUE")):
        yield x.rows(definition_row, found)
