from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from home import views as home_views

from . import auth_views as guarded
from . import views

urlpatterns = [
    # First: a citizen's look-up is the busiest request, and patterns are tried in order.
    path("tra-cuu/", include("petitions.public_urls")),
    # GeoReport v2 for city apps, under the look-up's address where its first version was.
    path("tra-cuu/api/v2/", include("open311.urls")),
    path("", home_views.root, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("to-chuc/<slug:code>/", views.organization_detail, name="organization_detail"),
    path("to-chuc/<slug:code>/chu-ky-so/", views.organization_signing, name="organization_signing"),
    path(
        "to-chuc/<slug:code>/chu-ky-so/<str:kind>.png", views.organization_signing_image, name="organization_signing_image"
    ),
    path("xuat-excel/<uuid:key>/", views.export_job, name="export_job"),
    path("xuat-excel/<uuid:key>/tai/", views.export_download, name="export_download"),
    path("dang-nhap/", guarded.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quen-mat-khau/", guarded.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        guarded.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("ke-hoach/", include("plans.urls")),
    path("hoi-nghi/", include("conferences.urls")),
    path("cong-khai/", include("conferences.public_urls")),
    path("cong-khai/", include("home.front_urls")),
    path("kien-nghi/", include("petitions.urls")),
    path("thoi-han/", include("deadlines.urls")),
    path("van-ban/", include("registry.urls")),
    path("xac-minh/", include("registry.public_urls")),
    path("bao-cao/", include("reports.urls")),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG and not settings.OBJECT_STORAGE:
    # Local folders only; in object storage every file is streamed by a view after its access check.
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
