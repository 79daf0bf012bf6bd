"""Search people actually type: Traditional Chinese, English names, full-width letters; and the
hand-built list answer stays exactly what the schema describes. Runs on SQLite and PostgreSQL."""

import pytest
from tongban.catalogue import schemas, service
from tongban.extensions import db


def codes(client, q, **args):
    resp = client.get("/api/v1/matters", query_string={"q": q, "per_page": 100, **args})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return [m["code"] for m in resp.get_json()["items"]]


def names(client, q):
    return [m["name"] for m in client.get("/api/v1/matters", query_string={"q": q}).get_json()["items"]]


def _matter(code, name, **extra):
    service.upsert_matter(schemas.MatterInput().load({
        "code": code, "name": name, "department": "341200-GA", "audience": ["person"], "modes": ["online"],
        "time_limit_days": 5, **extra}))
    db.session.commit()


def test_the_hint_example_in_traditional_finds_household_moves_first(client):
    found = names(client, "戶口遷移")
    assert found and "户口迁移" in found[0], found


@pytest.mark.parametrize(("traditional", "simplified"), [
    ("戶口遷移", "户口迁移"), ("戶口", "户口"), ("身份證", "身份证"), ("社會保障卡", "社会保障卡"),
    ("營業執照", "营业执照"), ("公積金 提取", "公积金 提取"), ("駕照", "驾照"), ("醫保", "医保"), ("護照", "护照"),
])
def test_traditional_finds_what_simplified_finds_in_the_same_order(client, traditional, simplified):
    expected = codes(client, simplified)
    assert expected or simplified == "护照"  # the demo catalogue has no passport matter
    assert codes(client, traditional) == expected


def test_full_width_letters_are_plain_letters(client):
    assert codes(client, "ｈｕｋｏｕ") == codes(client, "hukou") != []


def test_a_matter_written_in_traditional_is_found_by_simplified_words(client, ctx):
    # (words no golden query uses: this matter stays in the session's database)
    _matter("T-TRAD-1", "漁船檢驗（測試）", summary="為漁船辦理檢驗。", keywords=["漁業"])
    assert codes(client, "渔船检验") == ["T-TRAD-1"]
    assert codes(client, "漁船檢驗") == ["T-TRAD-1"]
    assert codes(client, "渔业") == ["T-TRAD-1"]  # keywords too
    assert codes(client, "ycjy") == ["T-TRAD-1"]  # and its pinyin


@pytest.mark.parametrize(("q", "first", "only_prefix"), [
    ("household registration", "FY-GA-", "FY-GA-"),
    ("ID card", "FY-GA-0003", None),
    ("id cards", "FY-GA-0003", None),
    ("business licence", None, None),
    ("business license", None, None),
    ("social security card", "FY-RS-0005", "FY-RS-"),
    ("driving licence", "FY-GA-0011", None),
])
def test_english_names_are_found(client, q, first, only_prefix):
    found = codes(client, q)
    assert found, q
    if first:
        assert found[0].startswith(first), found
    if only_prefix:
        assert all(c.startswith(only_prefix) for c in found), found
    if "licen" in q and "business" in q:
        assert {"FY-SJ-0001", "FY-SJ-0003", "SHSJ-SJ-0001", "SHXH-SJ-0001"} <= set(found), found


def test_english_finds_a_passport_matter_by_any_of_its_names(client, ctx):
    _matter("T-PASSPORT-1", "普通护照签发（测试）", name_en="Ordinary passport issuance")
    for q in ("passport", "Passports", "ordinary passport", "护照签发", "護照簽發", "huzhao"):
        assert codes(client, q)[:1] == ["T-PASSPORT-1"], q


def test_english_names_are_shown_to_no_one(client):
    listed = client.get("/api/v1/matters", query_string={"q": "ID card"}).get_data(as_text=True)
    detail = client.get("/api/v1/matters/FY-GA-0003").get_data(as_text=True)
    for body in (listed, detail):
        assert "name_en" not in body and "Resident ID card renewal" not in body


def test_list_items_are_exactly_what_the_summary_schema_dumps(client, ctx):
    """The list answer is built from plain rows, not dumped through MatterSummarySchema: hold them equal."""
    for args in ({"q": "户口"}, {"q": "企业", "audience": "enterprise"}, {"scope": "kstb"}, {}):
        items = client.get("/api/v1/matters", query_string={**args, "per_page": 50}).get_json()["items"]
        assert items, args
        for item in items:
            assert item == schemas.MatterSummarySchema().dump(service.get_matter(item["code"])), item["code"]


@pytest.mark.parametrize("args", [{"q": "户口"}, {"q": "hukou", "scope": "kstb"}, {"q": "户", "mode": "online"},
                                  {"q": "企业", "region": "341200"}, {"audience": "person"}])
def test_pages_split_the_whole_ranked_answer(client, args):
    whole = client.get("/api/v1/matters", query_string={**args, "per_page": 100}).get_json()
    pages = [client.get("/api/v1/matters", query_string={**args, "per_page": 3, "page": n}).get_json()
             for n in range(1, whole["pages"] * 34 + 2)]
    assert [m["code"] for p in pages for m in p["items"]] == [m["code"] for m in whole["items"]]
    assert {p["total"] for p in pages} == {whole["total"]}  # past the last page too
    assert pages[-1]["items"] == []


@pytest.mark.parametrize(("field", "value", "attr"), [("scope", "kstb", "scopes"), ("mode", "proxy_window", "modes"),
                                                      ("audience", "enterprise", "audience")])
def test_filters_hold_for_searches(client, field, value, attr):
    items = client.get("/api/v1/matters", query_string={"q": "证明", field: value, "per_page": 100}).get_json()["items"]
    assert items and all(value in m[attr] for m in items)
    everything = codes(client, "证明")
    assert len(items) < len(everything)


def test_department_and_region_filters_hold_for_searches(client):
    items = client.get("/api/v1/matters", query_string={"q": "户口", "department": "341200-GA"}).get_json()["items"]
    assert items and all(m["department"]["code"] == "341200-GA" for m in items)
    assert codes(client, "户口", region="999999") == []


def test_scopes_follow_published_lists_in_search(client):
    """A scope filter finds what the list's current version holds and nothing else (other tests publish
    versions, so the expectation is read from the list, not fixed)."""
    current = next(li for li in client.get("/api/v1/lists").get_json()["items"] if li["code"] == "kstb-national")
    version = client.get(f"/api/v1/lists/kstb-national/versions/{current['current_version']}").get_json()
    listed = version["items"][0]

    def search(q: str, scope: str) -> list[dict]:  # type: ignore[type-arg]
        query = {"q": q, "scope": scope, "per_page": 100}
        return client.get("/api/v1/matters", query_string=query).get_json()["items"]  # type: ignore[no-any-return]

    found = search(listed["matter_name"], "kstb")
    assert listed["matter_code"] in {m["code"] for m in found}
    assert all("kstb" in m["scopes"] for m in found)
    citywide_only = [m for m in search("", "citywide") if "kstb" not in m["scopes"]]
    assert citywide_only
    assert citywide_only[0]["code"] not in {m["code"] for m in search(citywide_only[0]["name"], "kstb")}


@pytest.mark.parametrize("q", ["_", "a_b", "²", "戶_口", "ｈｋ　ｑｙ", "１２３", "護照*", "'戶口' OR 1", "\u3000", "ǖ"])
def test_odd_input_is_never_an_error(client, q):
    assert client.get("/api/v1/matters", query_string={"q": q}).status_code == 200


def test_an_edit_that_leaves_the_english_name_out_keeps_it(client, ctx):
    _matter("T-EN-1", "测试英文名保留事项", name_en="Test keeping an English name")
    _matter("T-EN-1", "测试英文名保留事项（改）")
    assert codes(client, "keeping an english name") == ["T-EN-1"]
    _matter("T-EN-1", "测试英文名保留事项（改）", name_en="")
    assert codes(client, "keeping an english name") == []
