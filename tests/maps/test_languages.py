import pytest

from tests.maps.conftest import make_campus, sit

pytestmark = pytest.mark.django_db


def test_the_browser_language_chooses_french(staff_client):
    campus = make_campus()
    sit(campus, "e1r1p1", "jdoe")

    text = staff_client.get(f"/campus/{campus.id}/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").content.decode()

    assert '<html lang="fr">' in text
    assert "1 occupés, 11 libres" in text


def test_the_language_switch_overrides_the_browser(staff_client):
    campus = make_campus()

    staff_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = staff_client.get(f"/campus/{campus.id}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<html lang="en">' in text and "0 taken, 12 free" in text
