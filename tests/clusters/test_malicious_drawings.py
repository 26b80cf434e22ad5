"""A drawing is someone else's file: whatever it carries is refused or cleaned, with no request made."""

import json

import pytest

from occupancy.layouts.intra_plan import cluster_from_drawing
from occupancy.layouts.intra_svg import DrawingRefused, read_drawing

SEAT = '<rect id="c1r1s1" x="10" y="10" width="16" height="20" fill="#e5e5e5"/>'


def svg(body, head=""):
    return (f'<?xml version="1.0"?>{head}<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xi="http://www.w3.org/2001/XInclude">'
            f"{body}</svg>").encode()


def test_scripts_handlers_foreign_objects_and_links_are_cleaned_away(intra_sim):
    bait = f"{intra_sim.url}/bait.png"
    drawing = svg(
        '<script>alert(1)</script><script/>'
        f'<g onload="alert(2)" class="r1 seats">{SEAT}'
        '<rect id="c1r1s2" x="30" y="10" width="16" height="20" onclick="alert(3)" style="fill:url(#x)"'
        f' fill="url({bait})" stroke="javascript:alert(4)"/></g>'
        '<foreignObject width="100" height="100"><body xmlns="http://www.w3.org/1999/xhtml">'
        '<img src="x" onerror="alert(5)"/></body></foreignObject>'
        f'<a href="javascript:alert(6)"><rect id="c1r1s3" x="50" y="10" width="16" height="20"/></a>'
        f'<image id="c1r1s4" x="70" y="10" width="16" height="20" xlink:href="{bait}"/>'
        f'<use href="{bait}#seat"/><xi:include href="{bait}"/>'
        '<text x="5" y="5" font-size="10">R1<tspan onclick="alert(7)">!</tspan></text>'
    )
    before = intra_sim.stats["total"]

    cleaned = read_drawing(drawing).cleaned_svg()
    _, plan = cluster_from_drawing(drawing, label="c1", hosts={})

    for word in ("script", "alert", "onload", "onclick", "onerror", "foreignObject", "href", "url(", "javascript",
                 "image", "use", "include", "style"):
        assert word not in cleaned
        assert word not in json.dumps(plan)
    assert [seat["host"] for seat in plan["seats"]] == ["c1r1s1", "c1r1s2"]  # a seat inside a link goes with it
    assert intra_sim.stats["total"] == before


@pytest.mark.parametrize("head", [
    '<!DOCTYPE svg [<!ENTITY seat SYSTEM "{url}/secret">]>',
    '<!DOCTYPE svg SYSTEM "{url}/dtd">',
    '<!DOCTYPE svg [<!ENTITY % remote SYSTEM "{url}/param"> %remote;]>',
    '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>',
], ids=["external-entity", "external-dtd", "parameter-entity", "billion-laughs"])
def test_entities_and_doctypes_are_refused_before_anything_is_fetched(intra_sim, head):
    before = intra_sim.stats["total"]

    with pytest.raises(DrawingRefused, match="forbidden XML feature"):
        read_drawing(svg(f'<text x="1" y="1">&seat;&f;</text>{SEAT}', head.replace("{url}", intra_sim.url)))

    assert intra_sim.stats["total"] == before


def test_twenty_megabytes_of_nested_groups_are_refused_unread():
    drawing = svg("<g>" * 3_000_000 + SEAT + "</g>" * 3_000_000)
    assert len(drawing) > 20_000_000

    with pytest.raises(DrawingRefused, match="larger than"):
        read_drawing(drawing)


def test_groups_nested_past_the_limit_are_refused_without_recursion():
    with pytest.raises(DrawingRefused, match="deeper than"):
        read_drawing(svg("<g>" * 5000 + SEAT + "</g>" * 5000))


@pytest.mark.parametrize("drawing, reason", [
    (b"<svg", "not well-formed"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "not an SVG"),
    (svg('<rect id="wall" x="0" y="0" width="100" height="3"/><text x="1" y="1">C1</text>'), "no seat"),
], ids=["broken", "not-svg", "no-seat"])
def test_a_drawing_without_seats_or_not_svg_is_refused_with_its_reason(drawing, reason):
    with pytest.raises(DrawingRefused, match=reason):
        cluster_from_drawing(drawing, label="c1", hosts={})
