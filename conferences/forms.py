import datetime as dt

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogue.glyphs import PrintableTextMixin

from .models import Conference, ConferenceAgendaItem, ConferenceGroup, ConferencePerson


class DateInput(forms.DateInput):
    """A plain text box for dd/mm/yyyy, the way offices write dates (no browser date picker in US order)."""

    def __init__(self, attrs=None):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class ConferenceForm(PrintableTextMixin, forms.ModelForm):
    class Meta:
        model = Conference
        fields = ["title", "window_text", "venue", "audience", "content", "expected_attendance"]
        widgets = {
            "audience": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 5}),
        }


class ExtraConferenceForm(ConferenceForm):
    organization = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    plan = forms.ModelChoiceField(
        queryset=None,
        label=_("Copy chairs, groups and agenda from plan"),
        required=False,
        help_text=_("Optional: an approved plan whose agenda serves as the template."),
    )

    class Meta(ConferenceForm.Meta):
        fields = ["organization", "title", "window_text", "venue", "audience", "content", "expected_attendance", "plan"]

    def __init__(self, *args, organizations, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["plan"].queryset = plans
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
            self.fields["organization"].empty_label = None


class ScheduleForm(PrintableTextMixin, forms.Form):
    date = forms.DateField(label=_("Date"), input_formats=["%d/%m/%Y"], widget=DateInput())
    start_time = forms.TimeField(
        label=_("Start time"), input_formats=["%H:%M", "%Hh%M", "%Hh", "%H giờ %M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
    )
    end_time = forms.TimeField(
        label=_("End time"), required=False, input_formats=["%H:%M", "%Hh%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
    )
    venue = forms.CharField(label=_("Venue"), max_length=255)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start:
            tz = timezone.get_current_timezone()
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(day, start), tz)
            data["ends_at"] = timezone.make_aware(dt.datetime.combine(day, end), tz) if end else None
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class AnnounceForm(forms.Form):
    acknowledge_short_notice = forms.BooleanField(
        label=_("I understand the rule is broken and announce anyway."), required=False
    )


class RowForm(PrintableTextMixin, forms.ModelForm):
    """A row of an editable list; the order is a hidden field the drag-and-drop script renumbers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].widget = forms.HiddenInput(attrs={"data-order": ""})
        self.fields["order"].required = False
        # The same hint under every row is noise on a phone.
        for field in self.fields.values():
            field.help_text = ""

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class AgendaRowForm(RowForm):
    class Meta:
        model = ConferenceAgendaItem
        fields = ["order", "text", "presenter", "minutes"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class GroupRowForm(RowForm):
    class Meta:
        model = ConferenceGroup
        fields = ["order", "category", "text", "expected_count"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class PersonRowForm(RowForm):
    class Meta:
        model = ConferencePerson
        fields = ["order", "role", "user", "name", "position"]

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        if users is not None:
            self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def clean(self):
        data = super().clean()
        if not data.get("DELETE") and not (data.get("user") or data.get("name") or data.get("position")):
            raise forms.ValidationError(_("Choose a user, or enter the name or position of someone from outside."))
        return data


def _formset(model, form):
    return inlineformset_factory(Conference, model, form=form, extra=0, can_delete=True)


AgendaFormSet = _formset(ConferenceAgendaItem, AgendaRowForm)
GroupFormSet = _formset(ConferenceGroup, GroupRowForm)
PersonFormSet = _formset(ConferencePerson, PersonRowForm)
