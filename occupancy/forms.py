"""Input at the edge: every query parameter and post of the map pages passes through one of these."""

import re

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from occupancy.models import Display, SeatState
from occupancy.read.queries import campus_map

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")

login_validator = RegexValidator(
    r"^[A-Za-z0-9_.-]{1,64}$", _("A login is 1 to 64 letters, digits, dots, dashes or underscores.")
)


class SearchForm(forms.Form):
    login = forms.CharField(max_length=64, validators=[login_validator], label=_("Login"))

    def clean_login(self):
        return self.cleaned_data["login"].strip().lower()


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)


class SeatNoteForm(forms.Form):
    state = forms.ChoiceField(choices=SeatState.choices, required=False, label=_("State"))
    note = forms.CharField(max_length=300, required=False, label=_("Note"))


class LayoutRevertForm(forms.Form):
    base = forms.IntegerField(min_value=0, widget=forms.HiddenInput,
                              help_text="The version in use when the page was shown.")


class LayoutImportForm(LayoutRevertForm):
    file = forms.FileField(label=_("Layout file (YAML or JSON)"), max_length=200)


def first_error(form):
    """One line that says what is wrong with a form, for a 400 answer."""
    for name, errors in form.errors.items():
        return f"{name}: {errors[0]}" if name != "__all__" else errors[0]
    return ""


class DisplayForm(forms.ModelForm):
    clusters = forms.CharField(
        required=False, max_length=500, label=_("Clusters"),
        help_text=_("Comma-separated, in the order shown (e.g. e1,e2); empty shows every cluster."),
    )
    rotate_seconds = forms.IntegerField(min_value=5, max_value=3600, initial=20, label=_("Rotate every (seconds)"))

    class Meta:
        model = Display
        fields = ["name", "campus", "clusters", "rotate_seconds", "theme", "show_logins"]
        labels = {"name": _("Name"), "campus": _("Campus"), "theme": _("Theme"), "show_logins": _("Show logins")}
        help_texts = {"show_logins": _("Off: seats show only taken or free.")}

    def clean_clusters(self):
        names = [name.strip() for name in self.cleaned_data["clusters"].split(",") if name.strip()]
        for name in names:
            if not SLUG.match(name):
                raise forms.ValidationError(_("%(name)s is not a cluster name.") % {"name": name})
        return list(dict.fromkeys(names))

    def clean(self):
        cleaned = super().clean()
        campus, names = cleaned.get("campus"), cleaned.get("clusters")
        if campus and names:
            known = [cluster.name for cluster in campus_map(campus).clusters]
            unknown = [name for name in names if name not in known]
            if unknown:
                self.add_error("clusters", _("%(campus)s has no cluster %(unknown)s (it has %(known)s).") % {
                    "campus": campus.name, "unknown": ", ".join(unknown), "known": ", ".join(known) or "-"})
        return cleaned
