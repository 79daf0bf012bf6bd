"""The worker's in-memory search index (catalogue/index.py) answers exactly what the SQL search answers:
the same total and the same matters in the same order, for every query, filter and page; a stale index
is never used; and GET /matters answers the same body whichever way it searched. Runs on SQLite and
PostgreSQL (make test-pg), so the index also answers what both databases answer."""

from __future__ import annotations

import json
import time

import pytest
from tongban.catalogue import index, schemas, service
from tongban.extensions import db

GOLDEN_QUERIES = list(json.loads((__import__("pathlib").Path(__file__).with_name("search_golden.json"))
                                 .read_text(encoding="utf-8")))
QUERIES = [*GOLDEN_QUERIES,
           # every closeness class: equal, starts with, contains, name document, body only (T-IDX-* below)
           "茶叶认证", "茶叶", "认证", "chaye", "cyrz", "tea certification", "tea", "certification", "茶叶认证 补办",
           # one character, pinyin prefixes, stop words, odd input
           "证", "户", "h", "zz", "the", "a b", "_", "a_b", "²", "戶_口", "ｈｋ　ｑｙ", "１２３", "護照*",
           "'戶口' OR 1", "ǖ", "\u200b", "口", "迁移 户口", "hukou 户口 qianyi"]
FILTERS = [{}, {"scope": "kstb"}, {"mode": "online"}, {"audience": "enterprise"}, {"mode": "proxy_window"},
           {"department": "341200-GA"}, {"region": "341200"}, {"region": "999999"},
           {"audience": "person", "mode": "online"}]
PAGES = [(1, 100), (1, 3), (2, 3), (4, 2), (50, 20)]


def _matter(code: str, name: str, **extra: object) -> None:
    service.upsert_matter(schemas.MatterInput().load({
        "code": code, "name": name, "department": "341200-GA", "audience": ["person"], "modes": ["online"],
        "time_limit_days": 5, **extra}))


@pytest.fixture(scope="module")
def ranked_matters(app):
    """Matters for every closeness class of 茶叶认证 (words no golden query finds: they stay in the session's
    database)."""
    with app.app_context():
        _matter("T-IDX-EQ", "茶叶认证", name_en="Tea certification")
        _matter("T-IDX-STARTS", "茶叶认证补办")
        _matter("T-IDX-STARTS-2", "茶叶认证变更申请", department="341200-RS")
        _matter("T-IDX-CONTAINS", "进口茶叶认证", name_en="Imported tea certification")
        _matter("T-IDX-ALIAS", "水果进口检疫", aliases=["茶叶 认证"])
        _matter("T-IDX-BODY", "水果检疫备案", summary="包括茶叶认证。", keywords=["认证"])
        _matter("T-IDX-EN", "出口水果检疫", name_en="Certification of tea for export")
        db.session.commit()


def _index():
    return index.build(0, service.index_rows())


@pytest.mark.usefixtures("ranked_matters")
def test_the_index_answers_what_sql_answers(ctx):
    idx = _index()
    differences = []
    for q in QUERIES:
        for filters in FILTERS:
            for page, per_page in PAGES:
                args = {"q": q, **filters}
                want = service.find_matters(args, page, per_page)
                total, items = idx.search(q.strip(), args, (page - 1) * per_page, per_page)
                got = [json.loads(i) for i in items]
                if (total, got) != (want.total, want.items):
                    differences.append((q, filters, page, per_page, total, want.total,
                                        [m["code"] for m in got], [m["code"] for m in want.items]))
    assert differences == []


@pytest.mark.usefixtures("ranked_matters")
def test_the_closeness_classes_come_in_order(ctx):
    total, items = _index().search("茶叶认证", {}, 0, 100)
    codes = [json.loads(i)["code"] for i in items]
    assert codes[:4] == ["T-IDX-EQ", "T-IDX-STARTS", "T-IDX-STARTS-2", "T-IDX-CONTAINS"], codes
    assert codes.index("T-IDX-ALIAS") < codes.index("T-IDX-BODY"), codes  # the name document, then the body
    assert total == len(codes)
    _, items = _index().search("tea certification", {}, 0, 100)
    assert [json.loads(i)["code"] for i in items][:2] == ["T-IDX-EQ", "T-IDX-CONTAINS"]


@pytest.fixture
def no_answer_cache(monkeypatch):
    monkeypatch.setenv("TONGBAN_SEARCH_CACHE", "0")
    index.reset()
    yield
    index.reset()


@pytest.mark.usefixtures("ranked_matters", "no_answer_cache")
@pytest.mark.parametrize("query", ["q=茶叶认证", "q=hukou&scope=kstb", "q=证明&per_page=5&page=2", "q=户&mode=online",
                                   "q=企业&region=341200", "q=zzzz", "scope=kstb", "", "q=户口&lang=en"])
def test_the_answer_is_the_same_from_the_index_and_from_sql(client, monkeypatch, query):
    from_index = client.get(f"/api/v1/matters?{query}")
    assert from_index.status_code == 200
    assert index._index is not None or "q=" not in query  # a listing without a query is always SQL
    monkeypatch.setenv("TONGBAN_SEARCH_INDEX", "0")
    from_sql = client.get(f"/api/v1/matters?{query}")
    assert from_sql.get_data() == from_index.get_data()
    assert _headers(from_sql) == _headers(from_index)


def _headers(resp) -> list[tuple[str, str]]:
    return [(k, v) for k, v in resp.headers.items() if k != "Set-Cookie"]  # a new CSRF token each time


@pytest.mark.usefixtures("no_answer_cache")
@pytest.mark.parametrize(("query", "same_as"), [("q=户口&utm_source=x", "q=户口"),  # others are left out
                                                ("q=户口&q=社保", "q=户口"),  # the first value counts (the view)
                                                ("q=户口&page=2&page=1", "q=户口&page=2")])
def test_the_early_answer_reads_arguments_as_the_view_does(client, query, same_as):
    assert client.get(f"/api/v1/matters?{query}").get_data() == client.get(f"/api/v1/matters?{same_as}").get_data()


@pytest.mark.usefixtures("no_answer_cache")
@pytest.mark.parametrize("query", ["q=户口&per_page=0", "q=户口&page=x", "q=户口&scope=moon", "q=" + "户" * 101,
                                   "region=12", "q=户口&page=&per_page=5"])
def test_invalid_searches_are_refused_with_the_field_named(client, query):
    resp = client.get(f"/api/v1/matters?{query}")
    assert resp.status_code == 400 and resp.content_type == "application/problem+json"
    assert resp.get_json()["errors"]


def test_a_stale_index_is_not_used_until_it_is_rebuilt(client, ctx, no_answer_cache, monkeypatch):
    def names(q: str) -> list[str]:
        return [m["name"] for m in client.get("/api/v1/matters", query_string={"q": q}).get_json()["items"]]

    assert names("户口")  # builds the index
    built = index._index
    assert built is not None
    monkeypatch.setattr(index, "_not_before", time.monotonic() + 3600)  # as if it had just been rebuilt
    _matter("T-IDX-NEW", "鹦鹉笼舍备案")
    db.session.commit()
    assert names("鹦鹉笼舍") == ["鹦鹉笼舍备案"]  # found by SQL: the index is a generation behind
    assert index._index is built
    monkeypatch.setattr(index, "_not_before", 0.0)
    assert names("鹦鹉笼舍") == ["鹦鹉笼舍备案"]  # the index, rebuilt
    assert index._index is not built and index._index is not None


def test_the_index_is_rebuilt_in_a_thread_of_its_own(app, no_answer_cache):
    built: list[int] = []

    def rebuild(generation: int) -> index.Index:
        built.append(generation)
        with app.app_context():
            return index.build(generation, service.index_rows())

    assert index.current(7, rebuild) is None  # the search goes to SQL meanwhile
    deadline = time.monotonic() + 30
    while index.current(7, rebuild) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert built == [7] and index.current(7, rebuild) is not None


def test_a_failed_rebuild_leaves_search_to_sql(ctx, no_answer_cache, caplog):
    def broken(generation: int) -> index.Index:
        raise RuntimeError("the database went away")

    assert index.current(3, broken, background=False) is None
    assert "rebuild failed" in caplog.text
    assert index.current(3, broken, background=False) is None  # not retried at once
