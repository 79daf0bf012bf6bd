"""Versioned lists: history with dated changes, CSV import (all or nothing) and export."""

import uuid

import pytest
from tongban.catalogue import csvio, lists
from tongban.core.errors import Problem
from tongban.extensions import db


def test_lists_include_the_national_list_with_provenance(client):
    items = client.get("/api/v1/lists").get_json()["items"]
    national = next(i for i in items if i["code"] == "kstb-national")
    assert national["item_count"] == 20 and national["demo"] is False
    assert "35号" in national["provenance"]
    assert {i["scope"] for i in items} >= {"kstb", "yrd", "citywide", "partner"}


def test_national_version_one_is_the_confirmed_csv(client):
    body = client.get("/api/v1/lists/kstb-national/versions/1").get_json()
    assert len(body["items"]) == 20 and body["published_at"].startswith("2020-09-2")
    assert all(c["kind"] == "added" for c in body["changes"]) and len(body["changes"]) == 20
    assert any(i["deadline"] == "2020年底前" for i in body["items"])


def test_a_later_demo_version_records_added_removed_and_changed(client):
    demo = [i for i in client.get("/api/v1/lists").get_json()["items"] if (i["current_version"] or 0) >= 2]
    assert demo, "demo data should publish lists with history"
    versions = client.get(f"/api/v1/lists/{demo[0]['code']}/versions").get_json()["items"]
    assert [v["number"] for v in versions] == sorted((v["number"] for v in versions), reverse=True)
    latest = client.get(f"/api/v1/lists/{demo[0]['code']}/versions/{versions[0]['number']}").get_json()
    kinds = {c["kind"] for c in latest["changes"]}
    assert kinds and kinds <= {"added", "removed", "changed"}
    assert versions[0]["counts"][next(iter(kinds))] >= 1


def test_unknown_list_or_version_is_404(client):
    assert client.get("/api/v1/lists/nope/versions").status_code == 404
    assert client.get("/api/v1/lists/kstb-national/versions/99").status_code == 404


def _new_list(scope="partner"):
    code = "t-" + uuid.uuid4().hex[:8]
    lists.upsert_list({"code": code, "name": "测试清单", "scope": scope, "region": "330200", "demo": True})
    db.session.commit()
    return code


def _codes(client, n):
    return [m["code"] for m in client.get(f"/api/v1/matters?per_page={n}").get_json()["items"]]


def test_publishing_computes_changes_and_scopes(ctx, client):
    code = _new_list()
    a, b, c = _codes(client, 3)
    lists.publish(code, [{"matter_code": a}, {"matter_code": b}], "v1")
    db.session.commit()
    v2 = lists.publish(code, [{"matter_code": b, "deadline": "2026年底前"}, {"matter_code": c}], "v2")
    db.session.commit()
    changes = {(ch.kind, ch.matter_code): ch.fields for ch in v2.changes}
    assert changes == {("added", c): [], ("removed", a): [], ("changed", b): ["deadline"]}
    assert "partner" in client.get(f"/api/v1/matters/{c}").get_json()["scopes"]


def test_publishing_an_unchanged_list_is_refused(ctx, client):
    code = _new_list()
    (a,) = _codes(client, 1)
    lists.publish(code, [{"matter_code": a}], "v1")
    db.session.commit()
    with pytest.raises(Problem) as exc:
        lists.publish(code, [{"matter_code": a}], "again")
    assert exc.value.status == 409


def test_csv_with_one_bad_row_imports_nothing_and_names_the_row(ctx, client):
    code = _new_list()
    name = client.get("/api/v1/matters?q=hkqy").get_json()["items"][0]["name"]
    data = ("seq,name,department,modes,deadline\n"
            f"1,{name},公安部,online,2021年底前\n"
            "2,不存在的事项,某部,online,\n"
            f"x,{name},公安部,teleport,\n").encode()
    with pytest.raises(Problem) as exc:
        csvio.import_version(code, data, "bad")
    db.session.rollback()
    errors = exc.value.errors
    assert set(errors) == {"row 3", "row 4"}
    assert any("teleport" in r for r in errors["row 4"]) and any("序号" in r for r in errors["row 4"])
    assert lists.get_list(code).versions == []


def test_csv_header_missing_columns_is_reported(ctx):
    code = _new_list()
    with pytest.raises(Problem) as exc:
        csvio.import_version(code, b"name,modes\nx,online\n", "bad")
    assert "header" in exc.value.errors


def test_csv_not_utf8_is_reported(ctx):
    code = _new_list()
    with pytest.raises(Problem) as exc:
        csvio.import_version(code, "seq,name,department,modes,deadline\n1,户口,公安,,\n".encode("gbk"), "bad")
    assert "file" in exc.value.errors


def test_csv_round_trip_and_formula_cells_are_neutralised(ctx, client):
    code = _new_list()
    (a,) = _codes(client, 1)
    lists.publish(code, [{"matter_code": a, "note": "=HYPERLINK(\"http://evil\")"}], "v1")
    db.session.commit()
    resp = client.get(f"/api/v1/lists/{code}/versions/1/export.csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    text = resp.get_data(as_text=True)
    assert text.splitlines()[0] == "seq,name,department,modes,deadline,matter_code,note"
    assert "'=HYPERLINK" in text
    national = client.get("/api/v1/lists/kstb-national/versions/1/export.csv").get_data()
    rows = csvio.parse(national)
    assert len(rows) == 20


def test_a_version_number_no_list_reaches_is_404_on_every_database(client):
    """Numbers beyond the INTEGER column (PostgreSQL refused to compare them) are simply no version."""
    for n in (2**31, 2**63 - 2):
        for suffix in ("", "/export.csv"):
            resp = client.get(f"/api/v1/lists/kstb-national/versions/{n}{suffix}")
            assert resp.status_code == 404 and resp.content_type == "application/problem+json", (n, suffix)
