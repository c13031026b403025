from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .glyphs import PrintableTextMixin
from .forms import AdminCertificateUploadForm, SignatureAssetsForm
from .models import CalendarOverride, Membership, Organization, SignatureAssets, SigningCertificate
from .signing import SigningError, activate_certificate, deactivate_certificate, upload_certificate

admin.site.site_header = _("Dialogue administration")
admin.site.site_title = _("Dialogue")
admin.site.index_title = _("Administration")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class OrganizationForm(PrintableTextMixin, forms.ModelForm):
    """The names and header lines print on every document of the organisation."""

    unprinted_fields = ("code",)

    class Meta:
        model = Organization
        fields = "__all__"


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    form = OrganizationForm
    list_display = ["name", "code", "kind", "level", "parent", "document_format", "is_active"]
    list_filter = ["kind", "level", "document_format", "is_active"]
    search_fields = ["name", "code", "header_name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role", "position"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(SigningCertificate)
class SigningCertificateAdmin(SimpleHistoryAdmin):
    """Adding uploads a PKCS#12 file with its password (checked, then kept encrypted);
    afterwards only "used for signing" changes: new key material is a new row."""

    list_display = ["organization", "subject_cn", "issuer_cn", "not_before", "not_after", "validity", "is_active", "uploaded_by", "uploaded_at"]
    list_filter = ["is_active"]
    search_fields = ["organization__name", "subject_cn", "fingerprint_sha256"]
    list_select_related = ["organization", "uploaded_by"]
    readonly_fields = [
        "organization", "subject_cn", "issuer_cn", "serial_number", "fingerprint_sha256", "not_before", "not_after",
        "uploaded_by", "uploaded_at", "certificate_pem",
    ]
    fields = readonly_fields[:-1] + ["is_active", "certificate_pem"]

    @admin.display(description=_("certificate validity"))
    def validity(self, obj):
        now = timezone.now()
        if obj.not_after <= now:
            return _("certificate expired")
        if obj.not_before > now:
            return _("certificate not yet valid")
        return _("certificate valid")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AdminCertificateUploadForm
            kwargs["fields"] = ["organization"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["organization", "pkcs12", "password", "activate"]})]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # A certificate identifies the documents it signed; stop using it instead.
        return False

    def save_form(self, request, form, change):
        if change:
            return form.save(commit=False)
        data = form.cleaned_data
        return upload_certificate(
            organization=data["organization"],
            data=data["content"],
            password=data.get("password") or "",
            by=request.user,
            activate=data.get("activate", False),
            filename=getattr(data["pkcs12"], "name", ""),
        )

    def save_model(self, request, obj, form, change):
        if not change or "is_active" not in form.changed_data:
            return
        try:
            if obj.is_active:
                activate_certificate(certificate=obj, by=request.user)
            else:
                deactivate_certificate(certificate=obj, by=request.user)
        except SigningError as exc:
            self.message_user(request, str(exc), messages.ERROR)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)


@admin.register(SignatureAssets)
class SignatureAssetsAdmin(SimpleHistoryAdmin):
    form = SignatureAssetsForm
    list_display = ["organization", "has_seal", "has_signature", "signature_of", "updated_at"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    fields = ["organization", "seal_image", "signature_image", "signature_of"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = self.fields
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=_("seal image"), boolean=True)
    def has_seal(self, obj):
        return bool(obj.seal_image)

    @admin.display(description=_("signature image"), boolean=True)
    def has_signature(self, obj):
        return bool(obj.signature_image)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class FrozenWhenIssued:
    """An issued record (and the rows it was printed from) is read-only here too:
    its signed PDF is in the register, and a correction is a new version made in
    the application. `frozen_when(obj)` says whether `obj` (for an inline, the parent
    record) is issued. Change, delete and adding rows are refused; the page still reads."""

    @staticmethod
    def frozen_when(obj) -> bool:
        return False

    def _frozen(self, obj) -> bool:
        return obj is not None and self.frozen_when(obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, *args):
        # ModelAdmin passes (request); an inline passes (request, parent).
        if args and self._frozen(args[0]):
            return False
        return super().has_add_permission(request, *args)


def register_with_history(*models, frozen_when=None, addable: bool = True) -> None:
    """Register records edited in the application's own pages so administrators
    can read their change history; foreign keys as ids keep the pages light.
    `addable=False` for records only a service may create (issued documents)."""
    for model in models:
        foreign_keys = [f.name for f in model._meta.fields if f.is_relation and f.many_to_one]
        bases = (FrozenWhenIssued, SimpleHistoryAdmin) if frozen_when else (SimpleHistoryAdmin,)
        attrs = {"raw_id_fields": foreign_keys}
        if frozen_when:
            attrs["frozen_when"] = staticmethod(frozen_when)
        if not addable:
            attrs["has_add_permission"] = lambda self, request, *args: False
        admin.site.register(model, type(f"{model.__name__}Admin", bases, attrs))
