import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings


def run_manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "SIGNING_KEY", "DJANGO_ENV", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="doithoai.example.vn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def production(**env) -> dict:
    """A production server's environment (a Redis of the tests' own), with `env` on top."""
    return {
        "DJANGO_ENV": "production", "ALLOWED_HOSTS": "doithoai.example.vn", "SECRET_KEY": secrets.token_urlsafe(50),
        "SIGNING_KEY": fernet_key(), "REDIS_URL": "redis://127.0.0.1:6379/5", **env,
    }


def production_on_disk(tmp_path) -> dict:
    """The same, serving as `testserver` with its files and SQLite database under tmp_path."""
    return production(ALLOWED_HOSTS="testserver", VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")


@pytest.mark.parametrize(
    "weak",
    ["short-key", "a" * 60, "django-insecure-" + "k3J9x" * 10, settings.DEVELOPMENT_SECRET_KEY],
)
def test_production_refuses_a_weak_secret_key(weak):
    result = run_manage(
        "check", DJANGO_ENV="production", ALLOWED_HOSTS="doithoai.example.vn", SECRET_KEY=weak, SIGNING_KEY=fernet_key()
    )
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


@pytest.mark.parametrize("signing_key, message", [("", "SIGNING_KEY must be set"), ("not-a-key", "Fernet keys")])
def test_production_refuses_to_start_without_a_real_signing_key(signing_key, message):
    result = run_manage(
        "check",
        DJANGO_ENV="production",
        ALLOWED_HOSTS="doithoai.example.vn",
        SECRET_KEY=secrets.token_urlsafe(50),
        SIGNING_KEY=signing_key,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        SIGNING_KEY=f"{fernet_key()},{fernet_key()}",
        ALLOWED_HOSTS="doithoai.example.vn",
        REDIS_URL="redis://127.0.0.1:6379/5",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_shared_cache():
    """Rate limits and cached pages per process would multiply by the number of processes."""
    result = run_manage("check", **production(REDIS_URL=""))
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_production_cache_is_redis():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])", **production()
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("django.core.cache.backends.redis.RedisCache")


def test_a_malformed_boolean_fails_loudly():
    result = run_manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_defaults_are_vietnamese_and_local():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_dates_print_as_dd_mm_yyyy():
    import datetime as dt

    from django.template import Context, Template

    rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(Context({"d": dt.date(2026, 3, 5)}))
    assert rendered == "05/03/2026"


@pytest.mark.django_db
def test_healthz_checks_database_broker_and_storage(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "storage": "ok"}


@pytest.mark.django_db
def test_healthz_reports_storage_that_cannot_be_written(client, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"].startswith("error: ")
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_vendored_static_files_are_served_without_debug(client):
    """`make run` serves with DEBUG off: the pages must still get their CSS and JS."""
    for path in ("/static/vendor/bootstrap/bootstrap.min.css", "/static/vendor/htmx/htmx.min.js", "/static/css/app.css"):
        response = client.get(path)
        assert response.status_code == 200, path


def test_production_process_file_runs_gunicorn_worker_and_beat():
    lines = (settings.BASE_DIR / "Procfile.production").read_text().splitlines()
    processes = dict(line.split(": ", 1) for line in lines if line.strip())
    assert set(processes) == {"web", "worker", "beat"}
    assert processes["web"].split()[:3] == [".venv/bin/gunicorn", "-c", "gunicorn_conf.py"]
    assert "runserver" not in " ".join(processes.values())
    for command in processes.values():
        assert (settings.BASE_DIR / command.split()[0]).exists(), command


def test_gunicorn_configuration_loads_the_production_application():
    env = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SIGNING_KEY", "DJANGO_ENV", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(production(GUNICORN_BIND="127.0.0.1:18999"))
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    result = subprocess.run(
        [gunicorn, "--check-config", "--print-config", "-c", "gunicorn_conf.py", "dialogue.wsgi"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "127.0.0.1:18999" in result.stdout and "gthread" in result.stdout


def test_production_collects_the_static_files_and_serves_pages_from_the_manifest(tmp_path):
    """Production serves hashed files from a manifest (WhiteNoise): collectstatic must go through
    every file the vendored CSS and JS point to, and pages must then find theirs."""
    env = production_on_disk(tmp_path)
    collected = run_manage("collectstatic", "--noinput", **env)
    assert collected.returncode == 0, collected.stdout[-2000:] + collected.stderr[-2000:]
    page = run_manage(
        "shell", "-c",
        "from django.test import Client; r = Client().get('/dang-nhap/', secure=True); "
        "print(r.status_code, r.content.decode().count('/static/vendor/bootstrap/bootstrap.min.'))",
        **env,
    )
    assert page.returncode == 0, page.stderr[-2000:]
    status, hashed = page.stdout.split()[-2:]
    assert (status, hashed) == ("200", "1")


def test_production_answers_the_health_probe_over_plain_http_and_redirects_pages(tmp_path):
    env = production_on_disk(tmp_path)
    result = run_manage(
        "shell", "-c",
        "from django.test import Client; c = Client(); print(c.get('/healthz').status_code, c.get('/dang-nhap/').status_code)",
        **env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    health, page = result.stdout.split()[-2:]
    assert health in ("200", "503") and page == "301"
