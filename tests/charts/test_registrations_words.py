"""The projects users page speaks the page's language and names campuses and cursus; the URL keeps the API's values."""

import pytest

from occupancy.models import Campus
from occupancy.tasks import refresh_graph

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, monkeypatch, settings):
    settings.GRAPH_PAGE_BUDGET = 0
    monkeypatch.setattr(refresh_graph, "delay", lambda key: None)  # no broker: the page only asks for a refresh
    Campus.objects.create(id=1, name="Paris", time_zone="Europe/Paris")

    def get(query="", language="en"):
        client.cookies["django_language"] = language
        return client.get(f"/charts/registrations/?{query}").content.decode()

    return get


def test_choices_are_words_and_names_with_the_api_values_kept(page):
    text = page("interval=month_of_year&filter%5Bcursus%5D=21&filter%5Bcampus%5D=1")

    assert '<option value="month_of_year" selected>month of the year</option>' in text
    assert '<option value="created_at" selected>created</option>' in text
    assert '<option value="1" selected>Paris</option>' in text and '<option value="5">campus 5</option>' in text
    assert '<option value="21" selected>42cursus</option>' in text
    assert '<option value="in_progress">in progress</option>' in text
    assert ">month_of_year<" not in text and ">created_at<" not in text and ">1 Paris<" not in text
