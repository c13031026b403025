"""One Celery beat at a time, however many machines start one.

Every server of a deployment may run `celery beat` (Procfile.production); each blocks
until it holds the beat lock, and only the holder sends the schedule's tasks. The lock
lives in Redis (REDIS_URL, or the broker's when it is Redis) with a short expiry the
holder renews on every tick: a beat that dies, even by SIGKILL or with its machine, lets
a waiting one take over within BEAT_LOCK_SECONDS. Without Redis (`make run`: one
machine) it is a lock on a file in VAR_DIR, which the system releases when the holder dies.

A holder that finds its lock gone (Redis lost it or could not be reached, or the process
stalled past the expiry and another took over) stops sending at once rather than send
twice, and waits for the lock again like a beat just started. It does not exit: under a
process manager that stops a server's other processes when one exits (honcho), losing
the lock must not take the server's web and worker down with it.

Celery builds a second, lazy scheduler for its start-up banner; only the scheduler that
runs takes the lock, or the running one would wait on its own banner's lock until it
expired.
"""

import fcntl
import logging
import os
import socket
import time
import uuid
from pathlib import Path

from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0


class RedisBeatLock:
    def __init__(self, url: str, key: str, seconds: int):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=max(seconds / 3, 1), socket_connect_timeout=max(seconds / 3, 1))
        self.errors = redis.RedisError
        self.key = key
        self.seconds = seconds
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.where = f"Redis {key}"
        self.unreachable = False

    def try_acquire(self) -> bool:
        try:
            acquired = bool(self.client.set(self.key, self.token, nx=True, ex=self.seconds))
        except self.errors as exc:
            if not self.unreachable:  # once per outage, not once per poll
                logger.warning("beat: cannot reach Redis for the beat lock: %s", exc)
            self.unreachable = True
            return False
        self.unreachable = False
        return acquired

    def holder(self) -> str:
        try:
            value = self.client.get(self.key)
        except self.errors:
            return "unknown (Redis unreachable)"
        return value.decode() if value else "nobody"

    # Compare and act in one step, so a beat never renews or frees another's lock.
    _RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('expire', KEYS[1], ARGV[2]) else return 0 end"
    _RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

    def renew(self) -> bool:
        # A holder that cannot reach Redis cannot know the lock is still its own.
        try:
            return bool(self.client.eval(self._RENEW, 1, self.key, self.token, self.seconds))
        except self.errors as exc:
            logger.warning("beat: cannot reach Redis to renew the beat lock: %s", exc)
            return False

    def release(self) -> None:
        try:
            self.client.eval(self._RELEASE, 1, self.key, self.token)
        except self.errors:
            pass  # the lock expires by itself

    @property
    def renew_every(self) -> float:
        return max(self.seconds / 3, 0.5)


class FileBeatLock:
    def __init__(self, path: Path):
        self.path = path
        self.handle = None
        self.where = str(path)

    def try_acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 - held open as long as the lock
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{socket.gethostname()}:{os.getpid()}\n")
        handle.flush()
        self.handle = handle
        return True

    def holder(self) -> str:
        try:
            return self.path.read_text().strip() or "unknown"
        except OSError:
            return "unknown"

    def renew(self) -> bool:
        return self.handle is not None

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None

    renew_every = 60.0


def beat_lock():
    """The lock for this deployment: Redis when there is one, a local file otherwise."""
    seconds = settings.BEAT_LOCK_SECONDS
    url = os.environ.get("REDIS_URL") or ""
    broker = settings.CELERY_BROKER_URL or ""
    if not url and broker.startswith(("redis://", "rediss://")):
        url = broker
    if url:
        return RedisBeatLock(url, settings.BEAT_LOCK_KEY, seconds)
    return FileBeatLock(Path(settings.VAR_DIR) / "celerybeat.lock")


class SingleBeatScheduler(PersistentScheduler):
    """Celery's persistent scheduler, run only while this process holds the beat lock."""

    _waiting = False
    beat_lock = None

    def __init__(self, *args, **kwargs):
        if kwargs.get("lazy"):
            # The banner's scheduler, which never ticks: it must not hold the lock the
            # running scheduler is about to wait for.
            super().__init__(*args, **kwargs)
            return
        if SingleBeatScheduler._waiting:
            # Celery's SIGTERM handler asks for the scheduler to save it; while we are still
            # waiting for the lock there is nothing to save: stop.
            raise SystemExit(0)
        self.beat_lock = beat_lock()
        SingleBeatScheduler._waiting = True
        try:
            self.wait_for_lock()
        finally:
            SingleBeatScheduler._waiting = False
        super().__init__(*args, **kwargs)

    def wait_for_lock(self) -> None:
        announced = False
        while not self.beat_lock.try_acquire():
            if not announced:
                logger.info("beat: waiting for the beat lock (%s), held by %s", self.beat_lock.where, self.beat_lock.holder())
                announced = True
            time.sleep(POLL_SECONDS)
        logger.info("beat: holding the beat lock (%s)", self.beat_lock.where)

    def tick(self, *args, **kwargs):
        if not self.beat_lock.renew():
            logger.error(
                "beat: the beat lock (%s) was lost; sending nothing until this beat holds it again", self.beat_lock.where
            )
            self.wait_for_lock()
        return min(super().tick(*args, **kwargs), self.beat_lock.renew_every)

    def close(self):
        try:
            super().close()
        finally:
            if self.beat_lock is not None:
                self.beat_lock.release()
