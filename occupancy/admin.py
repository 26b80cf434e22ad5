from django import forms
from django.contrib import admin

from occupancy.layouts.format import LayoutError, parse_layout
from occupancy.layouts.versions import save_version
from occupancy.models import Campus, LayoutVersion, Seat, SyncState


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


class LayoutVersionForm(forms.ModelForm):
    """Upload a layout file: the parser of `manage.py load_layout`; it becomes the version in use."""

    file = forms.FileField(help_text="A layout file, JSON or YAML (see occupancy/layouts/format.py).")

    class Meta:
        model = LayoutVersion
        fields = ["campus"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.cleaned_data["document"] = parse_layout(upload.read().decode("utf-8"))
        except (LayoutError, UnicodeDecodeError) as error:
            raise forms.ValidationError(str(error)) from None
        return upload


@admin.register(LayoutVersion)
class LayoutVersionAdmin(admin.ModelAdmin):
    """Versions are added, never changed: an upload adds one in use; going back is one click in the editor."""

    form = LayoutVersionForm
    list_display = ("campus", "number", "in_use", "source", "saved_by", "saved_at")
    list_filter = ("campus", "in_use")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        version = save_version(form.cleaned_data["campus"], form.cleaned_data["document"],
                               source=f"admin upload {form.cleaned_data['file'].name}",
                               saved_by=request.user.get_username())
        for field in LayoutVersion._meta.concrete_fields:  # the admin's messages name the version made
            setattr(obj, field.attname, getattr(version, field.attname))
