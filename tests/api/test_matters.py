"""Finding matters and reading their guides, as a resident would."""

import pytest


def names(resp):
    return [m["name"] for m in resp.get_json()["items"]]


@pytest.mark.parametrize("q", ["hkqy", "hukou", "户口迁移", "户口", "HuKou QianYi"])
def test_household_moves_are_found_by_words_pinyin_and_initials(client, q):
    resp = client.get("/api/v1/matters", query_string={"q": q, "per_page": 50})
    assert resp.status_code == 200
    found = names(resp)
    assert any("户口迁移" in n for n in found), (q, found)


def test_initials_rank_a_matching_name_first(client):
    found = names(client.get("/api/v1/matters?q=hkqy"))
    assert "户口迁移" in found[0]


def test_synonyms_find_the_formal_name(client):
    assert any("社会保障卡" in n for n in names(client.get("/api/v1/matters?q=社保卡")))
    assert any("公积金" in n for n in names(client.get("/api/v1/matters?q=公积金")))


def test_a_query_with_no_match_finds_nothing(client):
    body = client.get("/api/v1/matters?q=zzqqxx").get_json()
    assert body["items"] == [] and body["total"] == 0


def test_fts_syntax_in_a_query_is_harmless(client):
    for q in ['"', "户口 OR", "*", "NEAR(a b)", "a:* & !b", "'; DROP TABLE matters; --"]:
        assert client.get("/api/v1/matters", query_string={"q": q}).status_code == 200


def test_filters_narrow_results(client):
    for field, value in (("scope", "kstb"), ("mode", "online"), ("audience", "enterprise")):
        items = client.get(f"/api/v1/matters?{field}={value}&per_page=100").get_json()["items"]
        assert items, field
        plural = {"scope": "scopes", "mode": "modes", "audience": "audience"}[field]
        assert all(value in m[plural] for m in items), field


def test_department_and_region_filters(client):
    dept = client.get("/api/v1/matters?per_page=1").get_json()["items"][0]["department"]
    items = client.get(f"/api/v1/matters?department={dept['code']}&per_page=100").get_json()["items"]
    assert items and all(m["department"]["code"] == dept["code"] for m in items)
    items = client.get(f"/api/v1/matters?region={dept['region_code']}&per_page=100").get_json()["items"]
    assert items and all(m["department"]["region_code"] == dept["region_code"] for m in items)


def test_pagination_is_consistent(client):
    first = client.get("/api/v1/matters?per_page=5&page=1").get_json()
    second = client.get("/api/v1/matters?per_page=5&page=2").get_json()
    assert first["total"] == second["total"] and first["pages"] == -(-first["total"] // 5)
    assert not {m["code"] for m in first["items"]} & {m["code"] for m in second["items"]}


def test_guide_has_every_part_of_the_standard_guide(client):
    code = client.get("/api/v1/lists/kstb-national/versions/1").get_json()["items"][0]["matter_code"]
    body = client.get(f"/api/v1/matters/{code}").get_json()
    guide = body["guide"]
    for key in ("conditions", "application_methods", "acceptance_mode", "review_procedure", "time_limit_days",
                "issuing_method", "fee", "materials", "form_fields"):
        assert key in guide, key
    material = guide["materials"][0]
    assert {"name", "required", "licence_type", "original_required"} <= set(material)
    assert body["department"]["name"] and body["modes"] and body["min_assurance"] in {"L1", "L2", "L3"}
    assert body["provenance"] and body["demo"] is True
    assert any(ref["code"] == "kstb-national" for ref in body["lists"])


@pytest.mark.parametrize(("query", "field"), [
    ("scope=moon", "scope"), ("mode=teleport", "mode"), ("audience=aliens", "audience"),
    ("per_page=101", "per_page"), ("page=0", "page"), ("region=12", "region"), ("q=" + "户" * 101, "q"),
])
def test_bad_filters_are_400_naming_the_field(client, query, field):
    resp = client.get(f"/api/v1/matters?{query}")
    assert resp.status_code == 400
    assert resp.content_type == "application/problem+json"
    body = resp.get_json()
    assert body["code"] == "validation_error" and field in body["errors"]


def test_unknown_matter_is_404_problem(client):
    resp = client.get("/api/v1/matters/NO-SUCH-1")
    assert resp.status_code == 404 and resp.get_json()["code"] == "not_found"
