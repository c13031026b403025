"""Shared start for the bench scripts: Django on a throwaway SQLite database with the demo data,
and the PostgreSQL database the larger benches fill once and keep (ensure_database).

    from _setup import django_bench
    with django_bench() as var_dir:
        ...  # ORM, services, renderers

Not a benchmark itself; run directly it does nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def django_bench(*, demo: bool = True):
    """A temporary VAR_DIR and database, migrated (and with the demo organisations and users), removed afterwards."""
    var_dir = Path(tempfile.mkdtemp(prefix="bench-"))
    # Before django.setup(): settings read these once.
    os.environ["VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        # WeasyPrint logs every step at INFO; the figures, not the steps, are the output.
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        # The demo users' passwords are hashed once; a fast hasher keeps set-up short.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        call_command("migrate", verbosity=0, interactive=False)
        if demo:
            from demo.loading import load_all as load_demo

            load_demo()
        yield var_dir
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(var_dir, ignore_errors=True)


def setup_django(var_dir: Path, database_url: str, settings_module: str = "dialogue.settings") -> None:
    """Django on `database_url` with its files under `var_dir`; bench/ importable (settings_bench, floor_urls)."""
    os.environ["VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    for path in (str(Path(__file__).resolve().parent), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.chdir(ROOT)
    import django

    django.setup()


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database the URL names, when missing (the PostgreSQL benches keep theirs between runs)."""
    import psycopg2

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


if __name__ == "__main__":
    pass
