"""A refused API call, answered as GeoReport's error list (open311.formats.errors)."""

from __future__ import annotations

from collections.abc import Iterable


class ApiError(Exception):
    """A refused API call: the HTTP status and the GeoReport error descriptions."""

    def __init__(self, status: int, descriptions: str | Iterable[str], headers: dict | None = None):
        self.status = status
        self.descriptions = [descriptions] if isinstance(descriptions, str) else list(descriptions)
        self.headers = headers or {}
        super().__init__("; ".join(self.descriptions))
