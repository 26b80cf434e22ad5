"""The streaming writer: RFC 4180, formulas neutralised, numbers kept, a spreadsheet-friendly variant."""

import csv
import io

from django.utils.safestring import mark_safe

from occupancy.read.exports import csv_chunks, stream_csv
from tests.exports.conftest import FORMULA_LOGINS, QUOTED_LOGIN


def written(rows, columns=("login", "points"), **options):
    return "".join(csv_chunks(rows, list(columns), **options))


def test_rows_round_trip_through_pythons_csv_reader():
    rows = [(login, 1) for login in ["plain", "with, comma", 'with "quotes"', "two\r\nlines", "é 🙂", QUOTED_LOGIN]]

    text = written(rows)

    assert list(csv.reader(io.StringIO(text, newline=""))) == [["login", "points"],
                                                                *[[login, "1"] for login, _ in rows]]


def test_lines_end_with_crlf_and_only_cells_that_need_it_are_quoted():
    assert written([("a b", 1), ("a,b", 2), ('a"b', 3)]) == 'login,points\r\na b,1\r\n"a,b",2\r\n"a""b",3\r\n'


def test_text_that_a_spreadsheet_would_run_is_neutralised():
    text = written([(login, 0) for login in FORMULA_LOGINS])

    logins = [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]
    assert logins == ["'" + login for login in FORMULA_LOGINS]


def test_numbers_are_left_as_numbers_even_when_negative():
    text = written([("jdoe", -12), ("jdoe", -0.5), ("", 0)])

    assert text.splitlines()[1:] == ["jdoe,-12", "jdoe,-0.5", ",0"]


def test_a_hostile_header_is_neutralised_too():
    assert written([], columns=["=cmd", "ok"]) == "'=cmd,ok\r\n"


def test_excel_adds_a_byte_order_mark_and_uses_semicolons_and_decimal_commas():
    text = written([("a;b", 2.5), ("=x", -3)], excel=True)

    assert text == '\ufefflogin;points\r\n"a;b";2,5\r\n\'=x;-3\r\n'


def test_the_header_comes_alone_before_any_row_is_read():
    def rows():
        raise AssertionError("read too early")
        yield

    assert next(csv_chunks(rows(), ["login"])) == "login\r\n"


def test_the_response_is_a_streamed_utf8_attachment_named_as_asked():
    response = stream_csv(iter([("é", 1)]), ["login", "points"], "locations_paris_2026-11-01_2026-11-24.csv")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="locations_paris_2026-11-01_2026-11-24.csv"'
    assert b"".join(response.streaming_content) == "login,points\r\né,1\r\n".encode()


def test_text_marked_safe_by_a_template_is_neutralised_too():
    assert written([(mark_safe("=1+2"), 1)]).splitlines()[1] == "'=1+2,1"
