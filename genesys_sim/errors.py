"""The API's ErrorBody, as every Genesys Cloud error answers."""

from __future__ import annotations

import uuid


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        params: dict | None = None,
        template: str | None = None,
        headers: dict | None = None,
    ):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.params, self.template, self.headers = params or {}, template, headers or {}

    def body(self) -> dict:
        return error_body(self.status, self.code, self.message, params=self.params, template=self.template)


def error_body(
    status: int, code: str, message: str, *, params: dict | None = None, template: str | None = None
) -> dict:
    return {
        "message": message,
        "code": code,
        "status": status,
        "messageWithParams": template or message,
        "messageParams": params or {},
        "contextId": str(uuid.uuid4()),
        "details": [],
        "errors": [],
    }


def missing_permission(permission: str | tuple[str, ...]) -> ApiError:
    """403 naming the permission (every one of an ANY list: how Genesys words that case is NOT CONFIRMED)."""
    named = permission if isinstance(permission, str) else ", ".join(permission)
    return ApiError(
        403,
        "missing.permissions",
        f"You are missing the following permission(s): [{named}]",
        params={"permissions": f"[{named}]"},
        template="You are missing the following permission(s): {permissions}",
    )


def not_found(what: str) -> ApiError:
    return ApiError(404, "not.found", f"The requested {what} was not found.")
