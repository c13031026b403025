"""The GeoReport v2 client library from PyPI (`georeport`, pinned in requirements.txt)."""

from georeport import GeoReport  # noqa: F401
