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


def test_the_floor_plans_and_the_editor_speak_french(staff_client, staff_user):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.add(Permission.objects.get(codename="edit_layout"))
    make_campus()

    editor = staff_client.get("/campus/1/layout/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    cluster = staff_client.get("/campus/1/cluster/e1/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Enregistrer une nouvelle version" in editor and "Choisir son îlot" in editor
    assert "occupé, 6 h ou plus" in cluster and "Modifier le plan" in cluster
