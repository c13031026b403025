"""A limit on failed log-ins per account, whatever the addresses they come from.

django-axes locks a (user name, address) pair after a few failures; an attacker
with many addresses is not stopped by that. Here the failures of one account are
counted across addresses in a short window; past the limit the account refuses
passwords from addresses it has never been used from, until the window ends.
An address where the user logged in before (their office, their phone) still
works, so an attacker cannot lock a leader out of their own office, and the
lock lasts one window at most. Counts live in the cache: Redis in production,
shared by every process.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver

from .clientip import client_ip

KNOWN_ADDRESS_SECONDS = 60 * 60 * 24 * 60


def _limit() -> tuple[int, int]:
    return (
        getattr(settings, "ACCOUNT_FAILURE_LIMIT", 20),
        getattr(settings, "ACCOUNT_FAILURE_WINDOW", 15 * 60),
    )


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _account(username: str) -> str:
    return (username or "").strip().casefold()


def _failures_key(username: str) -> str:
    return f"login:failures:{_digest(_account(username))}"


def _known_key(username: str, address: str) -> str:
    return f"login:known:{_digest(_account(username), address)}"


def record_failure(username: str) -> int:
    _, window = _limit()
    key = _failures_key(username)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def remember_address(username: str, address: str) -> None:
    cache.set(_known_key(username, address), 1, timeout=KNOWN_ADDRESS_SECONDS)


def clear_failures(username: str) -> None:
    cache.delete(_failures_key(username))


def is_throttled(username: str, address: str) -> bool:
    """True when the account has too many recent failures and this address is new to it."""
    if not username:
        return False
    limit, _ = _limit()
    if (cache.get(_failures_key(username)) or 0) < limit:
        return False
    return not cache.get(_known_key(username, address))


@receiver(user_login_failed)
def _on_failure(sender, credentials, request=None, **kwargs):
    record_failure(credentials.get("username", ""))


@receiver(user_logged_in)
def _on_success(sender, request, user, **kwargs):
    if request is not None:
        remember_address(user.get_username(), client_ip(request))
