"""The 42 sign-in against the simulator: staff get in, everyone else is told why, forged callbacks fail."""

import pytest
import requests

from accounts.models import StaffProfile
from tests.accounts.conftest import CALLBACK

pytestmark = pytest.mark.django_db


def test_a_staff_member_signs_in_and_their_profile_is_kept(client, intra_sim, intra_sign_in, settings):
    response = intra_sign_in(client, "amartin")

    assert response.status_code == 302 and response["Location"] == "/"
    profile = StaffProfile.objects.get(login="amartin")
    assert profile.campus_ids == [1] and profile.avatar_url.endswith("amartin.jpg") and profile.display_name
    assert client.session.get_expiry_age() == settings.SESSION_TTL
    assert client.get("/status/").status_code == 200


def test_no_oauth_token_is_kept_after_the_sign_in(client, intra_sim, intra_sign_in):
    from allauth.socialaccount.models import SocialToken

    intra_sign_in(client, "amartin")
    assert not SocialToken.objects.exists()


def test_a_student_is_refused_with_the_reason_and_no_session(client, intra_sim, intra_sign_in):
    student = intra_sim.world.student_logins(9)[0]

    response = intra_sign_in(client, student)

    assert response.status_code == 403
    assert f"Occupancy is for 42 staff; {student} is a student account." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/status/").status_code == 302


def test_the_rule_is_checked_again_at_each_sign_in(client, intra_sim, intra_sign_in, settings):
    student = intra_sim.world.student_logins(1)[0]
    settings.STAFF_LOGINS = {student}
    assert intra_sign_in(client, student).status_code == 302
    client.post("/accounts/logout/")

    settings.STAFF_LOGINS = set()
    assert intra_sign_in(client, student).status_code == 403


def test_the_campus_limit_applies(client, intra_sim, intra_sign_in, settings):
    settings.STAFF_CAMPUS_IDS = [9]
    response = intra_sign_in(client, "amartin")
    assert response.status_code == 403
    assert "for the staff of campus 9" in response.content.decode()


def test_a_forged_state_ends_on_a_clear_page(client, intra_sim, intra_sign_in):
    client.post("/accounts/intra42/login/", {"process": "login"})

    response = client.get(f"{CALLBACK}?code=whatever&state=forged")

    assert response.status_code == 401
    assert "The sign-in with 42 could not be completed" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_replayed_callback_ends_on_a_clear_page(client, intra_sim, intra_sign_in):
    start = client.post("/accounts/intra42/login/", {"process": "login"})
    query = dict(part.split("=", 1) for part in start["Location"].split("?", 1)[1].split("&"))
    approved = requests.post(f"{intra_sim.url}/oauth/authorize", data={
        "client_id": "occupancy-demo", "redirect_uri": requests.utils.unquote(query["redirect_uri"]),
        "state": requests.utils.unquote(query["state"]), "login": "amartin"}, allow_redirects=False)
    callback = approved.headers["Location"].split(intra_sim.url)[-1].split("testserver")[-1]
    assert client.get(callback).status_code == 302
    client.post("/accounts/logout/")

    replayed = client.get(callback)

    assert "The sign-in with 42 could not be completed" in replayed.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_code_for_another_application_is_refused(client, intra_sim_factory, settings):
    sim = intra_sim_factory(clients={"occupancy-demo": "occupancy-demo-secret", "other-app": "other-secret"})
    settings.INTRA_API_URL = sim.url
    settings.SOCIALACCOUNT_PROVIDERS = {
        "intra42": {"APPS": [{"client_id": "occupancy-demo", "secret": "occupancy-demo-secret", "key": ""}]}}
    start = client.post("/accounts/intra42/login/", {"process": "login"})
    state = start["Location"].split("state=")[1].split("&")[0]
    other = requests.post(f"{sim.url}/oauth/authorize", data={
        "client_id": "other-app", "redirect_uri": f"http://testserver{CALLBACK}", "state": "x", "login": "amartin"},
        allow_redirects=False)
    code = other.headers["Location"].split("code=")[1].split("&")[0]

    response = client.get(f"{CALLBACK}?code={code}&state={state}")

    assert "The sign-in with 42 could not be completed" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_error_from_the_provider_ends_on_a_clear_page(client, intra_sim, intra_sign_in):
    start = client.post("/accounts/intra42/login/", {"process": "login"})
    state = start["Location"].split("state=")[1].split("&")[0]

    response = client.get(f"{CALLBACK}?error=access_denied&state={state}", follow=True)

    assert response.status_code < 500
    assert "You did not allow Occupancy to use your 42 account" in response.content.decode()


def test_the_login_page_offers_sign_in_with_42_and_nothing_else(client):
    text = client.get("/accounts/login/").content.decode()
    assert "Sign in with 42" in text
    assert 'type="password"' not in text
