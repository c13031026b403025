"""Gunicorn in production (Procfile.production): `gunicorn -c gunicorn_conf.py dialogue.wsgi`.

Every setting comes from the environment, so several servers run the same file.
Files, cache, sessions and the beat lock live in shared services (dialogue/settings.py,
dialogue/storage.py), so any number of these servers can stand behind one proxy.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Rendering and signing PDFs is CPU work: processes, a few threads each for the waits on
# the database, Redis and object storage.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Issuing a long document renders and signs it in the request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so slow leaks cannot grow without end.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The reverse proxy in front terminates TLS and names the client (TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# In memory, not on a disk that may be slow or shared: the workers' heartbeat files.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def post_worker_init(worker):
    """A web worker that has loaded the application loads fonts and signing keys
    before its first request (dialogue.warmup), so the first document it issues
    costs what the next one does."""
    from dialogue.warmup import warm_up

    warm_up()
