import pytest

from occupancy.sync.seats import place_of


@pytest.mark.parametrize(
    "host, place",
    [
        ("e1r2p3", ("e1", 2, 3)),
        ("z4r10p12", ("z4", 10, 12)),
        ("c2r5s14", ("c2", 5, 14)),
        ("bess-f1r2s3", ("bess-f1", 2, 3)),
        ("paul-f4Ar6s1", ("paul-f4a", 6, 1)),
        ("c2r10p142sporgbr", ("c2", 10, 1)),
        ("E1R2P3", ("e1", 2, 3)),
    ],
)
def test_known_host_schemes_give_cluster_row_and_post(host, place):
    assert place_of(host) == place


@pytest.mark.parametrize("host", ["lab-imac-07", "ariel", "e1r2", ""])
def test_a_host_that_fits_no_pattern_is_unplaced(host):
    assert place_of(host) == ("", None, None)


def test_the_apis_own_floor_row_and_post_win():
    assert place_of("e1r2p3", floor="3", row=7, post=8) == ("3", 7, 8)


def test_a_campus_pattern_overrides_the_default():
    pattern = r"^lab-(?P<cluster>[a-z]+)-(?P<row>\d+)-(?P<post>\d+)$"
    assert place_of("lab-imac-2-7", pattern) == ("imac", 2, 7)
    assert place_of("e1r2p3", pattern) == ("", None, None)
