"""The new-plan choices added beside "from a template" and "copy": upload a Word file, or start blank."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogue.models import Organization

from .forms import BootstrapMixin, YearField, _writer_orgs
from .importing.reader import EXTENSIONS, MAX_UPLOAD_BYTES


class ImportPlanForm(BootstrapMixin, forms.Form):
    cols = {"issuer": "col-12", "file": "col-12", "year": "col-6 col-sm-4"}
    issuer = forms.ModelChoiceField(label=_("issuer"), queryset=Organization.objects.none())
    file = forms.FileField(
        label=_("Word file"),
        help_text=_("A plan typed in Word: .docx, .doc or .odt, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    year = YearField(required=False, help_text=_("Left empty, the year is read from the file's date."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = _writer_orgs(user)
        self._style_widgets()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(_("Upload a Word file: .docx, .doc or .odt."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class BlankPlanForm(BootstrapMixin, forms.Form):
    cols = {"issuer": "col-12", "year": "col-6 col-sm-4"}
    issuer = forms.ModelChoiceField(label=_("issuer"), queryset=Organization.objects.none())
    year = YearField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = _writer_orgs(user)
        self._style_widgets()
