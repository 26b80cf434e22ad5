"""The sign-in's message shows on the page the sign-in lands on, once, not later on an unrelated page."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_sign_in_message_shows_on_the_next_page_and_only_there(client, intra_sim, intra_sign_in):
    landing = intra_sign_in(client, "amartin")

    first = client.get(landing["Location"], follow=True).content.decode()
    later = client.get("/status/").content.decode()

    assert "Successfully signed in as amartin." in first
    assert "Successfully signed in" not in later
