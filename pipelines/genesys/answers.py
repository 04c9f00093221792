"""Pure checks on what Genesys answers: lenient decoding, required keys, paging, download URLs, redaction.

These are the rules that make "success" mean success: an answer is data only when it carries every key
the resource reads (``missing``), offset paging is believed only when its fields agree (``Paging``), a
record whose text cannot be decoded is repaired and named, never allowed to fail its whole page
(``decode``), and a signed URL never reaches a message (``redact``).
"""

from __future__ import annotations

import ipaddress
import json
import math
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx
import orjson

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


# ----------------------------------------------------------------------------------------- decoding
def decode(content: bytes) -> tuple[object, list[str]]:
    """JSON -> (value, warnings). Invalid UTF-8 bytes and unpaired surrogate escapes (``"Ann\\ud83d"``)
    become U+FFFD and each repaired record is named in a warning; a body that is not JSON at all raises
    ``ValueError`` (the caller re-requests it)."""
    try:
        return orjson.loads(content), []
    except orjson.JSONDecodeError:
        pass
    value = json.loads(content.decode("utf-8", errors="replace"))
    warnings: list[str] = []
    return _repair(value, None, warnings), warnings


def _repair(value, owner, warnings: list[str]):
    if isinstance(value, str):
        clean = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        if clean != value or "\ufffd" in value:
            warnings.append(f"record {owner or '(no id)'}: undecodable text replaced by U+FFFD")
        return clean
    if isinstance(value, list):
        return [_repair(item, owner, warnings) for item in value]
    if isinstance(value, dict):
        here = value.get("id") if isinstance(value.get("id"), str) else owner
        return {key: _repair(item, here, warnings) for key, item in value.items()}
    return value


# ------------------------------------------------------------------------------------ required keys
def missing(answer: object, expect) -> str | None:
    """What ``answer`` lacks of ``expect``, or None when it has it all.

    ``expect``: dotted key paths that must be present and not null (``"entities"``,
    ``"settings.timeZone"``), or a callable ``answer -> problem or None`` for answers with alternatives.
    """
    if expect is None:
        return None
    if not isinstance(answer, dict):
        return f"the answer is a {type(answer).__name__}, not an object"
    if callable(expect):
        return expect(answer)
    for path in expect:
        node = answer
        for key in path.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            return f"the answer has no {path!r}"
    return None


# ------------------------------------------------------------------------------------------ paging
class PagingError(ValueError):
    """Offset paging whose fields disagree, loop, or never end."""


class Paging:
    """Cross-checks one offset-paged listing: ``total``, ``pageCount``, ``nextUri`` and empty pages.

    ``accept(page)`` returns the records not seen before and whether another page should be read.
    When the first page gives ``total``, it decides completeness: the listing is complete once
    ``total`` distinct records are read, and one that stops short of it (no ``nextUri``, ``pageCount``
    reached, an empty page, or only repeated records) is an error, never a shorter success. Without a
    ``total``, ``nextUri`` or ``pageCount`` says whether more pages exist, an empty page ends the
    listing, and a page of repeats is a loop. Either way at most ``bound()`` pages are read.
    """

    def __init__(self, page_size: int, max_pages: int):
        self.page_size, self.max_pages = page_size, max_pages
        self.number, self.read, self.total = 0, 0, None
        self.seen: set = set()

    def accept(self, page: dict) -> tuple[list, bool]:
        self.number += 1
        entities = page.get("entities") or []
        if self.number == 1 and isinstance(page.get("total"), int):
            self.total = page["total"]
        fresh = []
        for entity in entities:
            key = entity.get("id") if isinstance(entity, dict) else None
            if key is None or key not in self.seen:
                fresh.append(entity)
                if key is not None:
                    self.seen.add(key)
        self.read += len(fresh)
        page_count = page.get("pageCount") if isinstance(page.get("pageCount"), int) else None
        more = bool(page.get("nextUri")) or (page_count or 0) > self.number
        if self.total is not None:
            if self.read >= self.total:
                return fresh, False
            if not fresh or not more:
                why = "its last page" if fresh else "a page of repeated records" if entities else "an empty page"
                raise PagingError(
                    f"the listing ended with {why} ({self.number}) after {self.read} of its {self.total} records"
                )
        elif not entities:
            return fresh, False
        elif not fresh:
            raise PagingError(f"page {self.number} only repeats records of earlier pages (a paging loop)")
        elif not more:
            return fresh, False
        if self.number >= self.bound():
            raise PagingError(
                f"still more pages after {self.number} (pageCount {page_count}, total {self.total}, "
                f"nextUri {'present' if page.get('nextUri') else 'absent'}): stopped at the bound of {self.bound()}"
            )
        return fresh, True

    def bound(self) -> int:
        """Pages a listing may take: what ``total`` needs plus one (records added meanwhile), else max_pages."""
        if self.total is not None:
            return min(self.max_pages, math.ceil(self.total / self.page_size) + 1)
        return self.max_pages


# -------------------------------------------------------------------------------- URLs and redaction
def redact(url: str) -> str:
    """A URL fit for messages and tables: scheme, host and path only (a signed query is a credential)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    try:
        netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    except ValueError:
        netloc = parts.hostname or ""
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def download_problem(url: object, api_base_url: str) -> str | None:
    """Why a download URL must not be fetched, or None. Real pre-signed URLs are https on the default
    port; plain http is accepted only on loopback, and only when the org itself is the local simulator."""
    if not isinstance(url, str) or not url:
        return "the download URL is missing"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "the download URL is not a URL"
    if not parts.hostname:
        return "the download URL has no host"
    if parts.scheme == "https" and port in (None, 443):
        return None
    if parts.scheme in ("http", "https") and is_loopback(url) and is_loopback(api_base_url):
        return None  # the simulator (tests, demo): its download host is another loopback name and port
    return f"the download URL {redact(url)} is not https on the default port; refused"


# Answers as the client reads them (moved from client.py: the client sends, these read).
@dataclass
class Answer:
    status: int
    headers: httpx.Headers
    content: bytes

    @property
    def status_code(self) -> int:  # the name httpx.Response uses
        return self.status


def error_text(answer) -> str:
    """``code: message`` of a Genesys ErrorBody (at most 200 characters of anything else)."""
    try:
        body = orjson.loads(answer.content)
        return f"{body.get('code', '')}: {body.get('message', '')}".strip(": ")
    except (orjson.JSONDecodeError, AttributeError):
        return answer.content[:200].decode("utf-8", "replace")


def missing_permission(answer) -> str:
    try:
        body = orjson.loads(answer.content)
    except orjson.JSONDecodeError:
        return "unknown permission"
    permissions = (body.get("messageParams") or {}).get("permissions")
    if permissions:
        return permissions.strip("[]")
    message = body.get("message", "")
    return message.split("[", 1)[-1].rstrip("]") if "[" in message else message or "unknown permission"


def storage_code(answer: Answer) -> str:
    """The error code of a storage service's refusal (``<Code>AccessDenied</Code>``), never its body."""
    text = answer.content[:2000].decode("utf-8", "replace")
    if "<Code>" in text and "</Code>" in text:
        return text.split("<Code>", 1)[1].split("</Code>", 1)[0][:40]
    return ""


def retry_after_seconds(response: httpx.Response) -> float:
    """Seconds to wait from a 429's Retry-After (delta seconds; 1 s when absent or unreadable)."""
    try:
        return max(0.0, float(response.headers.get("Retry-After", "1")))
    except ValueError:
        return 1.0
