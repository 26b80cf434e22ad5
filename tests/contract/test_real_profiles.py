"""Real /v2/me answers (Paris 2018, Seoul 2021 and 2022, Khouribga 2024) read by the sign-in."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from accounts.access import campus_ids_of, refusal
from accounts.models import StaffProfile
from occupancy.sync.normalise import avatar_of
from occupancy.sync.surprises import unexpected_fields
from tests.contract.conftest import real, real_profiles

PROFILES = real_profiles()
CAMPUS_OF = {"me_khouribga_2024_swifty.json": 16, "me_paris_2018_newmoube.json": 1,
             "me_seoul_2021_42seoulinfo.json": 29, "me_seoul_2022_icp.json": 29}
SIGNING_IN = {name: profile for name, profile in PROFILES.items() if "login" in profile}


def test_every_real_profile_is_read_for_its_campuses():
    assert {name: campus_ids_of(profile) for name, profile in PROFILES.items()} == {
        name: {campus} for name, campus in CAMPUS_OF.items()}


@pytest.mark.parametrize("name", sorted(SIGNING_IN))
def test_a_real_student_is_refused_and_let_in_only_by_the_allowlist(name):
    profile = SIGNING_IN[name]
    campus = CAMPUS_OF[name]

    reason = refusal(profile, staff_logins=[], staff_campus_ids=[])

    assert profile["staff?"] is False and profile["login"] in reason
    assert refusal(profile, staff_logins=[profile["login"]], staff_campus_ids=[]) is None
    assert refusal(profile, staff_logins=[profile["login"]], staff_campus_ids=[campus]) is None
    assert "belongs to none" in refusal(profile, staff_logins=[profile["login"]], staff_campus_ids=[campus + 1000])


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SIGNING_IN))
def test_a_real_profile_signs_in_and_is_kept(name, client, replay, settings):
    """The whole sign-in, with the intra's token and /v2/me answers replayed as published."""
    profile = SIGNING_IN[name]
    replay.on("POST", "/oauth/token", (200, {}, {**real("token/client_credentials_apidoc.json"),
                                                 "refresh_token": "0" * 64}))
    replay.on("GET", "/v2/me", (200, {}, profile))
    settings.INTRA_API_URL = replay.url
    settings.SOCIALACCOUNT_PROVIDERS = {
        "intra42": {"APPS": [{"client_id": "occupancy-demo", "secret": "occupancy-demo-secret", "key": ""}]}}
    settings.STAFF_LOGINS = {profile["login"]}

    start = client.post("/accounts/intra42/login/", {"process": "login"})
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(f"/accounts/intra42/login/callback/?code=replayed&state={state}")

    assert response.status_code == 302 and response["Location"] == "/"
    kept = StaffProfile.objects.get(login=profile["login"])
    assert (kept.intra_id, kept.campus_ids) == (profile["id"], [CAMPUS_OF[name]])
    assert kept.display_name == profile["displayname"]
    # 2018 and 2022 answers carry image_url, 2024 ones image.link: the avatar is found in both.
    assert re.match(r"^https://cdn\.intra\.42\.fr/users/.*qx[a-z-]*\.jpg$", kept.avatar_url)


def test_real_profiles_hold_no_field_we_do_not_expect():
    assert {name: unexpected_fields("/v2/me", [profile]) for name, profile in PROFILES.items()} == {
        name: {} for name in PROFILES}


def test_a_profile_without_a_picture_has_no_avatar():
    """The intra sends image.link null for accounts without a photo (42-Lyon's schema allows it)."""
    assert avatar_of({"image": {"link": None, "versions": {"large": None}}}) == ""
