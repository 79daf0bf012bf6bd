"""A search answered early (catalogue.routes.answer_search_early, a before_request hook that runs before the
app's input guard) is refused exactly as the view would refuse it: control characters in any argument —
one the search reads or one it ignores — get the guard's 400 problem, never a 200 from the early path, and
the answer cache does not serve them either."""

import pytest

BAD = ["q=%E6%88%B7%01%E5%8F%A3", "q=hukou&x=%00", "q=%E6%88%B7%E5%8F%A3&page=1%1F", "q=a%7F"]


@pytest.mark.parametrize("query", BAD)
def test_control_characters_are_refused_before_the_early_answer(app, query):
    client = app.test_client()
    first = client.get(f"/api/v1/matters?{query}")
    assert first.status_code == 400, first.get_data(as_text=True)[:200]
    assert first.mimetype == "application/problem+json"
    again = client.get(f"/api/v1/matters?{query}")  # not cached by the refusal either
    assert again.status_code == 400


def test_a_clean_search_is_still_answered_early_and_cached(app):
    client = app.test_client()
    one = client.get("/api/v1/matters?q=%E6%88%B7%E5%8F%A3")
    two = client.get("/api/v1/matters?q=%E6%88%B7%E5%8F%A3")
    assert one.status_code == two.status_code == 200
    assert one.get_json()["total"] >= 1 and one.get_data() == two.get_data()
