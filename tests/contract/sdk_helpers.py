"""Helpers for driving the simulator through the official Genesys SDK (``PureCloudPlatformClientV2``).

The SDK is the independent client here: it knows the real wire names (``attribute_map``), the real types
(``swagger_types``) and the real enum spellings (its setters store ``"outdated_sdk_version"`` for a value
they do not know). These helpers make those checks explicit:

* ``sdk_client`` builds an ``ApiClient`` for one org with a token fetched over plain HTTP (the SDK's own
  ``get_client_credentials_token`` rewrites ``//api.`` to ``//login.``, which path-prefixed simulator URLs
  cannot follow) and with urllib3's silent retry switched off, so a 429/503 surfaces as ``ApiException``
  instead of being slept on and retried up to 10 times.
* ``outdated`` walks a deserialized model (``to_dict()``) for enum values the SDK did not recognise.
* ``unknown_keys`` walks the raw JSON against the SDK model tree for wire names the SDK does not know
  (a misspelt field would otherwise be dropped silently by the SDK).
* ``enum_mismatches`` walks the raw JSON for enum values not spelt exactly as the SDK lists them (the
  SDK's setters compare case-insensitively, so ``ON_QUEUE`` vs ``OnQueue`` needs this stricter check).
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import re

import urllib3
from PureCloudPlatformClientV2 import ApiClient, models
from PureCloudPlatformClientV2.rest import ApiException

from tests.simproc import token as fetch_token

OUTDATED = "outdated_sdk_version"
PRIMITIVES = {"int", "float", "str", "bool", "date", "datetime", "object", "LocalDateTime", "YearMonth"}


def sdk_client(org: dict, access_token: str | None = None) -> ApiClient:
    """An SDK client for ``org`` that never retries on its own (a 429 is an ApiException at once)."""
    client = ApiClient(host=org["api_base_url"])
    client.access_token = fetch_token(org) if access_token is None else access_token
    disable_retries(client)
    return client


def disable_retries(client: ApiClient) -> None:
    """Swap the SDK's pool manager (``urllib3.util.Retry()``: honours Retry-After on 429/503/413,
    up to 10 times) for one that returns every answer as it comes."""
    rest = client.get_http_client().rest_client
    rest.pool_manager = urllib3.PoolManager(retries=False, num_pools=4, maxsize=4, block=True)


def raw(client: ApiClient):
    """The JSON body of the client's last successful response."""
    return json.loads(client.last_response.data)


def deserialize(client: ApiClient, data, klass: str):
    """Deserialize plain JSON (e.g. a downloadUrl's body) into an SDK model, as the SDK does for answers."""
    return client._ApiClient__deserialize(data, klass)  # the SDK's own (name-mangled) deserializer


def error_body(client: ApiClient, err: ApiException):
    return deserialize(client, json.loads(err.body), "ErrorBody")


def outdated(model) -> list[str]:
    """Paths in a deserialized model whose value is the SDK's unknown-enum marker."""
    tree = model.to_dict() if hasattr(model, "to_dict") else model
    found: list[str] = []

    def walk(value, path: str) -> None:
        if hasattr(value, "to_dict"):
            value = value.to_dict()
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        elif value == OUTDATED:
            found.append(path)

    walk(tree, "$")
    return found


@functools.cache
def enum_values(klass: str, attr: str) -> tuple[str, ...] | None:
    """The ``allowed_values`` an SDK model's setter checks, or None for a free-form attribute."""
    prop = getattr(getattr(models, klass), attr, None)
    if not isinstance(prop, property) or prop.fset is None:
        return None
    found = re.search(r"allowed_values = (\[.*?\])", inspect.getsource(prop.fset), re.S)
    return tuple(ast.literal_eval(found.group(1))) if found else None


def _walk_wire(data, klass: str, visit) -> None:
    """Call ``visit(path, klass, attr_or_None, key, value)`` for every key of every model dict in ``data``."""

    def walk(value, kls: str, path: str) -> None:
        if value is None:
            return
        if kls.startswith("list["):
            inner = re.match(r"list\[(.*)\]$", kls).group(1)
            for i, item in enumerate(value if isinstance(value, list) else []):
                walk(item, inner, f"{path}[{i}]")
            return
        if kls.startswith("dict("):
            inner = re.match(r"dict\(([^,]*), (.*)\)$", kls).group(2)
            for key, item in value.items() if isinstance(value, dict) else []:
                walk(item, inner, f"{path}.{key}")
            return
        if kls in PRIMITIVES or not isinstance(value, dict):
            return
        model = getattr(models, kls)()
        by_wire = {wire: attr for attr, wire in model.attribute_map.items()}
        for key, item in value.items():
            attr = by_wire.get(key)
            visit(f"{path}.{key}", kls, attr, item)
            if attr is not None:
                walk(item, model.swagger_types[attr], f"{path}.{key}")

    walk(data, klass, "$")


def unknown_keys(data, klass: str) -> list[str]:
    """Wire names in ``data`` that the SDK model ``klass`` (recursively) has no attribute for."""
    found: list[str] = []
    _walk_wire(data, klass, lambda path, kls, attr, value: found.append(path) if attr is None else None)
    return found


def enum_mismatches(data, klass: str) -> list[str]:
    """Enum values in ``data`` not spelt exactly as one of the SDK's ``allowed_values``."""
    found: list[str] = []

    def visit(path, kls, attr, value):
        allowed = enum_values(kls, attr) if attr else None
        if allowed is None or value is None:
            return
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item not in allowed:
                found.append(f"{path}={item!r}")

    _walk_wire(data, klass, visit)
    return found


# Wire names the simulator may send that SDK v269 has no attribute for (none today: every answer must
# deserialize without leftovers). Add a pattern here only with the reason, as a known mismatch.
KNOWN_EXTRA: dict[str, str] = {}


def tolerated(path: str) -> bool:
    return any(re.search(pattern, path) for pattern in KNOWN_EXTRA)


def check_model(client: ApiClient, model, klass: str, data=None) -> None:
    """Assert the answer deserialized cleanly: right class, no unknown enum value, no unknown wire name."""
    assert type(model).__name__ == klass, f"expected {klass}, got {type(model).__name__}"
    bad = outdated(model)
    assert not bad, f"{klass}: unknown enum values (SDK stored {OUTDATED!r}) at {bad[:10]}"
    data = raw(client) if data is None else data
    extra = [p for p in unknown_keys(data, klass) if not tolerated(p)]
    assert not extra, f"{klass}: wire names the SDK does not know: {extra[:10]}"
    spelling = enum_mismatches(data, klass)
    assert not spelling, f"{klass}: enum values not spelt as the SDK lists them: {spelling[:10]}"
