"""Layout versions and the editor's doors: save, refuse, conflict, import, export, revert, permission."""

import json

import pytest
from django.contrib.auth.models import Permission

from occupancy.layouts.format import dump_layout, parse_layout
from occupancy.layouts.versions import in_use, save_version
from occupancy.models import LayoutVersion
from tests.maps.conftest import make_campus

pytestmark = pytest.mark.django_db

ROOM = """
clusters:
  - name: e1
    label: North room
    seats:
      - {host: e1r1p1, x: 0, y: 0}
      - {host: e1r1p2, x: 1, y: 0, rotate: 90, w: 1.5}
    shapes:
      - {kind: wall, x: -1, y: -1, w: 5, h: 0.2}
      - {kind: entrance, x: 3, y: 2, w: 1.5, h: 0.3}
      - {kind: label, x: 0, y: 2, text: Window side}
      - {kind: path, d: "M0 0 L4 0 L4 3 Z"}
"""


@pytest.fixture
def editor(staff_client, staff_user):
    staff_user.user_permissions.add(Permission.objects.get(codename="edit_layout"))
    return staff_client


def save(client, campus, base, document):
    return client.post(f"/campus/{campus.id}/layout/save", json.dumps({"base": base, "document": document}),
                       content_type="application/json")


def test_a_layout_file_reads_back_the_same_from_its_export():
    document = parse_layout(ROOM)

    assert parse_layout(dump_layout(document)) == document
    assert document["clusters"][0]["seats"][1] == {"host": "e1r1p2", "x": 1, "y": 0, "w": 1.5, "h": 1, "rotate": 90}


@pytest.mark.parametrize("text, reason", [
    ("clusters:\n  - name: e1\n    seats: [{host: a, x: 0, y: 0}, {host: a, x: 1, y: 0}]\n", "host a has two places"),
    ("clusters:\n  - name: e1\n    seats: [{host: a, x: zero, y: 0}]\n", "x must be a number"),
    ("clusters:\n  - name: e1\n    seats: []\n    shapes: [{kind: door, x: 0, y: 0}]\n", "kind must be one of"),
    ("clusters:\n  - name: e1\n    seats: []\n    shapes: [{kind: path, d: 'url(javascript:x)'}]\n", "d must be SVG"),
    ("clusters:\n  - name: e1\n    label: x\n", "needs 'rows' or 'seats'"),
])
def test_a_bad_seat_or_shape_is_refused_with_its_reason(text, reason):
    with pytest.raises(ValueError) as raised:
        parse_layout(text)
    assert reason in str(raised.value)


def test_the_editor_saves_a_new_version_and_keeps_the_old_one(editor, staff_user):
    campus = make_campus()
    first = save_version(campus, parse_layout(ROOM), source="file room.yaml")
    document = parse_layout(ROOM)
    document["clusters"][0]["seats"][0]["x"] = 7

    answer = save(editor, campus, first.number, document)

    assert answer.status_code == 200 and answer.json()["version"] == 2
    assert [(v.number, v.in_use, v.saved_by) for v in LayoutVersion.objects.filter(campus=campus)] == [
        (2, True, "amartin"), (1, False, "")]
    seats = editor.get(f"/campus/{campus.id}/cluster/e1.json").json()["seats"]
    assert next(s for s in seats if s["host"] == "e1r1p1")["x"] == 7


def test_a_save_made_on_an_old_version_is_refused_and_says_who_saved_meanwhile(editor):
    campus = make_campus()
    save_version(campus, parse_layout(ROOM), source="file", saved_by="bcosta")

    answer = save(editor, campus, 0, parse_layout(ROOM))

    assert answer.status_code == 409
    assert "the layout changed meanwhile: version 1 was saved by bcosta" in answer.json()["error"]
    assert in_use(campus).number == 1


def test_an_invalid_layout_is_refused_with_its_reason_and_the_one_in_use_stays(editor):
    campus = make_campus()
    save_version(campus, parse_layout(ROOM), source="file")
    document = parse_layout(ROOM)
    document["clusters"][0]["seats"][0]["x"] = "far"

    answer = save(editor, campus, 1, document)
    garbage = editor.post(f"/campus/{campus.id}/layout/save", "{", content_type="application/json")

    assert answer.status_code == 400 and "x must be a number, not 'far'" in answer.json()["error"]
    assert garbage.status_code == 400
    assert LayoutVersion.objects.filter(campus=campus).count() == 1


def test_import_export_and_going_back_each_add_a_version(editor, tmp_path):
    campus = make_campus()
    exported = editor.get(f"/campus/{campus.id}/layout/export.yaml")  # no version yet: the inferred layout
    upload = tmp_path / "layout.yaml"
    upload.write_bytes(exported.content)

    with upload.open("rb") as file:
        imported = editor.post(f"/campus/{campus.id}/layout/import", {"base": 0, "file": file})
    back = editor.post(f"/campus/{campus.id}/layout/1/revert", {"base": 1})
    page = editor.get(f"/campus/{campus.id}/layout/").content.decode()

    assert exported["Content-Disposition"] == f'attachment; filename="layout_{campus.id}_inferred.yaml"'
    assert imported.status_code == 302 and back.status_code == 302
    sources = [v.source for v in LayoutVersion.objects.filter(campus=campus)]
    assert sources == ["back to version 1", "import layout.yaml"]
    assert "Saved as version 2 (back to version 1)" in page
    assert len(parse_layout(exported.content.decode())["clusters"][0]["seats"]) == 12


def test_only_staff_holding_the_permission_may_edit(staff_client):
    campus = make_campus()

    assert staff_client.get(f"/campus/{campus.id}/layout/").status_code == 403
    assert save(staff_client, campus, 0, parse_layout(ROOM)).status_code == 403
    assert "Edit the layout" not in staff_client.get(f"/campus/{campus.id}/").content.decode()
