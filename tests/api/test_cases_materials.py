"""Uploaded materials: size limit (413), type by content (a lie is 415), encrypted at rest with a
digest, listed on the case, removable while the case is open for files."""

import hashlib
from pathlib import Path

import pytest

from tests.support.cases import JPEG, PDF, PNG, post, resident, submit, upload

MATTER, PROOF = "FY-GA-0010", "居民死亡医学证明（推断）书"


@pytest.fixture(autouse=True, scope="module")
def uploads(app, tmp_path_factory):
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    folder = tmp_path_factory.mktemp("uploads")
    extra["uploads_dir"] = str(folder)
    yield folder
    extra["uploads_dir"] = before


@pytest.fixture
def draft(app):
    api = resident(app)
    return api, post(api, "/api/v1/cases", {"matter": MATTER}).get_json()["number"]


def test_pdf_jpeg_and_png_are_stored_encrypted_with_their_digest(draft, uploads):
    api, number = draft
    for data, name, kind in ((PDF, "a.pdf", "application/pdf"), (JPEG, "b.JPG", "image/jpeg"),
                             (PNG, "c.png", "image/png")):
        resp = upload(api, number, PROOF, data, name, kind)
        assert resp.status_code == 201, resp.get_json()
        body = resp.get_json()
        assert body["content_type"] == kind and body["original_sha256"] == hashlib.sha256(data).hexdigest()
        assert body["filename"] == name
        if kind == "application/pdf":  # stored as uploaded
            assert body["sha256"] == body["original_sha256"] and body["size"] == len(data)
    listed = api.get(f"/api/v1/cases/{number}/materials").get_json()["items"]
    assert [f["filename"] for f in listed] == ["a.pdf", "b.JPG", "c.png"]
    stored = [p for p in Path(uploads).rglob("*") if p.is_file()]
    assert stored and all(PDF not in p.read_bytes() and b"PNG" not in p.read_bytes() for p in stored)
    got = api.get(f"/api/v1/cases/{number}/materials/{listed[0]['id']}")
    assert got.get_data() == PDF and "attachment" in got.headers["Content-Disposition"]


def test_a_file_over_the_limit_is_413(app, draft, monkeypatch):
    api, number = draft
    monkeypatch.setitem(app.config["TONGBAN"].extra, "upload_max_bytes", 1024)
    resp = upload(api, number, PROOF, PDF + b"0" * 1024)
    assert resp.status_code == 413 and resp.get_json()["code"] == "payload_too_large"
    assert upload(api, number, PROOF, PDF).status_code == 201


@pytest.mark.parametrize(("data", "name", "declared"), [
    (PNG, "scan.pdf", "application/pdf"),          # a PNG that says it is a PDF
    (PDF, "scan.pdf", "image/png"),                # a PDF sent as PNG
    (PDF, "run.exe", "application/octet-stream"),  # a PDF named as a program
    (b"MZ\x90\x00" + b"\x00" * 60, "scan.pdf", "application/pdf"),  # a program named as a PDF
    (b"<html><script>alert(1)</script>", "scan.png", "image/png"),
])
def test_a_type_that_lies_is_415(draft, data, name, declared):
    api, number = draft
    resp = upload(api, number, PROOF, data, name, declared)
    assert resp.status_code == 415 and resp.get_json()["code"] == "unsupported_media_type"
    assert api.get(f"/api/v1/cases/{number}/materials").get_json()["items"] == []


def test_a_generic_declared_type_is_judged_by_content(draft):
    api, number = draft
    resp = upload(api, number, PROOF, PDF, "扫描件", "application/octet-stream")
    assert resp.status_code == 201 and resp.get_json()["content_type"] == "application/pdf"


def test_names_are_cleaned_and_materials_must_be_the_guides(draft):
    api, number = draft
    resp = upload(api, number, PROOF, PDF, "../../etc/证明.pdf")
    assert resp.status_code == 201 and resp.get_json()["filename"] == "证明.pdf"
    resp = upload(api, number, "随便什么材料", PDF)
    assert resp.status_code == 400 and "material" in resp.get_json()["errors"]
    assert upload(api, number, PROOF, b"").status_code == 400


def test_remove_then_files_are_closed_after_submission(draft):
    api, number = draft
    first = upload(api, number, PROOF, PDF).get_json()["id"]
    left = post(api, f"/api/v1/cases/{number}/materials/{first}/remove").get_json()["items"]
    assert left == []
    assert api.get(f"/api/v1/cases/{number}/materials/{first}").status_code == 404
    post(api, f"/api/v1/cases/{number}", {"form": {
        "deceased_id": "341202194503120110", "death_date": "2026-11-20", "relation": "子女",
        "contact_phone": "13800000099", "delivery": "电子证照"}})
    upload(api, number, PROOF, PDF)
    assert submit(api, number).status_code == 200
    assert upload(api, number, PROOF, PDF).status_code == 409
