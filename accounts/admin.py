from django.contrib import admin

from accounts.models import StaffProfile


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("login", "display_name", "campus_ids", "signed_in_at")
    search_fields = ("login", "display_name")
