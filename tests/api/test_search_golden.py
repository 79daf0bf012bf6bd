"""SQLite (FTS5) and PostgreSQL (tsvector) return the same matters in the same order.

Both test runs (make test-py and make test-pg) compare against one recorded answer, searching with SQL
and with the worker's in-memory index (catalogue/index.py). After a deliberate change to search or demo
data: UPDATE_SEARCH_GOLDEN=1 pytest tests/api/test_search_golden.py
"""

import json
import os
from pathlib import Path

import pytest
from tongban.catalogue import index

GOLDEN = Path(__file__).with_name("search_golden.json")


@pytest.fixture(params=["sql", "index"])
def searched_with(request, monkeypatch):
    monkeypatch.setenv("TONGBAN_SEARCH_CACHE", "0")
    monkeypatch.setenv("TONGBAN_SEARCH_INDEX", "1" if request.param == "index" else "0")
    index.reset()  # the first search builds it (tests build in the request)
    yield request.param
    index.reset()


def test_search_results_equal_the_recorded_answer(client, searched_with):
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = {q: [m["code"] for m in client.get("/api/v1/matters", query_string={"q": q, "per_page": 100})
                  .get_json()["items"]] for q in expected}
    assert (index._index is not None) == (searched_with == "index")
    if os.environ.get("UPDATE_SEARCH_GOLDEN") == "1" and searched_with == "sql":
        GOLDEN.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert actual == expected
