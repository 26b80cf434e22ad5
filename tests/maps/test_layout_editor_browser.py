"""In a real headless Chromium: a layout drawn in the editor by dragging is saved, reloaded, exported,
re-imported by load_layout and gone back from; a save over someone else's is refused, nothing lost."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from occupancy.layouts.format import parse_layout
from occupancy.layouts.versions import in_use, save_version
from occupancy.models import LayoutVersion
from tests.browser import sign_in_as_staff, wait_until
from tests.conftest import manage_env, run_manage, test_database_url_for_subprocesses
from tests.maps.conftest import make_campus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = "clusters:\n  - name: e1\n    rows: [{row: 1, posts: 4}, {row: 2, posts: 4}, {row: 3, posts: 4}]\n"


@pytest.fixture
def env():
    return manage_env(DATABASE_URL=test_database_url_for_subprocesses())


@pytest.fixture
def editor_site(served_site, staff_user, browser, env):
    staff_user.user_permissions.add(Permission.objects.get(codename="edit_layout"))
    site = served_site(env)
    sign_in_as_staff(browser, site, staff_user)
    return site


def seat(browser, host):
    return browser.find_element(By.CSS_SELECTOR, f'[data-editor-plan] .seat[data-host="{host}"]')


def places(document, cluster="e1"):
    found = next(c for c in document["clusters"] if c["name"] == cluster)
    return {s["host"]: (s["x"], s["y"]) for s in found["seats"]}


def drag(browser, element, dx, dy):
    """Press, move in steps and release: the pointer events a hand makes."""
    chain = ActionChains(browser).click_and_hold(element)
    for _ in range(5):
        chain.move_by_offset(dx // 5, dy // 5)
    chain.release().perform()


def test_a_layout_drawn_by_dragging_is_saved_reloaded_exported_reimported_and_gone_back_from(
        browser, editor_site, staff_user, env, tmp_path):
    campus = make_campus(extra_hosts=["lab-imac-07"])
    save_version(campus, parse_layout(ROWS), source="file rows.yaml")
    before = places(_editor_document(browser, editor_site))
    width = seat(browser, "e1r1p1").rect["width"]

    drag(browser, seat(browser, "e1r1p1"), int(width * 2), 0)  # one seat two places to the right
    seat(browser, "e1r3p2").click()
    browser.find_element(By.CSS_SELECTOR, '[data-action="select-row"]').click()
    drag(browser, seat(browser, "e1r3p2"), 0, int(width * 1.5))  # its whole row down
    assert len(browser.find_elements(By.CSS_SELECTOR, ".seat.selected")) == 4
    browser.find_element(By.CSS_SELECTOR, '[data-unplaced] [data-host="lab-imac-07"]').click()  # a host seen, unplaced
    browser.find_element(By.CSS_SELECTOR, '[data-action="add"][data-kind="wall"]').click()
    browser.find_element(By.CSS_SELECTOR, '[data-action="save"]').click()
    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "[data-message]"), message="the saved message")

    assert "Saved as version 2 (editor)" in browser.find_element(By.CSS_SELECTOR, "[data-message]").text
    saved = places(in_use(campus).document)
    assert saved["e1r1p1"][0] >= before["e1r1p1"][0] + 1.5 and saved["e1r1p1"][1] == before["e1r1p1"][1]
    moved = {host: saved[host][1] - before[host][1] for host in ("e1r3p1", "e1r3p2", "e1r3p3", "e1r3p4")}
    assert len(set(moved.values())) == 1 and moved["e1r3p1"] >= 1, moved
    assert "lab-imac-07" in saved
    assert [s["kind"] for s in in_use(campus).document["clusters"][0]["shapes"]].count("wall") == 1
    assert places(_editor_document(browser, editor_site)) == saved  # reloaded: as saved

    client = Client()
    client.force_login(staff_user)
    exported = tmp_path / "exported.yaml"
    exported.write_bytes(client.get(f"/campus/{campus.id}/layout/export.yaml").content)
    loaded = run_manage("load_layout", str(campus.id), str(exported), env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert (in_use(campus).number, places(in_use(campus).document)) == (3, saved)

    browser.refresh()
    browser.find_element(By.CSS_SELECTOR, '[data-revert="1"]').click()
    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "[data-message]"), message="the revert")
    assert (in_use(campus).number, in_use(campus).source) == (4, "back to version 1")
    assert in_use(campus).document == LayoutVersion.objects.get(campus=campus, number=1).document


def test_a_save_over_a_layout_changed_meanwhile_is_refused_and_the_drawing_stays(browser, editor_site):
    campus = make_campus()
    _editor_document(browser, editor_site)
    save_version(campus, parse_layout(ROWS), source="file rows.yaml", saved_by="bcosta")  # someone else, meanwhile
    width = seat(browser, "e1r1p1").rect["width"]

    where = seat(browser, "e1r1p1").get_attribute("transform")
    drag(browser, seat(browser, "e1r1p1"), int(width * 3), 0)
    moved_to = seat(browser, "e1r1p1").get_attribute("transform")
    browser.find_element(By.CSS_SELECTOR, '[data-action="undo"]').click()
    assert seat(browser, "e1r1p1").get_attribute("transform") == where != moved_to
    browser.find_element(By.CSS_SELECTOR, '[data-action="redo"]').click()
    assert seat(browser, "e1r1p1").get_attribute("transform") == moved_to
    browser.find_element(By.CSS_SELECTOR, '[data-action="save"]').click()
    status = wait_until(browser, lambda b: b.find_element(By.CSS_SELECTOR, "[data-status]").text.startswith(
        "not saved") and b.find_element(By.CSS_SELECTOR, "[data-status]"), message="the refusal")

    assert "the layout changed meanwhile: version 1 was saved by bcosta" in status.text
    assert seat(browser, "e1r1p1").get_attribute("transform") == moved_to  # nothing lost
    assert LayoutVersion.objects.filter(campus=campus).count() == 1


def _editor_document(browser, site):
    browser.get(site + "/campus/1/layout/")
    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "[data-editor-plan] .seat"), message="the editor")
    return json.loads(browser.find_element(By.ID, "editor-data").get_attribute("textContent"))["document"]
