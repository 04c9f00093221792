"""Short-term forecast import: upload URL, the pre-signed upload itself, and the import with its validation.

The flow is the platform's (SDK ``post_workforcemanagement_businessunit_week_shorttermforecasts_import_uploadurl``
and ``..._import``):

1. POST ``.../weeks/{weekDateId}/shorttermforecasts/import/uploadurl`` ``UploadUrlRequestBody
   {contentLengthBytes}`` -> ``ImportForecastUploadResponse {uploadKey, url, headers}``;
2. PUT the gzipped JSON (``BuImportShortTermForecastSchema``) to ``url`` with ``headers`` and no bearer token,
   as to a pre-signed storage URL (exactly ``contentLengthBytes`` bytes);
3. POST ``.../shorttermforecasts/import`` ``WfmProcessUploadRequest {uploadKey}`` -> 202
   ``ImportForecastResponse {status: Processing, operationId}``.

The imported forecast is a new forecast (``creationMethod`` ``Import``) of that business-unit week: listed by
GET ``.../shorttermforecasts`` and served by ``/{id}``, ``/{id}/data`` and ``/{id}/planninggroups`` (see
``wfm_forecasts``). A file that would not import (not gzipped JSON, arrays not ``672 * weekCount`` long,
unknown planning groups, a week date that is not the business unit's week start) is refused with a 400
naming the problem, before anything is created.
"""

from __future__ import annotations

import gzip
import math
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import orjson
from starlette.requests import Request
from starlette.responses import Response

from .. import render
from ..errors import ApiError
from ..ids import iso_utc
from ..model import volume
from . import api
from .wfm_schedules import parse_week
from .wfm_units import WFM, find_bu

FC_WEEK = f"{WFM}/businessunits/{{businessUnitId}}/weeks/{{weekDateId}}/shorttermforecasts"
INTERVALS_PER_WEEK = 672  # 15-minute intervals (the SDK: "per 15 minute interval for this week")
MAX_WEEKS = 6  # an imported short-term forecast covers at most six weeks
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_HEADERS = {"Content-Type": "application/json", "Content-Encoding": "gzip"}


@dataclass
class Upload:
    key: str
    org_key: str
    bu_id: str
    week: date
    length: int
    content: bytes | None = None
    used: bool = False


@dataclass
class ImportedForecast:
    id: str
    org_key: str
    bu_id: str
    week: date
    week_count: int
    description: str
    can_use_for_scheduling: bool
    planning_groups: list[dict]  # ForecastPlanningGroupData as uploaded
    created: datetime
    long_term: list[dict] = field(default_factory=list)


# ---------------------------------------------------------------------------------------- reading side
def imported_in(ctx, bu, weeks: list[date] | None) -> list[ImportedForecast]:
    """Imported forecasts of a business unit spanning one of the given weeks (``None``: the ``recent`` range)."""
    found = [f for f in ctx.runtime.imported_forecasts.values() if f.org_key == ctx.org.key and f.bu_id == bu.id]
    if weeks is None:
        today = ctx.model.now.date()
        return [f for f in found if abs((f.week - today).days) <= 26 * 7]
    return [f for f in found if any(f.week <= w < f.week + timedelta(weeks=f.week_count) for w in weeks)]


def find_imported(ctx, bu, forecast_id: str) -> ImportedForecast | None:
    found = ctx.runtime.imported_forecasts.get(forecast_id)
    if found is None or found.org_key != ctx.org.key or found.bu_id != bu.id:
        return None
    return found


def reference_start(bu, fc: ImportedForecast) -> datetime:
    return volume.week_reference_start(fc.week, bu.tz)


def list_item(bu, fc: ImportedForecast) -> dict:
    return {
        "id": fc.id,
        "weekDate": fc.week.isoformat(),
        "weekCount": fc.week_count,
        "creationMethod": "Import",
        "description": fc.description,
        "legacy": False,
        "canUseForScheduling": fc.can_use_for_scheduling,
        "metadata": render.wfm_metadata(1, fc.created),
        "selfUri": f"{render.bu_uri(bu)}/weeks/{fc.week.isoformat()}/shorttermforecasts/{fc.id}",
    }


def data(bu, fc: ImportedForecast, week_number: int) -> dict:
    """Week ``week_number`` (1-based, as ``/data`` takes it) of an imported forecast."""
    lo, hi = (week_number - 1) * INTERVALS_PER_WEEK, week_number * INTERVALS_PER_WEEK
    groups = [
        {
            "planningGroupId": g["planningGroupId"],
            "offeredPerInterval": g["offeredPerInterval"][lo:hi],
            "averageHandleTimeSecondsPerInterval": g["averageHandleTimeSecondsPerInterval"][lo:hi],
        }
        for g in fc.planning_groups
    ]
    return {
        "referenceStartDate": iso_utc(reference_start(bu, fc)),
        "weekNumber": week_number,
        "weekCount": fc.week_count,
        "planningGroups": groups,
    }


# ------------------------------------------------------------------------------------------ the flow
@api("POST", f"{FC_WEEK}/import/uploadurl", "wfm:shortTermForecast:add")
def import_upload_url(ctx):
    bu = find_bu(ctx)
    week = parse_week(ctx, bu, ctx.path_params["weekDateId"])
    length = ctx.require_body().get("contentLengthBytes")
    if isinstance(length, bool) or not isinstance(length, int) or not 0 < length <= MAX_UPLOAD_BYTES:
        raise ApiError(
            400,
            "bad.request",
            f"contentLengthBytes must be a whole number of bytes between 1 and {MAX_UPLOAD_BYTES}, got {length!r}",
        )
    key = ctx.runtime.next_id(ctx.org.key, "forecast-upload")
    ctx.runtime.uploads[key] = Upload(key, ctx.org.key, bu.id, week, length)
    return {"uploadKey": key, "url": f"{ctx.server_base}/_uploads/{key}", "headers": dict(UPLOAD_HEADERS)}


@api("POST", f"{FC_WEEK}/import", "wfm:shortTermForecast:add")
def import_forecast(ctx):
    bu = find_bu(ctx)
    week = parse_week(ctx, bu, ctx.path_params["weekDateId"])
    key = ctx.require_body().get("uploadKey")
    upload = ctx.runtime.uploads.get(key) if isinstance(key, str) else None
    if upload is None or upload.org_key != ctx.org.key:
        raise ApiError(400, "bad.request", f"uploadKey {key!r} is unknown: request one from .../import/uploadurl")
    if upload.bu_id != bu.id or upload.week != week:
        raise ApiError(
            400,
            "bad.request",
            f"uploadKey {key} was issued for business unit {upload.bu_id}, week "
            f"{upload.week.isoformat()}, not for {bu.id}, week {week.isoformat()}",
        )
    if upload.used:
        raise ApiError(400, "bad.request", f"uploadKey {key} has already been imported")
    if upload.content is None:
        raise ApiError(400, "bad.request", f"nothing was uploaded to the url of uploadKey {key}")
    fc = _validated(ctx, bu, week, _decoded(upload.content))
    upload.used = True
    ctx.runtime.imported_forecasts[fc.id] = fc
    return 202, {"status": "Processing", "operationId": ctx.runtime.next_id(ctx.org.key, "operation"), "result": None}


def make_upload_endpoint(runtime):
    """PUT ``/_uploads/{key}``: the pre-signed upload URL (no bearer token, like a storage URL)."""

    async def upload(request: Request) -> Response:
        entry = runtime.uploads.get(request.path_params["key"])
        if entry is None:
            return _storage_error(404, "NoSuchUpload", "The upload key is unknown or has expired.")
        content = await request.body()
        if len(content) != entry.length:
            return _storage_error(
                400,
                "IncompleteBody",
                f"The body has {len(content)} bytes; the upload URL was issued for contentLengthBytes {entry.length}.",
            )
        with runtime.lock:
            entry.content = content
            runtime.stats[entry.org_key].by_endpoint["PUT /_uploads/{key}"] += 1
        return Response(b"", status_code=200)

    return upload


def _storage_error(status: int, code: str, message: str) -> Response:
    body = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()
    return Response(body, status_code=status, media_type="application/xml")


# -------------------------------------------------------------------------------------- validation
def _decoded(content: bytes) -> dict:
    try:
        doc = orjson.loads(gzip.decompress(content))
    except (OSError, EOFError, zlib.error):
        raise ApiError(400, "bad.request", "The uploaded file is not gzip-compressed") from None
    except orjson.JSONDecodeError:
        raise ApiError(400, "bad.request", "The uploaded file is not valid JSON once decompressed") from None
    if not isinstance(doc, dict):
        raise ApiError(
            400, "bad.request", "The uploaded file must hold one JSON object (BuImportShortTermForecastSchema)"
        )
    return doc


def _numbers(values, length: int, where: str) -> list[float]:
    if not isinstance(values, list) or len(values) != length:
        got = len(values) if isinstance(values, list) else type(values).__name__
        raise ApiError(
            400,
            "bad.request",
            f"{where} must have {length} values (672 15-minute intervals per week x weekCount), got {got}",
        )
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
            raise ApiError(400, "bad.request", f"{where}[{i}] must be a non-negative number, got {v!r}")
    return [float(v) for v in values]


def _validated(ctx, bu, week: date, doc: dict) -> ImportedForecast:
    weeks = doc.get("weekCount", 1)
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise ApiError(400, "bad.request", f"weekCount must be between 1 and {MAX_WEEKS}, got {weeks!r}")
    known = {pg.id for pg in bu.planning_groups}
    groups, seen = doc.get("planningGroups"), set()
    if not isinstance(groups, list) or not groups:
        raise ApiError(400, "bad.request", "planningGroups must list at least one planning group")
    clean = []
    for n, group in enumerate(groups):
        where = f"planningGroups[{n}]"
        pg_id = group.get("planningGroupId") if isinstance(group, dict) else None
        if pg_id not in known:
            raise ApiError(
                400,
                "bad.request",
                f"{where}.planningGroupId {pg_id!r} is not a planning group of business unit {bu.id} ({bu.spec.name})",
            )
        if pg_id in seen:
            raise ApiError(400, "bad.request", f"{where}.planningGroupId {pg_id} appears twice")
        seen.add(pg_id)
        length = INTERVALS_PER_WEEK * weeks
        clean.append(
            {
                "planningGroupId": pg_id,
                "offeredPerInterval": _numbers(group.get("offeredPerInterval"), length, f"{where}.offeredPerInterval"),
                "averageHandleTimeSecondsPerInterval": _numbers(
                    group.get("averageHandleTimeSecondsPerInterval"),
                    length,
                    f"{where}.averageHandleTimeSecondsPerInterval",
                ),
            }
        )
    long_term = doc.get("longTermPlanningGroups") or []
    for n, group in enumerate(long_term if isinstance(long_term, list) else [None]):
        if not isinstance(group, dict) or group.get("planningGroupId") not in known:
            raise ApiError(
                400, "bad.request", f"longTermPlanningGroups[{n}] must name a planning group of business unit {bu.id}"
            )
    description = doc.get("description") or f"Imported forecast {week.isoformat()}"
    scheduling = doc.get("canUseForScheduling", True)
    if not isinstance(description, str) or not isinstance(scheduling, bool):
        raise ApiError(400, "bad.request", "description must be a string and canUseForScheduling a boolean")
    return ImportedForecast(
        ctx.runtime.next_id(ctx.org.key, "imported-forecast"),
        ctx.org.key,
        bu.id,
        week,
        weeks,
        description,
        scheduling,
        clean,
        ctx.model.now,
        long_term,
    )
