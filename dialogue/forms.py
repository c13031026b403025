"""Forms of the shared core: an organisation's signing certificate and images."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import SignatureAssets, SigningCertificate
from .signing import CertificateInfo, SigningError, read_pkcs12

MAX_PKCS12_BYTES = 64 * 1024


class BootstrapMixin:
    """Bootstrap classes on every widget, and is-invalid (with aria-invalid) on fields with errors.

    Styled when the form is made and again once it is validated. A form whose
    template prints each error as an element with id "<field id>-error" sets
    `describe_errors` so the field names it.
    """

    describe_errors = False

    def _style_widgets(self):
        # Read the errors only once validation has run: asking for self.errors here would
        # validate the form before a subclass has narrowed its querysets.
        errors = self._errors or {}
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                # Their inputs are drawn by the template (crispy gives each form-check-input);
                # a class here would be written twice on each input.
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if name in errors:
                css += " is-invalid"
                widget.attrs["aria-invalid"] = "true"
                if self.describe_errors:
                    widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"
            widget.attrs["class"] = css

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def full_clean(self):
        super().full_clean()
        self._style_widgets()


class CertificateUploadForm(BootstrapMixin, forms.Form):
    """A PKCS#12 file and its password, checked to open before anything is saved."""

    pkcs12 = forms.FileField(
        label=_("PKCS#12 file (.p12, .pfx)"),
        help_text=_("The file exported from the signing token or issued by the certification authority."),
    )
    password = forms.CharField(
        label=_("PKCS#12 file password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Kept encrypted; never shown again."),
    )
    activate = forms.BooleanField(
        label=_("Sign the organisation's documents with it from now on"), required=False, initial=True
    )

    info: CertificateInfo | None = None

    def clean(self):
        data = super().clean()
        upload = data.get("pkcs12")
        if upload is None:
            return data
        if upload.size > MAX_PKCS12_BYTES:
            self.add_error("pkcs12", _("The file is too large for a PKCS#12 certificate."))
            return data
        upload.seek(0)
        content = upload.read()
        try:
            self.info = read_pkcs12(content, data.get("password") or "")
        except SigningError as exc:
            self.add_error("password", str(exc))
            return data
        data["content"] = content
        if SigningCertificate.objects.filter(fingerprint_sha256=self.info.fingerprint_sha256).exists():
            self.add_error("pkcs12", _("This certificate is already registered."))
        elif data.get("activate") and self.info.not_after <= timezone.now():
            self.add_error("pkcs12", _("The certificate has expired; it cannot be used for signing."))
        return data


class AdminCertificateUploadForm(CertificateUploadForm, forms.ModelForm):
    """The admin's add form: the organisation, then the file and password."""

    class Meta:
        model = SigningCertificate
        fields = ["organization"]


class PrivateFileInput(forms.ClearableFileInput):
    """A file input for files in private storage: says a file is there, never links to it."""

    template_name = "dialogue/widgets/private_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))


class SignatureAssetsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SignatureAssets
        fields = ["seal_image", "signature_image", "signature_of"]
        widgets = {
            "seal_image": PrivateFileInput(attrs={"accept": "image/png"}),
            "signature_image": PrivateFileInput(attrs={"accept": "image/png"}),
        }

    def clean(self):
        data = super().clean()
        # A new upload, or the stored file kept; False when "clear" is ticked.
        if data.get("signature_image") and not (data.get("signature_of") or "").strip():
            self.add_error("signature_of", _("Name whose signature it is; it prints only on documents they sign."))
        return data
