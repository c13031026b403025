import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["dialogue.testing.fixtures"]


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Live-server threads would otherwise keep connections open past the run,
    # and PostgreSQL then refuses to drop the test database.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
