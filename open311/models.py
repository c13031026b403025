"""The applications that may create petitions through the GeoReport API.

A city app gets one key from the administrator (`manage.py create_api_key`, or
the admin, which shows it once). Only the key's SHA-256 is stored: the key is
32 random bytes, so the hash cannot be turned back and a copy of the database
gives no key. A key posts to the organisations listed on it and nowhere else;
turning `is_active` off refuses it at once. Reading the public data needs no key.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogue.models import Organization

KEY_PREFIX = "dtk_"


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=120, help_text=_("The application and who runs it."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, so an administrator can tell which key an app holds.
    key_start = models.CharField(_("key begins with"), max_length=12, editable=False)
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("may post to"), related_name="api_clients", blank=True,
        help_text=_("The organisations (jurisdiction_id) this application may send questions to."),
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Untick to refuse the key at once."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    # Which organisations a key may post to is a permission: its changes are kept too.
    history = HistoricalRecords(excluded_fields=["last_used_at"], m2m_fields=[organizations])

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"

    def set_new_key(self) -> str:
        """Give the client a new key (the old one stops working once saved); the key
        is returned here and never again."""
        raw = new_key()
        self.key_hash, self.key_start = hash_key(raw), raw[:12]
        return raw

    @classmethod
    def by_key(cls, raw: str | None) -> ApiClient | None:
        """The active client holding the key, or None."""
        raw = (raw or "").strip()
        if not raw.startswith(KEY_PREFIX) or len(raw) > 100:
            return None
        return cls.objects.filter(key_hash=hash_key(raw), is_active=True).first()
