"""The seated person's picture: kept from the locations feed (both forms real answers take), on the simulator's host."""

import copy

import pytest
import requests

from occupancy.models import Location
from occupancy.sync.locations import sync_locations, upsert_locations
from tests.contract.conftest import real
from tests.sync.conftest import campus_ids_of

pytestmark = pytest.mark.django_db


def test_the_picture_is_kept_from_image_url_and_from_image_link_as_real_answers_give_it():
    older = real("locations/campus_29_locations_2022_icp.json")[0]  # 2022: user.image_url
    newer = copy.deepcopy(older)  # since about 2023: user.image {"link", "versions"}
    newer["id"] += 1
    newer["host"] = "c1r1s1"
    del newer["user"]["image_url"]
    newer["user"]["image"] = {"link": "https://cdn.intra.42.fr/users/0f/qxffbal.jpg",
                              "versions": {"small": "https://cdn.intra.42.fr/users/0f/small_qxffbal.jpg"}}
    bare = copy.deepcopy(newer)  # a user without a picture, or with a link that is no web address
    bare["id"] += 1
    bare["host"] = "c1r1s2"
    bare["user"]["image"] = {"link": "javascript:alert(1)", "versions": {}}

    upsert_locations([older, newer, bare])

    avatars = dict(Location.objects.values_list("id", "avatar"))
    assert avatars == {older["id"]: "https://cdn.intra.42.fr/users/qxffbal.jpg",
                       newer["id"]: "https://cdn.intra.42.fr/users/0f/qxffbal.jpg", bare["id"]: ""}


def test_a_changed_picture_is_written_on_the_next_sighting():
    item = real("locations/campus_29_locations_2022_icp.json")[0]
    upsert_locations([item])
    item = copy.deepcopy(item)
    item["user"]["image_url"] = "https://cdn.intra.42.fr/users/qxffbal-2.jpg"

    assert upsert_locations([item]) == (0, 1)
    assert Location.objects.get().avatar == "https://cdn.intra.42.fr/users/qxffbal-2.jpg"


def test_the_simulators_pictures_are_on_its_own_host_and_load_from_there(intra_sim, sim_client):
    sync_locations(sim_client, campus_ids=campus_ids_of(intra_sim), now=intra_sim.clock.now())

    avatars = list(Location.objects.values_list("avatar", flat=True))
    picture = requests.get(avatars[0], timeout=5)
    assert avatars and all(avatar.startswith(intra_sim.url + "/users/") for avatar in avatars)
    assert picture.status_code == 200 and picture.headers["Content-Type"] == "image/svg+xml"
    assert picture.content.startswith(b"<svg") and b"</text>" in picture.content
    assert requests.get(avatars[0].replace(".jpg", "x.jpg"), timeout=5).status_code == 404
