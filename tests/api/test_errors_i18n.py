"""One error shape, in the request's language; never a stack trace."""

import pytest


@pytest.mark.parametrize(("params", "headers", "title"), [
    ({}, {}, "未找到"),
    ({"lang": "en"}, {}, "Not found"),
    ({}, {"Accept-Language": "zh-TW,zh;q=0.8"}, "找不到"),
    ({}, {"Accept-Language": "en-US,en;q=0.9"}, "Not found"),
])
def test_not_found_title_is_translated(client, params, headers, title):
    body = client.get("/api/v1/matters/NOPE", query_string=params, headers=headers).get_json()
    assert body["title"] == title
    assert body["type"].endswith("/not-found") and body["status"] == 404


def test_traditional_chinese_differs_from_simplified(client):
    hans = client.get("/api/v1/matters", query_string={"scope": "x", "lang": "zh_Hans"}).get_json()
    hant = client.get("/api/v1/matters", query_string={"scope": "x", "lang": "zh_Hant"}).get_json()
    assert hans["title"] != hant["title"]
    assert hans["errors"]["scope"] != hant["errors"]["scope"]


def test_cookie_choice_beats_accept_language(client):
    client.set_cookie("tb_lang", "en")
    body = client.get("/api/v1/matters/NOPE", headers={"Accept-Language": "zh-CN"}).get_json()
    assert body["title"] == "Not found"


def test_unknown_api_path_is_problem_json_not_the_pwa(client):
    resp = client.get("/api/v1/nowhere")
    assert resp.status_code == 404 and resp.content_type == "application/problem+json"


def test_wrong_method_is_405_problem(client):
    resp = client.delete("/api/v1/matters")
    assert resp.status_code == 405 and resp.content_type == "application/problem+json"


def test_internal_errors_do_not_leak(app, client, monkeypatch):
    from tongban.catalogue import service

    def boom(*a, **k):
        raise RuntimeError("SELECT secret FROM passwords")

    monkeypatch.setattr(service, "find_matters", boom)
    resp = client.get("/api/v1/matters")
    assert resp.status_code == 500
    assert "SELECT" not in resp.get_data(as_text=True) and resp.get_json()["code"] == "internal_error"
