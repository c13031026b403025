"""The archive's search and filters (a GET form): a bad value gets a message next to its field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from dialogue.codes import normalize_code
from dialogue.text import fold
from petitions.forms import BootstrapMixin, plain_text

from .front_selectors import Choices, Filters

CHOOSE = {"invalid_choice": _("Choose from the list.")}


class ArchiveForm(BootstrapMixin, forms.Form):
    CHOICE_FIELDS = ("hoi_nghi", "linh_vuc", "co_quan")

    q = forms.CharField(
        label=_("Search the petitions"), max_length=200, required=False, validators=[plain_text],
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. road between hamlets, street lights")}),
    )
    hoi_nghi = forms.ChoiceField(label=_("Conference"), required=False, error_messages=CHOOSE)
    linh_vuc = forms.TypedChoiceField(label=_("Field"), required=False, coerce=int, empty_value=None, error_messages=CHOOSE)
    co_quan = forms.ChoiceField(label=_("Agency"), required=False, error_messages=CHOOSE)

    def __init__(self, *args, choices: Choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        everything = [("", _("All"))]
        self.fields["hoi_nghi"].choices = everything + [
            (code, f"{title} · {timezone.localtime(starts):%d/%m/%Y}" if starts else title)
            for _pk, code, title, starts in choices.conferences
        ]
        self.fields["linh_vuc"].choices = everything + [(str(pk), name) for pk, name in choices.fields]
        self.fields["co_quan"].choices = everything + [(code, name) for _pk, code, name in choices.agencies]

    def clean_q(self):
        q = " ".join((self.cleaned_data.get("q") or "").split())
        if q and normalize_code(q) is None and len(fold(q).replace(" ", "")) < 2:
            raise forms.ValidationError(_("Type at least two letters, or a petition's code."))
        return q

    def filters(self) -> Filters:
        """The valid part of what was asked: a field with an error filters nothing."""
        data = getattr(self, "cleaned_data", {})
        conference = self.choices.conference(data.get("hoi_nghi") or "")
        return Filters(
            conference_id=conference[0] if conference else None,
            field_id=data.get("linh_vuc"),
            agency_id=self.choices.agency_id(data.get("co_quan") or ""),
            q=data.get("q") or "",
        )

    def query(self) -> str:
        """The filters as a query string for the pager's links."""
        data = getattr(self, "cleaned_data", {})
        pairs = [(name, data.get(name)) for name in ("q", "hoi_nghi", "linh_vuc", "co_quan")]
        return urlencode([(k, v) for k, v in pairs if v not in (None, "")])
