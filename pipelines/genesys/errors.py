"""The typed failures of talking to Genesys Cloud, and whether a later run can cure them.

Every message names the org, the method and the path (never a token, a secret or a signed URL's query
string: see ``answers.redact``). ``retryable`` tells the orchestrator whether trying again later can
help: a refused client secret or a missing permission will not cure itself; a result that is not ready
yet, a refused (expired) download or a run past its deadline will.
"""

from __future__ import annotations


class GenesysError(RuntimeError):
    """A request failed for good in this run; the message says which page and why."""

    retryable = True


class PermissionDenied(GenesysError):
    """403 from the API: the OAuth client's role lacks ``permission`` (the resource is skipped)."""

    retryable = False

    def __init__(self, permission: str, path: str):
        super().__init__(f"403 missing permission {permission} for {path}")
        self.permission = permission


class AuthFailed(GenesysError):
    """The OAuth client was refused (wrong client id or secret): the org is skipped until fixed."""

    retryable = False


class JobFailed(GenesysError):
    """An asynchronous job ended in Error/Canceled, or did not finish before its deadline."""


class NotReady(GenesysError):
    """An asynchronous result has not arrived yet (``Processing``): never "no data"; try again later."""


class MalformedAnswer(GenesysError):
    """An answer that kept lacking what the resource reads (empty body, a redirect, missing keys,
    inconsistent paging, too large) after every retry."""


class DownloadRefused(GenesysError):
    """A pre-signed download URL was refused (expired: 403/404) even after asking for fresh URLs."""


class RunDeadline(GenesysError):
    """The run passed ``extract.run_deadline_seconds``: it stops instead of holding the nightly open."""


class AmbiguousWrite(GenesysError):
    """A write may or may not have been executed (timeout, transport error, 5xx, garbled answer)."""


class Stopped(GenesysError):
    """The org's run stopped because another of its resources failed: calls still waiting give up at once
    (the resources run in parallel threads). Never the cause reported: the first failure is."""
