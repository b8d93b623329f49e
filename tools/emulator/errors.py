"""API failures: :class:`ApiError` (HTTP status plus Cloudflare error entries) and the common ones."""

from __future__ import annotations

from typing import Dict, List, Optional


class ApiError(Exception):
    """An API failure: HTTP status plus Cloudflare error entries."""

    def __init__(self, status: int, code: int, message: str, details: Optional[List[str]] = None,
                 headers: Optional[Dict[str, str]] = None, messages: Optional[List[dict]] = None):
        super().__init__(message)
        self.status = status
        self.errors = [{"code": code, "message": message}]
        for d in details or ():
            self.errors.append({"code": code, "message": d})
        self.headers = headers or {}
        self.messages = messages or []


def invalid(message: str) -> ApiError:
    """400 / 1002 ``<message>: validation failed``."""
    return ApiError(400, 1002, f"{message}: validation failed")


def not_unique(detail: str) -> ApiError:
    return ApiError(400, 1003, "value not unique", [detail])


def not_found(kind: str) -> ApiError:
    return ApiError(404, 1001, f"{kind} not found")


def referenced(users: List[str]) -> ApiError:
    """412 / 1005: a delete refused while other objects use the object; ``users`` are the details
    (``referenced by pool "eu" (id ...)``)."""
    return ApiError(412, 1005, "This object is referenced by other objects, delete them first.", users)
