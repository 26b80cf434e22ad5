"""A real headless Chromium draws the usage charts: a Chart instance on each canvas, and ink on it."""

import pytest

from tests.browser import sign_in_as_staff

INK = """
return Array.from(document.querySelectorAll('canvas[data-chart]')).map(function (canvas) {
  var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data, ink = 0;
  for (var i = 0; i < pixels.length; i += 4) { if (pixels[i] < 200 || pixels[i + 1] < 200) { ink++; } }
  return {chart: canvas.dataset.chart, drawn: canvas.dataset.drawn, instance: !!Chart.getChart(canvas), ink: ink};
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_usage_charts_draw_in_chromium(live_server, browser, campus, settings, staff_user):
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    sign_in_as_staff(browser, live_server.url, staff_user)

    browser.get(live_server.url + "/charts/?campus=1&since=2025-11-24&until=2025-11-26")

    canvases = browser.execute_script(INK)
    assert len(canvases) == 6
    assert all(canvas["drawn"] == "true" and canvas["ink"] > 500 for canvas in canvases)
    assert sum(canvas["instance"] for canvas in canvases) == 5  # the heat map is drawn without Chart.js
