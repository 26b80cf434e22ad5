from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from occupancy.views import charts, displays, exports, forecast, health, maps, metrics, status
from occupancy.views.search import suggestions

urlpatterns = [
    path("", maps.home, name="home"),
    path("campus/<int:campus_id>/", maps.campus_overview, name="campus"),
    path("campus/<int:campus_id>.json", maps.campus_map_json, name="campus-json"),
    path("campus/<int:campus_id>/cluster/<slug:cluster>/", maps.cluster_map, name="cluster"),
    path("campus/<int:campus_id>/cluster/<slug:cluster>.json", maps.cluster_map_json, name="cluster-json"),
    path("campus/<int:campus_id>/drift/", maps.drift, name="drift"),
    path("campus/<int:campus_id>/forecast.json", forecast.forecast_json, name="forecast-json"),
    path("campus/<int:campus_id>/forecast/", forecast.forecast_fragment, name="forecast-fragment"),
    path("search", maps.search, name="search"),
    path("search/suggestions.json", suggestions, name="search-suggestions"),
    path("seat/<int:seat_id>/", maps.seat_detail, name="seat"),
    path("seat/<int:seat_id>/note", maps.seat_note, name="seat-note"),
    path("user/<str:login>/", maps.user_detail, name="user"),
    path("charts/", charts.chart_page, {"page": "usage"}, name="charts"),
    path("charts/pools/", charts.chart_page, {"page": "pools"}, name="charts-pools"),
    path("charts/sessions/", charts.chart_page, {"page": "sessions"}, name="charts-sessions"),
    path("charts/forecast/", charts.chart_page, {"page": "forecast"}, name="charts-forecast"),
    path("charts/forecast/<slug:slug>.csv", charts.chart_csv, {"page": "forecast"}, name="charts-forecast-csv"),
    path("charts/usage/<slug:slug>.csv", charts.chart_csv, {"page": "usage"}, name="charts-usage-csv"),
    path("charts/pools/<slug:slug>.csv", charts.chart_csv, {"page": "pools"}, name="charts-pools-csv"),
    path("charts/sessions/<slug:slug>.csv", charts.chart_csv, {"page": "sessions"}, name="charts-sessions-csv"),
    path("charts/registrations/", charts.registrations, name="charts-registrations"),
    path("charts/registrations.csv", charts.registrations_csv, name="charts-registrations-csv"),
    path("exports/<slug:name>.csv", exports.export_csv, name="export"),
    path("displays/", displays.display_list, name="displays"),
    path("displays/<int:display_id>/revoke", displays.display_revoke, name="display-revoke"),
    path("kiosk/<str:token>/", displays.kiosk, name="kiosk"),
    path("kiosk/<str:token>/data.json", displays.kiosk_data, name="kiosk-data"),
    path("kiosk/<str:token>/forecast/", forecast.kiosk_forecast, name="kiosk-forecast"),
    path("kiosk/<str:token>/forecast.json", forecast.kiosk_forecast_json, name="kiosk-forecast-json"),
    path("status/", status.status_page, name="status"),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
