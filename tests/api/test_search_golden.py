"""SQLite (FTS5) and PostgreSQL (tsvector) return the same matters in the same order.

Both test runs (make test-py and make test-pg) compare against one recorded answer. After a
deliberate change to search or demo data: UPDATE_SEARCH_GOLDEN=1 pytest tests/api/test_search_golden.py
"""

import json
import os
from pathlib import Path

GOLDEN = Path(__file__).with_name("search_golden.json")


def test_search_results_equal_the_recorded_answer(client):
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = {q: [m["code"] for m in client.get("/api/v1/matters", query_string={"q": q, "per_page": 100})
                  .get_json()["items"]] for q in expected}
    if os.environ.get("UPDATE_SEARCH_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert actual == expected
