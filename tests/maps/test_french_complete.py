"""Every page a staff member opens, rendered in French, shows no known English word: text, attributes a
reader meets (placeholders, labels) and the data the page's scripts draw (chart titles, legends, axes)."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from occupancy.displays import create_display
from occupancy.models import Project, ProjectSession, Seat, SyncState
from occupancy.sync.rollup import roll_up
from occupancy.tasks import refresh_graph
from tests.maps.conftest import make_campus, sit

pytestmark = pytest.mark.django_db

ENGLISH = ["taken", "free", "Seats", "seats", "per hour", "per day", "Monday", "Tuesday", "Sunday", "Weekday",
           "Hour of the day", "busiest", "Busiest", "Longest sessions", "still open", "Hours", "people",
           "Pool points", "ongoing", "upcoming", "exam", "every campus", "Worker and beat", "running",
           "not scheduling", "Last success", "Failed runs", "Name", "Theme", "Show logins", "Rotate every",
           "Download", "month of the year", "created", "Day", "since", "Find a login", "Sign out",
           "Wall displays", "Charts", "out of service", "reserved", "to 20"]


def strings_in(value):
    if isinstance(value, str):
        return [value]
    values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in values for text in strings_in(item)]


class VisibleText(HTMLParser):
    """The words a reader meets: text, placeholders, labels, titles, and the words the scripts draw (the
    charts' data and the live pages' labels; not the seats' data, whose values are the code's, not words)."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip, self.words_json = [], 0, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("style", "script"):
            self.skip += 1
            self.words_json = tag == "script" and re.fullmatch(r"chart-.*-data|map-labels", attrs.get("id") or "")
        self.parts += [attrs[name] for name in ("placeholder", "aria-label", "title", "alt") if attrs.get(name)]

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self.skip:
            self.skip -= 1
            self.words_json = False

    def handle_data(self, data):
        if self.words_json:
            self.parts += strings_in(json.loads(data))
        elif not self.skip:
            self.parts.append(data)


def english_words_in(html):
    parser = VisibleText()
    parser.feed(html)
    text = re.sub(r"%\(\w+\)s", "", " ".join(parser.parts))  # placeholders the scripts fill are not words
    return sorted({word for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)})


@pytest.fixture
def campus(monkeypatch, settings):
    settings.GRAPH_PAGE_BUDGET = 0
    monkeypatch.setattr(refresh_graph, "delay", lambda key: None)
    campus = make_campus(clusters=("e1", "e2"))
    sit(campus, "e1r1p1", "jdoe", begun_minutes_ago=3 * 24 * 60)
    Seat.objects.filter(host="e1r1p2").update(state="out_of_service", note="écran")
    Seat.objects.filter(host="e1r1p3").update(state="reserved")
    now = timezone.now()
    roll_up(campus.id, now - timedelta(days=4), now, now=now)
    project = Project.objects.create(id=1, name="Exam Rank 02", slug="exam-rank-02", exam=True)
    ProjectSession.objects.create(id=1, project=project, campus_id=None, begin_at=now - timedelta(hours=1),
                                  end_at=now + timedelta(days=2), updated_at=now)
    SyncState.objects.create(feed="pools", last_run_at=now, last_success_at=now)
    return campus


def test_every_page_in_french_shows_no_english_word(staff_client, campus):
    staff_client.cookies["django_language"] = "fr"
    seat = Seat.objects.get(host="e1r1p1")
    _, token = create_display(created_by="amartin", name="Hall", campus=campus, show_logins=True)
    pages = ["/campus/1/", "/campus/1/cluster/e1/", f"/seat/{seat.id}/", "/user/jdoe/", "/search?login=j",
             "/charts/", "/charts/pools/", "/charts/sessions/", "/charts/registrations/", "/status/", "/displays/",
             "/campus/1/drift/", f"/kiosk/{token}/"]

    found = {}
    for page in pages:
        response = staff_client.get(page, follow=True)
        assert response.status_code == 200, page
        words = english_words_in(response.content.decode())
        if words:
            found[page] = words

    assert not found, found
