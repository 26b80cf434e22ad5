import pytest

from occupancy.layouts.format import LayoutError, parse_layout
from occupancy.layouts.plan import infer_clusters
from occupancy.models import LayoutVersion
from tests.conftest import manage_env, run_manage, test_database_url_for_subprocesses
from tests.maps.conftest import make_campus

GOOD_YAML = """
clusters:
  - name: e1
    label: Floor 1
    order: 2
    rows:
      - {row: 1, posts: 4, gaps: [2]}
      - {row: 2, posts: 3}
  - name: e2
    order: 1
    rows:
      - {row: 1, posts: 2}
"""


def test_a_yaml_layout_file_is_read_with_labels_gaps_and_order():
    document = parse_layout(GOOD_YAML)
    assert document["clusters"][0] == {
        "name": "e1", "label": "Floor 1", "order": 2,
        "rows": [{"row": 1, "posts": 4, "gaps": [2]}, {"row": 2, "posts": 3, "gaps": []}], "seats": [], "shapes": [],
    }
    assert document["clusters"][1]["label"] == "e2"


def test_a_json_layout_file_is_read_too():
    document = parse_layout('{"clusters": [{"name": "c1", "rows": [{"row": 1, "posts": 12}]}]}')
    assert document["clusters"][0]["rows"][0]["posts"] == 12


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("", 1, "the file is empty"),
        ("clusters: [", 1, "expected"),
        ("rooms: []", 1, "expected a 'clusters' list"),
        ("clusters:\n  - name: e1\n    rows:\n      - {row: 1, posts: many}\n", 4, "posts must be a whole number"),
        ("clusters:\n  - name: e1\n    rows:\n      - {row: 1, posts: 4, gaps: [9]}\n", 4, "gap 9 is outside"),
        ("clusters:\n  - name: e1\n    rows: [{row: 1, posts: 2}]\n  - name: e1\n    rows: [{row: 1, posts: 2}]\n",
         4, "cluster 'e1' appears twice"),
        ("clusters:\n  - label: x\n    rows: [{row: 1, posts: 2}]\n", 2, "missing 'name'"),
    ],
)
def test_a_malformed_layout_is_refused_with_its_line_and_reason(text, line, reason):
    with pytest.raises(LayoutError) as raised:
        parse_layout(text)
    assert raised.value.line == line
    assert reason in raised.value.reason


def test_the_inferred_layout_orders_numerically_and_leaves_missing_posts_as_gaps():
    clusters = infer_clusters({("e10", 1, 1): "", ("e2", 2, 3): "", ("e2", 2, 1): "", ("e2", 10, 1): ""})
    assert [c["name"] for c in clusters] == ["e2", "e10"]
    assert clusters[0]["rows"] == [{"row": 2, "posts": 3, "gaps": [2]}, {"row": 10, "posts": 1, "gaps": []}]


def test_load_layout_refuses_a_bad_file_and_keeps_the_layout_in_use(tmp_path, transactional_db):
    campus = make_campus()
    env = manage_env(DATABASE_URL=test_database_url_for_subprocesses())
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD_YAML)
    bad.write_text("clusters:\n  - name: e1\n    rows: oops\n")

    loaded = run_manage("load_layout", str(campus.id), str(good), env=env)
    refused = run_manage("load_layout", "paris", str(bad), env=env)

    assert loaded.returncode == 0, loaded.stderr
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        f"CommandError: {bad}: line 3: rows of e1 must be a list"]
    assert LayoutVersion.objects.get(campus=campus, in_use=True).source == "file good.yaml"
