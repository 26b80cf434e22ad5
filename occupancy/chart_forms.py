"""Input at the edge of the chart pages: a campus and a period of its local days (the graph has its own parser)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from occupancy.input_limits import DayField
from occupancy.models import Campus
from occupancy.read.usage import local_day_bounds

DEFAULT_DAYS = 28
MAX_DAYS = 3 * 366


class CampusPeriodForm(forms.Form):
    """A campus and the local days since..until (both included); the last four weeks by default.

    history_start(campus), when given, returns the first local day there is data for (or None): a
    default period then begins no earlier, so a young install does not open on weeks of zeros.
    """

    campus = forms.ModelChoiceField(queryset=Campus.objects.all(), label=_("Campus"))
    since = DayField(required=False, label=_("From"))
    until = DayField(required=False, label=_("To"))
    cluster = forms.CharField(required=False, max_length=50, label=_("Cluster"), validators=[
        RegexValidator(r"^[A-Za-z0-9_-]*$", _("A cluster name is letters and digits."))])

    default_days = DEFAULT_DAYS
    max_days = MAX_DAYS

    def __init__(self, data, *, now=None, history_start=None, **kwargs):
        super().__init__(data, **kwargs)
        self.now = now or timezone.now()
        self.history_start = history_start

    def clean(self):
        cleaned = super().clean()
        campus = cleaned.get("campus")
        if campus is None or self.errors:
            return cleaned
        today = self.now.astimezone(ZoneInfo(campus.time_zone)).date()
        until = cleaned.get("until") or today
        since = cleaned.get("since")
        if since is None:
            since = until - timedelta(days=self.default_days - 1)
            first = self.history_start(campus) if self.history_start else None
            if first is not None and since < first <= until:
                since = first
        if since > until:
            raise forms.ValidationError(_("The period must begin on or before its last day."))
        if (until - since).days >= self.max_days:
            raise forms.ValidationError(_("A period is at most %(days)d days.") % {"days": self.max_days})
        cleaned["since"], cleaned["until"] = since, until
        cleaned["bounds"] = local_day_bounds(campus, since, until)
        return cleaned


class ForecastPeriodForm(CampusPeriodForm):
    """The forecast against what happened, hour by hour: the last week by default, a month at most."""

    default_days = 7
    max_days = 31
