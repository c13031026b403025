"""One settings module for every environment, driven by environment variables.

The defaults make a developer machine work with nothing but Python: SQLite and
Celery's filesystem broker under var/. Production sets DJANGO_ENV=production,
which turns on the secure-cookie and HSTS settings and refuses a missing key.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from dialogue.storage import storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING", False)

DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-8f3b1c2d9e7a4b6c5d0e1f2a3b4c5d6e7f8091a2b3c4d5e6"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production")
    # A fixed development key: sessions survive restarts of `make run`.
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif PRODUCTION:
    # The same test as Django's security.W009, made fatal: sessions, password reset
    # links and (without SIGNING_KEY) the certificates' passwords rest on this key.
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
        or SECRET_KEY == DEVELOPMENT_SECRET_KEY
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak for production: use at least 50 random characters, e.g. "
            "python -c \"import secrets; print(secrets.token_urlsafe(50))\""
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Where the public pages are served from; printed in QR codes and iCal links.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "csp",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "dialogue",
    "plans",
    "conferences",
    "petitions",
    "open311",
    "deadlines",
    "registry",
    "home",
    "demo",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After SessionMiddleware, so the session it touches is saved on the way out.
    "dialogue.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before any view or form reads them: query strings, form fields and JSON bodies in NFC.
    "dialogue.middleware.NormalizeTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dialogue.urls"
WSGI_APPLICATION = "dialogue.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dialogue.context_processors.navigation",
            ],
            # Available in every template without {% load %}: `<time datetime="{{ x|html_datetime }}">`.
            "builtins": ["dialogue.templatetags.html_time"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dialogue.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a Celery worker started by a test sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    # IMMEDIATE: a transaction takes the write lock when it begins, so two that read then
    # write (two leaders issuing at once) wait their turn instead of failing "database is locked".
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The reverse proxies in front of the web servers (addresses or networks, comma-separated):
# their X-Forwarded-For names the client (dialogue/clientip.py). Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Lock an account and address out after five failed log-ins for 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_CLIENT_IP_CALLABLE = "dialogue.clientip.client_ip"
# Across addresses: past this many failures in the window, an account takes passwords
# only from addresses it has logged in from before (dialogue/login_guard.py).
ACCOUNT_FAILURE_LIMIT = env_int("ACCOUNT_FAILURE_LIMIT", 20)
ACCOUNT_FAILURE_WINDOW = env_int("ACCOUNT_FAILURE_WINDOW", 15 * 60)
# A session ends after a working day without a request, not after two weeks
# (renewed at most every 15 minutes: dialogue/sessions.py).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 9 * 60 * 60)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django's "vi" formats already print dd/mm/yyyy; inputs accept the same.
FORMAT_MODULE_PATH = ["dialogue.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request without it
# Outside production WhiteNoise serves straight from static/ (no collectstatic),
# so `make run` works with DEBUG off; production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files never served over HTTP: the organisations' PKCS#12 certificates and the
# images of signatures and seals. Keep it outside MEDIA_ROOT and the web root.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", VAR_DIR / "private"))
# Fernet key(s) encrypting the certificates' passwords in the database; several,
# comma-separated, to rotate (the first encrypts). Unset: derived from SECRET_KEY
# with HKDF, so changing SECRET_KEY then means uploading the certificates again.
SIGNING_KEY = os.environ.get("SIGNING_KEY", "")
if PRODUCTION:
    # In production the certificates' passwords must not depend on SECRET_KEY (rotating it
    # would lose them) and the key must be a real Fernet key, checked before anything starts.
    if not SIGNING_KEY:
        raise ImproperlyConfigured(
            "SIGNING_KEY must be set when DJANGO_ENV=production: python -c \"from cryptography.fernet "
            "import Fernet; print(Fernet.generate_key().decode())\""
        )
    from cryptography.fernet import Fernet

    for _key in SIGNING_KEY.split(","):
        try:
            Fernet(_key.strip())
        except ValueError as exc:
            raise ImproperlyConfigured("SIGNING_KEY must be Fernet keys (32 url-safe base64-encoded bytes)") from exc
# Local folders (MEDIA_ROOT, PRIVATE_ROOT) unless S3_BUCKET names object storage shared by
# every web server and worker (dialogue/storage.py).
OBJECT_STORAGE = bool(os.environ.get("S3_BUCKET", "").strip())
STORAGES = {
    **storages_from_env(os.environ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "doithoai@localhost")

# Several processes share rate limits, cached public pages and the calendar's version only
# through Redis: a per-process cache would multiply every limit by the number of processes.
if PRODUCTION and not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured("REDIS_URL must be set when DJANGO_ENV=production (the shared cache)")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        # Per process; room for the status pages of the petitions being followed (petitions/page_cache.py).
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 10000}}
    )
}

# Celery: Redis when CELERY_BROKER_URL is set, otherwise the filesystem transport,
# so `make run` starts a real worker and beat with no server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# A test that starts its own worker and beat gives them a private queue, so
# workers of other tests sharing the broker never take its tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool process loads fonts and signing keys before its first task (dialogue.warmup),
# a few seconds on a busy machine: more than Celery's default 4 s wait for it to start.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = 60.0
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "heartbeat": {"task": "dialogue.heartbeat", "schedule": float(env_int("HEARTBEAT_SECONDS", 60))},
    # The one-time keys of sent forms (dialogue.idempotency) are kept a week.
    "prune-submitted-forms": {"task": "dialogue.prune_submitted_forms", "schedule": crontab(hour=3, minute=30)},
    # Deadlines: remind and escalate (deadlines.scanner), then e-mail the outbox.
    "deadlines-scan": {"task": "deadlines.scan", "schedule": env_int("DEADLINES_SCAN_SECONDS", 15 * 60)},
    "deadlines-digest": {"task": "deadlines.digest", "schedule": crontab(hour=7, minute=0)},
    # The citizens' e-mails about their petitions (petitions.citizen): each step queues its
    # delivery when it commits; this picks up what failed or what a lost worker left.
    "petitions-citizen-mail": {"task": "petitions.citizen_deliver", "schedule": env_int("CITIZEN_MAIL_SECONDS", 5 * 60)},
    # The register: documents the worker missed, files of issues that rolled back.
    "registry-sweep": {"task": "registry.sweep", "schedule": 10 * 60.0},
    # Excel files of long lists (dialogue.exports) are kept a week.
    "prune-exports": {"task": "dialogue.prune_exports", "schedule": crontab(hour=3, minute=40)},
}

# Web and worker processes load fonts and signing keys when they start (dialogue.warmup).
WARM_UP = env_bool("WARM_UP", True)

# A list longer than this is exported by a background task with a download link
# (dialogue.exports): about 3 seconds of work on a small server (bench/exports.py).
EXPORT_SYNC_MAX_ROWS = env_int("EXPORT_SYNC_MAX_ROWS", 10_000)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Every server may start a beat; only the one holding the lock sends (dialogue/beat.py).
CELERY_BEAT_SCHEDULER = "dialogue.beat:SingleBeatScheduler"
BEAT_LOCK_KEY = os.environ.get("BEAT_LOCK_KEY", "dialogue:beat-lock")
# A beat that dies is replaced by a waiting one within this time.
BEAT_LOCK_SECONDS = env_int("BEAT_LOCK_SECONDS", 30)

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The load balancer probes over plain HTTP; a redirect would read as a failure.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts and style sheets from this site only, the
# few inline blocks by a per-request nonce; style="" attributes stay allowed (server-drawn
# charts and layout), which cannot run code. Pages are framed only by this site (the print view).
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "script-src-attr": [NONE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; only its warnings matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
