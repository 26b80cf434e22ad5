"""Nothing personal of a real person is committed with the real answers: every e-mail address and every
picture or profile address in tests/fixtures/intra_real/ has the anonymised form SOURCES.md describes."""

import re

from tests.contract.conftest import REAL

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
ANONYMOUS_EMAIL = re.compile(r"^qx[a-z-]*@")
# Addresses that carry a person: pictures on the CDN, profile photos, the API's user URLs.
PERSONAL_URL = re.compile(r"https?://(?:cdn|profile|api)\.intra\.42\.fr/(?:v2/)?users/[^\s\"'<>]*")
ANONYMOUS_URL = re.compile(
    r"^https://(?:cdn\.intra\.42\.fr/users/(?:0{32}/)?(?:(?:large|medium|small|micro)_)?qx[a-z-]*\.(?:jpe?g|png|gif)"
    r"|profile\.intra\.42\.fr/users/qx[a-z-]*/photo"
    r"|api\.intra\.42\.fr/v2/users/qx[a-z-]*(?:/[a-z_]*)?)$")


def fixture_texts():
    return {path.relative_to(REAL).as_posix(): path.read_text() for path in sorted(REAL.rglob("*"))
            if path.is_file() and path.suffix in (".json", ".csv", ".svg", ".md")}


def test_every_email_in_the_fixtures_is_anonymised():
    found = {(name, address) for name, text in fixture_texts().items() for address in EMAIL.findall(text)
             if not ANONYMOUS_EMAIL.match(address)}
    assert found == set()


def test_every_personal_address_in_the_fixtures_is_anonymised():
    found = {(name, url) for name, text in fixture_texts().items() for url in PERSONAL_URL.findall(text)
             if not ANONYMOUS_URL.match(url)}
    assert found == set()


def test_the_scan_would_catch_a_real_person():
    text = '{"email": "jdoe@student.42.fr", "image_url": "https://cdn.intra.42.fr/users/1a2b/large_jdoe.jpg"}'
    assert [a for a in EMAIL.findall(text) if not ANONYMOUS_EMAIL.match(a)] == ["jdoe@student.42.fr"]
    assert [u for u in PERSONAL_URL.findall(text) if not ANONYMOUS_URL.match(u)] == [
        "https://cdn.intra.42.fr/users/1a2b/large_jdoe.jpg"]
