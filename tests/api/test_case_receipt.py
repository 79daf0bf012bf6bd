"""The receipt PDF (受理回执): Chinese text that extracts, the case's facts, a masked applicant, and a QR
whose payload opens the case's status without the query code (which is never printed)."""

import io
import re

import pypdf
import pypdfium2
import pytest
import zxingcpp

from tests.support.cases import (
    PDF,
    demo_staff,
    jobs_run,  # noqa: F401 - autouse: the queued jobs run after each test
    post,
    resident,
    submit,
    upload,
)

MATTER, PROOF = "FY-GA-0010", "居民死亡医学证明（推断）书"
FORM = {"deceased_id": "341202194503120110", "death_date": "2026-11-20", "relation": "子女",
        "contact_phone": "13800000099", "delivery": "电子证照"}


@pytest.fixture(autouse=True, scope="module")
def _uploads(app, tmp_path_factory):
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    extra["uploads_dir"] = str(tmp_path_factory.mktemp("uploads"))
    yield
    extra["uploads_dir"] = before


@pytest.fixture(scope="module")
def submitted(app):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER, "form": FORM}).get_json()["number"]
    assert upload(api, number, PROOF, PDF).status_code == 201
    receipt = submit(api, number).get_json()
    return api, number, receipt


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def qr_of(pdf: bytes) -> list[str]:
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    return [b.text for b in zxingcpp.read_barcodes(image)]


def zh(app, msgid, **values):
    """A message as the zh_Hans catalogue has it (the msgid itself until the catalogue is merged)."""
    from flask_babel import gettext

    with app.test_request_context("/?lang=zh_Hans"):
        return gettext(msgid, **values)


def test_the_receipt_pdf_says_what_a_receipt_says_in_chinese(app, submitted):
    api, number, receipt = submitted
    resp = api.get(f"/api/v1/cases/{number}/receipt.pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.headers["Cache-Control"] == "private, no-store"
    pdf = resp.get_data()
    assert pdf.startswith(b"%PDF-") and b"STSong-Light" in pdf  # the built-in CID font: no file embedded
    text = text_of(pdf)
    for expected in (zh(app, "Application receipt"), number, "死亡注销户口（FY-GA-0010）", "阜阳市公安局",
                     zh(app, "Promised time limit"), zh(app, "%(days)s working days from acceptance", days=1)):
        assert expected in text, (expected, text)
    name = api.get("/api/v1/me").get_json()["name"]
    assert name not in text and name[0] + "*" * (len(name) - 1) in text  # the applicant, masked
    assert receipt["query_code"] not in text  # shown once, at submission: never printed later
    assert receipt["signature"]["digest"][:16] in text  # the signature it carries


def test_the_qr_opens_the_case_status_without_the_query_code(submitted, client):
    api, number, receipt = submitted
    found = qr_of(api.get(f"/api/v1/cases/{number}/receipt.pdf").get_data())
    assert len(found) == 1
    payload = found[0]
    match = re.fullmatch(r"TBR1:(TB\d{14}):([A-Z2-7]{16})", payload)
    assert match and match.group(1) == number
    token = match.group(2)
    assert receipt["query_code"] not in payload
    status = client.get(f"/api/v1/case-status?number={number}&query_code={token}")
    assert status.status_code == 200 and status.get_json()["status"] == "submitted"
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/api/v1/case-status?number={number}&query_code={forged}").status_code == 404
    # The same token for another case's number opens nothing.
    assert client.get(f"/api/v1/case-status?number=TB20260101000001&query_code={token}").status_code == 404
    assert client.get(f"/api/v1/case-status?number={number}&query_code={receipt['query_code']}").status_code == 200


def test_who_may_download_it(app, submitted):
    api, number, _receipt = submitted
    assert demo_staff(app, "reviewer").get(f"/api/v1/cases/{number}/receipt.pdf").status_code == 200
    assert resident(app).get(f"/api/v1/cases/{number}/receipt.pdf").status_code == 404
    assert app.test_client().get(f"/api/v1/cases/{number}/receipt.pdf").status_code == 401
    draft = post(api, "/api/v1/cases", {"matter": MATTER}).get_json()["number"]
    resp = api.get(f"/api/v1/cases/{draft}/receipt.pdf")
    assert resp.status_code == 409 and resp.get_json()["code"] == "conflict"


def test_the_receipt_follows_the_language(submitted):
    api, number, _receipt = submitted
    text = text_of(api.get(f"/api/v1/cases/{number}/receipt.pdf?lang=en").get_data())
    assert "Application receipt" in text and number in text and "死亡注销户口" in text
