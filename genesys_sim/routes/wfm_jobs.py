"""Asynchronous WFM queries answered 202 with a job id, then polled until ``Complete`` + ``downloadUrl``.

The adherence-explanation query and the shift-trading jobs work this way (SDK v269: "Job details are only
retained if the initial request returned a 202 ACCEPTED response"; "Only the user who started the
operation can query the status"). The result is computed when the job starts (the simulated ``now``)
and parked behind the download service; every poll of a completed job signs a fresh URL, so an expired
URL is cured by polling again. ``Runtime.poll_job`` decides how many polls stay ``Processing``
(``--job-polls``) and the ``job_fail`` / ``job_never_finish`` faults.
"""

from __future__ import annotations

from ..errors import not_found


def start(ctx, kind: str, result) -> str:
    """A new job of ``kind`` whose result is ``result`` (JSON); returns its id."""
    job = ctx.runtime.new_job(ctx.org.key, kind, {"key": ctx.runtime.park(ctx.org.key, result)})
    return job.id


def poll(ctx, kind: str, scope: str | None = None) -> tuple[str, str | None]:
    """(state, a freshly signed downloadUrl once Complete) of the job in the path, which must be a job of
    ``kind`` of the caller's org (and of ``scope``, e.g. its business unit, when given)."""
    job = ctx.runtime.jobs.get(ctx.path_params["jobId"])
    if job is None or job.org_key != ctx.org.key or job.kind != kind or job.payload.get("scope", scope) != scope:
        raise not_found(f"job {ctx.path_params['jobId']}")
    state = ctx.runtime.poll_job(job)
    return state, ctx.signed_url(job.payload["key"]) if state == "Complete" else None


def start_scoped(ctx, kind: str, scope: str, result) -> str:
    """``start`` for a job only readable under ``scope`` (a business unit's job route)."""
    job_id = start(ctx, kind, result)
    ctx.runtime.jobs[job_id].payload["scope"] = scope
    return job_id
