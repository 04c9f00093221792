"""WFM queries that may answer with a job: inline payload, a ``downloadUrl``, or 202 + a job to poll.

The adherence-explanation query and the shift-trading evaluate jobs answer one of three ways (SDK v269):
``Complete`` with the payload inline, ``Complete`` with a ``downloadUrl``, or ``Processing`` with a job id
whose route is polled until ``Complete`` (then it carries the ``downloadUrl``). ``job_payload`` turns any
of them into the payload: a job still running at the deadline, or ending ``Error``, fails
(``JobFailed``), and a ``Complete`` answer with neither payload nor URL is malformed: never "no data".
An expired download is asked for again (the POST again, or the job route again, which signs afresh).
"""

from __future__ import annotations

from ..client import GenesysClient, JobFailed


def job_payload(c: GenesysClient, post, *, job_of, job_path, key: str, expect) -> dict:
    """The payload of one asynchronous WFM query.

    ``post()`` makes the query; ``job_of(answer)`` -> (job id, status) of an answer (the POST's and the
    job route's may nest them differently); ``job_path(job_id)`` is the route to poll; ``key`` is where an
    inline payload sits; ``expect`` the keys the payload must carry."""
    answer = post()
    job_id, status = job_of(answer)
    if status in ("Error", "Canceled"):
        raise JobFailed(f"org {c.org.key}: job {job_id} ended {status}")
    if status == "Processing":
        path = job_path(job_id)
        answer = c.wait_for_job(path, state_of=lambda a: job_of(a)[1], first=answer)
        again = lambda: c.get(path)  # noqa: E731  (a fresh URL for an expired one)
    else:
        again = post
    first = [answer]
    return c.result(lambda: first.pop() if first else again(), key, expect=expect)
