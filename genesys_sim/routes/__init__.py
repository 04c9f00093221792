"""Route registry shared by the API-area modules.

Each module declares its endpoints with ``@api(method, path, permission)``; ``app`` mounts them under
every org's prefix and wraps them with auth, rate limits, faults and statistics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from ..errors import ApiError


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    permission: str | None
    handler: Callable
    listing: bool  # a page/list answer: malformed/truncated-page faults apply


ENDPOINTS: list[Endpoint] = []


def api(method: str, path: str, permission: str | None = None, listing: bool = False):
    def register(handler):
        ENDPOINTS.append(Endpoint(method, path, permission, handler, listing))
        return handler

    return register


@dataclass
class Ctx:
    runtime: object
    model: object
    org: object
    path_params: dict
    query: object  # starlette QueryParams (multi-valued)
    body: object
    api_base: str  # the org's API base URL, for nextUri/downloadUrl
    server_base: str
    path: str

    def int_param(self, name: str, default: int, low: int = 1, high: int | None = None) -> int:
        raw = self.query.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ApiError(400, "bad.request", f"{name} must be an integer, got {raw!r}") from None
        if value < low or (high is not None and value > high):
            raise ApiError(400, "bad.request", f"{name} must be between {low} and {high}, got {value}")
        return value

    def flag(self, name: str) -> bool:
        return (self.query.get(name) or "").lower() == "true"

    def download(self, payload) -> str:
        """Park a payload behind a pre-signed URL (no auth needed), as the download service does."""
        return self.signed_url(self.runtime.park(self.org.key, payload))

    def signed_url(self, key: str) -> str:
        """A fresh pre-signed URL for a parked payload: another host name than the API's (``localhost``
        for ``127.0.0.1`` and back, both loopback), ``Expires`` after ``--download-ttl`` seconds."""
        return self.runtime.signed_url(download_host(self.server_base), key)

    def require_body(self) -> dict:
        if not isinstance(self.body, dict):
            raise ApiError(400, "bad.request", "A JSON request body is required")
        return self.body


def download_host(server_base: str) -> str:
    """The download service's base URL: the same loopback server under another host name."""
    if "://127.0.0.1" in server_base:
        return server_base.replace("://127.0.0.1", "://localhost", 1)
    return server_base.replace("://localhost", "://127.0.0.1", 1)


def offset_page(ctx: Ctx, entities: list, default_size: int = 25, max_size: int = 100, render=None) -> dict:
    """Genesys offset paging: 1-based pageNumber, exact total, no nextUri on the last page.

    ``render`` turns the page's items into JSON dicts, so only one page is ever rendered.
    """
    entities = ctx.runtime.vanish(ctx.org.key, ctx.path, entities)
    size = ctx.int_param("pageSize", default_size, 1, max_size)
    number = ctx.int_param("pageNumber", 1, 1)
    total = len(entities)
    count = max(1, -(-total // size))
    keep = [(k, v) for k, v in ctx.query.multi_items() if k not in ("pageSize", "pageNumber")]

    def uri(n: int) -> str:
        return ctx.path + "?" + urlencode([("pageSize", size), ("pageNumber", n), *keep])

    endless = ctx.runtime.faults[ctx.org.key].endless_paging
    if endless:  # a hostile listing: a page count no listing has, a nextUri on every page, the last page again
        count, number = 1_000_000, min(number, count)
    chosen = entities[(number - 1) * size : number * size]
    page = {
        "entities": [render(e) for e in chosen] if render else chosen,
        "pageSize": size,
        "pageNumber": number,
        "total": total,
        "pageCount": count,
        "firstUri": uri(1),
        "selfUri": uri(number),
        "lastUri": uri(count),
    }
    if number < count or endless:
        page["nextUri"] = uri(number + 1)
    if number > 1:
        page["previousUri"] = uri(min(number - 1, count))
    return page
