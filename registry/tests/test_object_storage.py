"""Files in S3-compatible object storage (a real SeaweedFS server, dialogue.testing.seaweed):
issued documents, certificates and images are written to the buckets, never to local
disk, read back through the storage API, and private ones have no address."""

import io
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from dialogue import signing
from dialogue.documents import DATA_PNG_PREFIX, signature_marks
from dialogue.models import private_storage

from .conftest import issue_plan


def bucket_keys(server, bucket: str) -> set[str]:
    listing = server.client().list_objects_v2(Bucket=bucket)
    return {item["Key"] for item in listing.get("Contents", [])}


def local_files(settings) -> list:
    roots = [settings.MEDIA_ROOT, settings.PRIVATE_ROOT]
    return [path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()]


def anonymous_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def empty_local_folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings


def test_an_issued_document_lives_in_the_bucket_and_is_served_signed(
    client, seaweedfs, object_storage, empty_local_folders, plan, leader, org, signing_certificate, signature_assets
):
    buckets = object_storage
    issue_plan(plan, leader)
    document = plan.outgoing_document
    assert buckets.media_key(document.pdf.name) in bucket_keys(seaweedfs, buckets.media)
    # The certificate and the images are in the private bucket; nothing on this machine's disk.
    assert buckets.private_key(signing_certificate.pkcs12.name) in bucket_keys(seaweedfs, buckets.private)
    assert buckets.private_key(signature_assets.seal_image.name) in bucket_keys(seaweedfs, buckets.private)
    assert local_files(empty_local_folders) == []

    client.force_login(leader)
    response = client.get(reverse("registry:pdf", args=[document.pk]))
    assert response.status_code == 200
    served = b"".join(response.streaming_content) if response.streaming else response.content
    stored = seaweedfs.client().get_object(Bucket=buckets.media, Key=buckets.media_key(document.pdf.name))["Body"].read()
    assert served == stored
    check = signing.check_pdf(served)
    assert check.genuine and check.intact and check.organization_id == org.pk
    assert document.sha256 and document.signature_intact


def test_signature_images_are_read_from_the_bucket(seaweedfs, object_storage, org, signature_assets):
    marks = signature_marks(org, signer_name="Nguyễn Văn An", issued=True)
    assert marks.seal.startswith(DATA_PNG_PREFIX) and marks.signature.startswith(DATA_PNG_PREFIX)


def test_private_files_have_no_address_and_the_bucket_refuses_strangers(
    seaweedfs, object_storage, signing_certificate
):
    buckets = object_storage
    name = signing_certificate.pkcs12.name
    with pytest.raises(ValueError, match="no public address"):
        private_storage().url(name)
    assert anonymous_status(f"{seaweedfs.endpoint_url}/{buckets.private}/{buckets.private_key(name)}") == 403
    assert anonymous_status(f"{seaweedfs.endpoint_url}/{buckets.private}/") == 403

    # Media are not public either: an address is signed and short-lived, the bare one refused.
    stored = default_storage.save("tep-dinh-kem/thu.txt", ContentFile(b"noi dung"))
    assert anonymous_status(f"{seaweedfs.endpoint_url}/{buckets.media}/{buckets.media_key(stored)}") == 403
    signed = default_storage.url(stored)
    assert "X-Amz-Expires=300" in signed and "X-Amz-Signature=" in signed
    with urllib.request.urlopen(signed, timeout=5) as response:
        assert response.read() == b"noi dung"


def png_upload(name: str) -> ContentFile:
    out = io.BytesIO()
    Image.new("RGBA", (40, 20), (10, 20, 200, 0)).save(out, "PNG")
    return ContentFile(out.getvalue(), name=name)


def test_an_uploaded_image_is_streamed_to_its_administrators_only(
    client, seaweedfs, object_storage, org, org_admin, outsider
):
    buckets = object_storage
    client.force_login(org_admin)
    response = client.post(
        reverse("organization_signing", args=[org.code]),
        {"action": "images", "img-seal_image": png_upload("con-dau.png"), "img-signature_of": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org.signature_assets.refresh_from_db()
    name = org.signature_assets.seal_image.name
    assert buckets.private_key(name) in bucket_keys(seaweedfs, buckets.private)

    image_url = reverse("organization_signing_image", args=[org.code, "seal"])
    response = client.get(image_url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    client.force_login(outsider)
    assert client.get(image_url).status_code == 404
    client.logout()
    assert client.get(image_url).status_code == 302


def test_storage_size_and_exists_work_without_local_paths(seaweedfs, object_storage):
    name = default_storage.save("kiem-tra/mot.bin", ContentFile(b"x" * 1234))
    assert default_storage.exists(name) and default_storage.size(name) == 1234
    with pytest.raises(NotImplementedError):
        default_storage.path(name)
    default_storage.delete(name)
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_healthz_writes_to_the_bucket_and_reports_a_wrong_key(client, seaweedfs, object_storage, settings):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["storage"] == "ok"

    wrong = {**settings.STORAGES["default"], "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "secret_key": "sai"}}
    settings.STORAGES = {**settings.STORAGES, "default": wrong}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"].startswith("error: ")


def test_healthz_answers_in_seconds_when_the_storage_server_stops_answering(client, seaweedfs, object_storage, settings):
    """A storage server that hangs (paused, a dead link) must not hold /healthz or a web worker for minutes."""
    import os
    import signal
    import time

    from django.core.files.storage import storages

    from dialogue.storage import storages_from_env

    environ = {**object_storage.environ, "S3_CONNECT_TIMEOUT": "1", "S3_READ_TIMEOUT": "2"}
    settings.STORAGES = {**settings.STORAGES, **storages_from_env(environ)}
    storages._storages.pop("default", None)  # built again from the settings just set
    os.killpg(seaweedfs.process.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        took = time.monotonic() - started
    finally:
        os.killpg(seaweedfs.process.pid, signal.SIGCONT)
    assert response.status_code == 503
    assert response.json()["storage"].startswith("error: ")
    assert took < 20
