"""The intra's real cluster drawings (tests/fixtures/intra_real/clusters/) import: seats, places, nothing else."""

import re
from xml.etree.ElementTree import fromstring

import pytest

from occupancy.layouts.format import dump_layout, parse_layout
from occupancy.layouts.intra_plan import cluster_from_drawing, seat_key
from occupancy.layouts.intra_svg import ALLOWED_ATTRIBUTES, ALLOWED_ELEMENTS, read_drawing
from tests.clusters.conftest import REAL

DRAWINGS = {  # file: (seats, the cluster their hosts name)
    # 72 drawn, but one id is mistyped (c2r3p52sporgbr: "4" lost): it names no host, so it stays
    # background and the drift report will list c2r3p5 as a host seen with no seat in the plan.
    "saopaulo_20_nave_7a.svg": (71, "c2"),
    "saopaulo_20_nave_8a.svg": (40, "c1"),
    "seoul_29_c1.svg": (63, "c1"),
    "vienna_53_c1_source_code.svg": (20, "c1"),
}


def imported(name, hosts=None):
    return cluster_from_drawing((REAL / name).read_bytes(), label=name, hosts=hosts or {})


@pytest.mark.parametrize("name", sorted(DRAWINGS))
def test_a_real_drawing_imports_every_seat_once(name):
    seats, cluster = DRAWINGS[name]

    found, plan = imported(name)

    assert found == cluster
    assert len(plan["seats"]) == seats
    assert len({seat["host"] for seat in plan["seats"]}) == seats  # rect and image twins are one seat
    assert any(shape["kind"] == "label" for shape in plan["shapes"]) or name.startswith("vienna")


@pytest.mark.parametrize("name", sorted(DRAWINGS))
def test_nothing_outside_the_allowlist_survives_a_real_drawing(name):
    cleaned = fromstring(read_drawing((REAL / name).read_bytes()).cleaned_svg())

    for element in cleaned.iter():
        assert element.tag in ALLOWED_ELEMENTS
        assert set(element.attrib) <= ALLOWED_ATTRIBUTES
    assert not cleaned.findall(".//script") and not cleaned.findall(".//image")


def test_seoul_seats_stand_where_the_drawing_puts_them():
    _, plan = imported("seoul_29_c1.svg")
    at = {seat["host"]: seat for seat in plan["seats"]}
    svg = (REAL / "seoul_29_c1.svg").read_text()
    drawn = {m[0]: (float(m[1]), float(m[2])) for m in re.findall(r'<rect id="(\w+)"[^>]*x="([\d.]+)" y="([\d.]+)"',
                                                                    svg)}

    # One seat unit is the drawing's 16-unit seat side; every seat keeps its offset from c1r9s7.
    for host, (x, y) in drawn.items():
        assert at[host]["x"] - at["c1r9s7"]["x"] == pytest.approx((x - drawn["c1r9s7"][0]) / 16, abs=1e-3)
        assert at[host]["y"] - at["c1r9s7"]["y"] == pytest.approx((y - drawn["c1r9s7"][1]) / 16, abs=1e-3)
    assert (at["c1r9s7"]["w"], at["c1r9s7"]["h"]) == (1, 1.25)


def test_vienna_seats_carry_their_groups_transforms():
    _, plan = imported("vienna_53_c1_source_code.svg")
    at = {seat["host"]: seat for seat in plan["seats"]}
    scale = 1.49196

    # c1r2p1 (x 100, y 80) and c1r1p7 sit in groups with other translations: matrix(scale, 0, 0, scale, e, f).
    row2 = (scale * 100 - 219.339645, scale * 80 + 31.347363)
    svg = (REAL / "vienna_53_c1_source_code.svg").read_text()
    x, y = map(float, re.search(r'<rect id="c1r1p7"[^>]*y="([\d.]+)" x="([\d.]+)"', svg).groups()[::-1])
    row1 = (scale * x - 41.619629, scale * y + 38.545391)  # group row1-1
    unit = 16 * scale
    assert at["c1r1p7"]["x"] - at["c1r2p1"]["x"] == pytest.approx((row1[0] - row2[0]) / unit, abs=1e-3)
    assert at["c1r1p7"]["y"] - at["c1r2p1"]["y"] == pytest.approx((row1[1] - row2[1]) / unit, abs=1e-3)


def test_sao_paulo_ids_with_the_domain_glued_on_meet_the_hosts_seen():
    hosts = {seat_key(host): host for host in ("c2r1p1", "c2r10p4.42sp.org.br")}

    _, plan = imported("saopaulo_20_nave_7a.svg", hosts)

    named = {seat["host"] for seat in plan["seats"]}
    assert {"c2r1p1", "c2r10p4.42sp.org.br", "c2r12p1"} <= named  # seen as reported; unseen by the id's host part
    assert not any("42sporgbr" in host for host in named)


def test_one_rule_matches_every_way_a_campus_writes_a_seat():
    assert seat_key("c1r9s7") == seat_key("C1R9S7") == seat_key("c1r9s7.42.fr") == ("c1", 9, 7)
    assert seat_key("c2r10p142sporgbr") == seat_key("c2r10p1") == ("c2", 10, 1)
    assert seat_key("c2r10p1442sporgbr") == ("c2", 10, 14)
    assert seat_key("Lab-iMac-07") == "lab-imac-07"


@pytest.mark.parametrize("name", sorted(DRAWINGS))
def test_an_imported_drawing_is_a_layout_file_that_load_layout_reads_back_the_same(name):
    _, plan = imported(name)
    document = {"clusters": [plan]}

    assert parse_layout(dump_layout(document)) == document
