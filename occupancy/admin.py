from django import forms
from django.contrib import admin
from django.utils import timezone

from occupancy.layouts import LayoutError, parse_layout
from occupancy.models import Campus, CampusLayout, Seat, SyncState


@admin.register(Campus)
class CampusAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "time_zone", "host_pattern")


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ("host", "campus", "cluster", "row", "post", "state", "last_seen")
    list_filter = ("campus",)
    search_fields = ("host",)


@admin.register(SyncState)
class SyncStateAdmin(admin.ModelAdmin):
    list_display = ("feed", "campus_id", "last_success_at", "last_error_at", "rows_changed", "requests_spent")


class CampusLayoutForm(forms.ModelForm):
    """Upload a layout file; it goes through the same parser as `manage.py load_layout`."""

    file = forms.FileField(help_text="A layout file, JSON or YAML (see occupancy/layouts.py).")

    class Meta:
        model = CampusLayout
        fields = ["campus"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.cleaned_data["document"] = parse_layout(upload.read().decode("utf-8"))
        except (LayoutError, UnicodeDecodeError) as error:
            raise forms.ValidationError(str(error)) from None
        return upload

    def save(self, commit=True):
        layout = super().save(commit=False)
        layout.document = self.cleaned_data["document"]
        layout.source = self.cleaned_data["file"].name
        layout.loaded_at = timezone.now()
        if commit:
            layout.save()
        return layout


@admin.register(CampusLayout)
class CampusLayoutAdmin(admin.ModelAdmin):
    form = CampusLayoutForm
    list_display = ("campus", "source", "loaded_at")
