"""The receipt's QR as SVG (GET /cases/{number}/receipt-qr.svg), for the PWA to show on screen: it scans to
the same payload as the PDF's QR, opens the case's status, and is for the same people as the PDF."""

import re

import pytest
import zxingcpp
from PIL import Image

from tests.api.test_case_receipt import FORM, MATTER, PROOF, qr_of
from tests.support.cases import (
    PDF,
    demo_staff,
    jobs_run,  # noqa: F401 - autouse: the queued jobs run after each test
    post,
    resident,
    submit,
    upload,
)

SQUARE = re.compile(r"M(\d+),(\d+)h1v1h-1z")


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


def scan(svg: str) -> list[str]:
    """Draw the SVG's unit squares as pixels (8 per module) and read the QR code in the picture."""
    box = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert box, svg[:300]
    size = int(box.group(1))
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    squares = SQUARE.findall(svg)
    assert squares, svg[:300]
    for x, y in squares:
        image.paste(0, (int(x) * scale, int(y) * scale, (int(x) + 1) * scale, (int(y) + 1) * scale))
    return [b.text for b in zxingcpp.read_barcodes(image)]


def test_the_qr_svg_scans_to_the_pdfs_payload_and_opens_the_status(submitted, client):
    api, number, receipt = submitted
    resp = api.get(f"/api/v1/cases/{number}/receipt-qr.svg")
    assert resp.status_code == 200 and resp.mimetype == "image/svg+xml"
    assert resp.headers["Cache-Control"] == "private, no-store"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    svg = resp.get_data(as_text=True)
    assert svg.startswith("<svg") and "<script" not in svg and 'fill="#fff"' in svg  # a light ground to scan
    found = scan(svg)
    assert found == qr_of(api.get(f"/api/v1/cases/{number}/receipt.pdf").get_data())
    match = re.fullmatch(r"TBR1:(TB\d{14}):([A-Z2-7]{16})", found[0])
    assert match and match.group(1) == number and receipt["query_code"] not in found[0]
    status = client.get(f"/api/v1/case-status?number={number}&query_code={match.group(2)}")
    assert status.status_code == 200 and status.get_json()["number"] == number


def test_the_qr_svg_is_for_whom_the_receipt_is(app, submitted):
    api, number, _receipt = submitted
    assert demo_staff(app, "reviewer").get(f"/api/v1/cases/{number}/receipt-qr.svg").status_code == 200
    assert resident(app).get(f"/api/v1/cases/{number}/receipt-qr.svg").status_code == 404
    assert app.test_client().get(f"/api/v1/cases/{number}/receipt-qr.svg").status_code == 401
    draft = post(api, "/api/v1/cases", {"matter": MATTER}).get_json()["number"]
    resp = api.get(f"/api/v1/cases/{draft}/receipt-qr.svg")
    assert resp.status_code == 409 and resp.get_json()["code"] == "conflict"
