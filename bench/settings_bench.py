"""Settings for bench/public.py's server: the product's settings, plus the floor
view's URL and template, persistent database connections, and a look-up
budget the load generator cannot exhaust. Not a benchmark (`make bench` runs
every bench/*.py, so run directly this does nothing)."""

if __name__ == "__main__":
    raise SystemExit(0)

from pathlib import Path

from dialogue.settings import *  # noqa: F403
from dialogue.settings import DATABASES, TEMPLATES

ROOT_URLCONF = "floor_urls"
DEBUG = False
# Persistent connections in every worker, as in production.
DATABASES["default"]["CONN_MAX_AGE"] = None
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]
# One client sends thousands of look-ups a second here; the limiter still runs (its cost is measured).
RATE_LIMITS = {"lookup": (10**9, 600), "archive": (10**9, 600)}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
