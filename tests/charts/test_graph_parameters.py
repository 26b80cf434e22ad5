"""The graph's parameters: exactly what the reference page allows, with its defaults; anything else is a 400."""

import pytest

from occupancy.graph import GraphParameterError, parse_graph_query, query_from_key

pytestmark = pytest.mark.django_db


def test_the_defaults_are_created_at_by_month_of_year():
    query = parse_graph_query([])

    assert (query.field, query.interval, query.path) == (
        "created_at", "month_of_year", "/v2/projects_users/graph/on/created_at/by/month_of_year")


def test_reference_values_make_one_canonical_key_whatever_their_order():
    pairs = [("interval", "day_of_week"), ("filter[campus]", "1"), ("filter[cursus]", "21"), ("filter[marked]", "true"),
             ("range[created_at]", "2025-01-01,2025-12-31"), ("filter[status]", "finished"), ("field", "updated_at"),
             ("filter[project_id]", "3,4"), ("range[final_mark]", "80,")]

    query = parse_graph_query(pairs)

    assert query == parse_graph_query(reversed(pairs)) == query_from_key(query.key)
    assert query.params == {"filter[campus]": "1", "filter[cursus]": "21", "filter[marked]": "true",
                            "filter[project_id]": "3,4", "filter[status]": "finished",
                            "range[created_at]": "2025-01-01,2025-12-31", "range[final_mark]": "80,"}


def test_empty_inputs_of_the_form_are_not_filters():
    assert parse_graph_query([("filter[campus]", ""), ("range[created_at]", " ")]).params == {}


@pytest.mark.parametrize(("query", "reason"), [
    ("field=marked_at", "field must be one of created_at, updated_at, retriable_at"),
    ("interval=minute", "interval must be one of day, week"),
    ("filter%5Bcampus%5D=3", "filter[campus]: '3' is not one of the values the reference lists"),
    ("filter%5Bcursus%5D=2", "filter[cursus]: '2' is not one of the values the reference lists"),
    ("filter%5Bcolour%5D=red", "filter[colour] is not a filter of projects users"),
    ("range%5Bcampus%5D=1,2", "range[campus] is not a range of projects users"),
    ("range%5Bfinal_mark%5D=80", "range[final_mark] needs min,max"),
    ("filter%5Bmarked%5D=yes", "filter[marked]: must be true or false"),
    ("filter%5Buser_id%5D=me", "filter[user_id]: 'me' is not a whole number"),
    ("range%5Bcreated_at%5D=yesterday,", "is not a date"),
    ("sort=-id", "sort is not a parameter of the graph"),
])
def test_a_value_the_reference_does_not_allow_gets_a_400_with_the_reason(client, query, reason):
    response = client.get(f"/charts/registrations/?{query}")

    assert response.status_code == 400
    assert reason in response.content.decode().replace("&#x27;", "'")


def test_the_parser_names_the_parameter_it_refuses():
    with pytest.raises(GraphParameterError, match=r"filter\[campus\]"):
        parse_graph_query([("filter[campus]", "1,abc")])
