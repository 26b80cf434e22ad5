"""Input at the edge of the CSV exports: one form per export, shared by the web and `manage.py export`.

Every export takes a campus and its local days since..until (the chart pages' form and defaults)
and `excel`; each adds its own filters.
"""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from occupancy.chart_forms import CampusPeriodForm
from occupancy.forms import first_error, login_validator
from occupancy.read import exports
from occupancy.read.usage import first_day


def _flag(label):
    """0 or 1 (absent: 0)."""
    return forms.TypedChoiceField(choices=[("0", "0"), ("1", "1")], coerce=lambda value: value == "1",
                                  required=False, empty_value=False, label=label)


class ExportForm(CampusPeriodForm):
    cluster = None  # only the exports that filter by cluster have it
    excel = _flag(_("For a spreadsheet that expects ;"))
    filters = ()  # the cleaned fields passed on to the export
    from_history = False  # True: the default period begins no earlier than the roll-up, as on the chart pages

    def __init__(self, data, **kwargs):
        super().__init__(data, history_start=first_day if self.from_history else None, **kwargs)


class ClusterExportForm(ExportForm):
    """The exports read from locations and their roll-up: locations, occupancy, utilisation."""

    cluster = CampusPeriodForm.base_fields["cluster"]
    filters = ("cluster",)
    from_history = True


class LocationsExportForm(ClusterExportForm):
    host = forms.CharField(required=False, max_length=100, label=_("Host"), validators=[
        RegexValidator(r"^[A-Za-z0-9_.-]*$", _("A host is letters, digits, dots, dashes or underscores."))])
    login = forms.CharField(required=False, max_length=64, validators=[login_validator], label=_("Login"))
    active = _flag(_("Only sessions still open"))
    filters = ("cluster", "host", "login", "active")

    def clean_login(self):
        return self.cleaned_data["login"].lower()


class OccupancyExportForm(ClusterExportForm):
    by = forms.ChoiceField(choices=[("hour", _("hour")), ("day", _("day"))], required=False, label=_("Per"))
    filters = ("cluster", "by")

    def clean_by(self):
        return self.cleaned_data["by"] or "hour"


FORMS = {
    "locations": LocationsExportForm,
    "occupancy": OccupancyExportForm,
    "utilisation": ClusterExportForm,
    "pools": ExportForm,
    "balances": ExportForm,
    "project-sessions": ExportForm,
}


class BadExport(ValueError):
    """An unknown export or a filter that does not validate; the message is one line for the user."""


def build_export(name, data, *, now):
    """(Export, excel) for the export called name with the query parameters data; raises BadExport."""
    if name not in FORMS:
        raise BadExport(f"There is no export called {name!r}; there are {', '.join(FORMS)}.")
    form = FORMS[name](data, now=now)
    if not form.is_valid():
        raise BadExport(first_error(form))
    cleaned = form.cleaned_data
    export = exports.EXPORTS[name](cleaned["campus"], cleaned["since"], cleaned["until"], now=now,
                                   **{field: cleaned[field] for field in form.filters})
    return export, cleaned["excel"]
