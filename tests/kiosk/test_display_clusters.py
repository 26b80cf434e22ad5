"""A wall display shows only clusters its campus has: a misspelt one is refused with its name."""

import pytest

from occupancy.displays import create_display
from occupancy.models import Display
from tests.maps.conftest import make_campus

pytestmark = pytest.mark.django_db


def test_a_display_naming_a_cluster_the_campus_lacks_is_refused_with_the_unknown_names(staff_client):
    campus = make_campus(clusters=("e1", "e2"))

    response = staff_client.post("/displays/", {"name": "Hall", "campus": campus.id, "clusters": "e1, e9, z4",
                                                "rotate_seconds": 20, "theme": "dark"})

    assert response.status_code == 400
    assert "Paris has no cluster e9, z4 (it has e1, e2)." in response.content.decode()
    assert not Display.objects.exists()


def test_the_kiosk_data_names_the_configured_clusters_without_seats(client):
    campus = make_campus(clusters=("e1",))
    _, token = create_display(created_by="amartin", name="Hall", campus=campus, clusters=["e9", "e1"])

    data = client.get(f"/kiosk/{token}/data.json").json()

    assert data["missing"] == ["e9"] and [c["name"] for c in data["clusters"]] == ["e1"]
