"""Where files live: local folders by default, S3-compatible object storage when configured.

Two storages, named in settings.STORAGES:
- "default": uploads and issued documents (attachments, frozen PDFs, outgoing notices).
  Nothing links to them directly: every download goes through a view that checks access.
- "private": certificates (PKCS#12), signature and seal images, Excel exports. Never
  addressable by URL, locally or in the bucket: `url()` refuses.

With S3_BUCKET set (and S3_ENDPOINT_URL for a server other than AWS), both are buckets
(S3_PRIVATE_BUCKET, or the prefix S3_PRIVATE_PREFIX of the same bucket for private files).
Objects are written without a public ACL; the application streams them after its checks,
so every web server and worker sees the same files and none is kept on local disk.

`storages_from_env` is called by settings and must not touch Django's settings itself.
"""

import os
from collections.abc import Mapping

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE = "private"


def storages_from_env(environ: Mapping[str, str]) -> dict:
    """The "default" and "private" entries of STORAGES for this environment."""
    bucket = environ.get("S3_BUCKET", "").strip()
    if not bucket:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            PRIVATE: {"BACKEND": "dialogue.storage.PrivateFileSystemStorage"},
        }
    from botocore.config import Config  # only a deployment with a bucket imports boto

    addressing_style = environ.get("S3_ADDRESSING_STYLE", "path")
    common = {
        # A storage server that stops answering must fail a request (and /healthz) in
        # seconds, not hold a web worker for botocore's default minute per attempt.
        "client_config": Config(
            s3={"addressing_style": addressing_style}, signature_version="s3v4",
            connect_timeout=float(environ.get("S3_CONNECT_TIMEOUT", "3")),
            read_timeout=float(environ.get("S3_READ_TIMEOUT", "20")),
            retries={"max_attempts": 2, "mode": "standard"},
        ),
        "access_key": environ.get("S3_ACCESS_KEY_ID", ""),
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY", ""),
        "region_name": environ.get("S3_REGION", "") or None,
        "endpoint_url": environ.get("S3_ENDPOINT_URL", "") or None,
        # Path-style addresses: SeaweedFS, MinIO and most self-hosted servers need them.
        "addressing_style": addressing_style,
        "signature_version": "s3v4",
        # Never public: no ACL is sent (the bucket's own policy, private by default, applies),
        # and any address handed out is signed and short-lived.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": int(environ.get("S3_URL_SECONDS", "300")),
        # Two uploads of the same name keep both files, as FileSystemStorage does.
        "file_overwrite": False,
    }
    private_bucket = environ.get("S3_PRIVATE_BUCKET", "").strip()
    private_prefix = environ.get("S3_PRIVATE_PREFIX", "").strip().strip("/")
    if not private_bucket and not private_prefix:
        private_prefix = "private"
    media_prefix = environ.get("S3_MEDIA_PREFIX", "").strip().strip("/")
    if not private_bucket and not media_prefix:
        # One bucket for both: media under its own prefix, so no media name can reach a private one.
        media_prefix = "media"
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": bucket, "location": media_prefix},
        },
        PRIVATE: {
            "BACKEND": "dialogue.storage.PrivateS3Storage",
            "OPTIONS": {**common, "bucket_name": private_bucket or bucket, "location": private_prefix},
        },
    }


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_ROOT, which has no URL.

    The location is read from the settings on each use (not frozen at import),
    so tests and deployments that change PRIVATE_ROOT are followed.
    """

    def __init__(self, **options):
        options.setdefault("file_permissions_mode", 0o600)
        options.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=None, base_url=None, **options)

    @property
    def base_location(self):
        return settings.PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public address")


def _private_s3_class():
    from storages.backends.s3 import S3Storage

    class _PrivateS3Storage(S3Storage):
        def url(self, name, parameters=None, expire=None, http_method=None):
            raise ValueError("Private files have no public address")

    return _PrivateS3Storage


def PrivateS3Storage(**options):  # noqa: N802 - named like the class it builds, as STORAGES expects
    """The private bucket (or prefix): url() refuses, downloads go through the application.

    Built on first use so that boto3 is imported only by deployments that use it.
    """
    return _private_s3_class()(**options)


class _PrivateStorage(LazyObject):
    """The "private" entry of STORAGES, looked up on first use and again when STORAGES changes."""

    def _setup(self):
        self._wrapped = storages[PRIVATE]


private_storage = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


def uses_local_files() -> bool:
    """True when media are folders on this machine (served by Django in DEBUG)."""
    return isinstance(storages["default"], FileSystemStorage)


HEALTH_NAME = "healthz/probe.txt"


def check(storage=None) -> None:
    """Write, read back and delete a tiny object; raises on any failure."""
    storage = storage or storages["default"]
    from django.core.files.base import ContentFile

    payload = b"ok"
    name = storage.save(HEALTH_NAME, ContentFile(payload))
    try:
        with storage.open(name, "rb") as handle:
            if handle.read() != payload:
                raise OSError("storage returned other bytes than were written")
    finally:
        storage.delete(name)
