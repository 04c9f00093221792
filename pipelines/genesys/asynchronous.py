"""Answers that arrive later: a WFM answer inline or behind a ``downloadUrl``, and jobs polled until done.

A mixin of ``GenesysClient`` (it calls the client's ``download``, ``get``, ``counters`` and ``_sleep``):
kept apart so the HTTP module stays the rules of one exchange. "Not ready", "failed" and "complete
without its data" are each an error of their own here, never "no data".
"""

from __future__ import annotations

import random
import time

from .answers import missing
from .errors import DownloadRefused, JobFailed, MalformedAnswer, NotReady

# a refused (expired) pre-signed download is asked for again, with fresh URLs, this many times; then DownloadRefused
DOWNLOAD_REFRESHES = 2


class AsyncAnswers:
    def result(self, request, key: str | None, *, expect=None, refreshes: int = DOWNLOAD_REFRESHES):
        """The payload of a WFM answer that comes inline or behind a ``downloadUrl`` (same schema).

        ``key``: where the inline payload sits (``"result"``), or None when the answer itself is the
        payload (listings: ``{entities, downloadUrl}``); ``expect`` is checked on the payload either way.
        ``request()`` makes (or repeats) the call; when a download is refused (a pre-signed URL expired)
        it is called again for a fresh URL, up to ``refreshes`` times, then ``DownloadRefused``. An answer
        still ``Processing`` is ``NotReady``, an ``Error``/``Canceled`` one ``JobFailed``, and a
        ``Complete`` one with neither payload nor URL is malformed: never "no data".
        """
        for attempt in range(refreshes + 1):
            answer = request()
            status = answer.get("status")
            if status in ("Error", "Canceled"):
                raise JobFailed(f"org {self.org.key}: the operation {answer.get('operationId')} ended {status}")
            if answer.get("downloadUrl"):
                try:
                    return self.download(answer["downloadUrl"], expect=expect)
                except DownloadRefused:
                    if attempt == refreshes:
                        raise
                    self.counters.add("retries")  # asking again for a fresh URL
                    continue
            if status not in (None, "Complete"):
                raise NotReady(
                    f"org {self.org.key}: operation {answer.get('operationId')} is still {status}: no result yet"
                )
            payload = answer if key is None else answer.get(key)
            problem = "no payload" if payload is None else missing(payload, expect)
            if problem:
                raise MalformedAnswer(f"org {self.org.key}: an answer without its data and no downloadUrl: {problem}")
            return payload
        raise AssertionError("unreachable")

    def read_refreshing(self, read, ask, first: dict | None = None, refreshes: int = DOWNLOAD_REFRESHES):
        """``read(answer)`` of ``first`` (or of ``ask()``); when a download it makes is refused (expired
        pre-signed URLs), ``ask()`` again for fresh ones, up to ``refreshes`` times, then ``DownloadRefused``."""
        answer = ask() if first is None else first
        for attempt in range(refreshes + 1):
            try:
                return read(answer)
            except DownloadRefused:
                if attempt == refreshes:
                    raise
                self.counters.add("retries")  # asking again for fresh URLs
                answer = ask()
        raise AssertionError("unreachable")

    def wait_for_job(self, path: str, *, state_of, first: dict | None = None) -> dict:
        """Poll an async job with jittered backoff until it completes or the deadline passes.
        ``first``: the answer that started the job (used as is when it is already complete)."""
        deadline = time.monotonic() + self.settings.job_deadline_seconds
        delay = 0.2
        answer = first
        while True:
            if answer is None:
                answer = self.get(path)
            state = state_of(answer)
            if state in ("Complete", "FULFILLED"):
                return answer
            if state in ("Error", "FAILED", "CANCELLED", "Canceled", "EXPIRED"):
                raise JobFailed(f"org {self.org.key}: job {path} ended in state {state}")
            if time.monotonic() + delay > deadline:
                raise JobFailed(
                    f"org {self.org.key}: job {path} still {state} after "
                    f"{self.settings.job_deadline_seconds:.0f} s (deadline)"
                )
            self._sleep(delay * random.uniform(0.8, 1.2))
            delay = min(delay * 2, 10.0)
            answer = None
