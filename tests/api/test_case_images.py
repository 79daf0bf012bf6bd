"""Uploaded images are re-encoded: EXIF (GPS) and anything appended are dropped, decompression bombs
and broken images refused, and the row keeps the digest of the stored bytes and of the upload."""

import hashlib
import io
import struct
import zlib

import pytest
from PIL import Image

from tests.support.cases import (
    image,
    jobs_run,  # noqa: F401 - autouse: the queued jobs run after each test
    post,
    resident,
    upload,
)

MATTER, PROOF = "FY-GA-0010", "居民死亡医学证明（推断）书"


@pytest.fixture(autouse=True, scope="module")
def _uploads(app, tmp_path_factory):
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    extra["uploads_dir"] = str(tmp_path_factory.mktemp("uploads"))
    yield
    extra["uploads_dir"] = before


@pytest.fixture
def draft(app):
    api = resident(app)
    return api, post(api, "/api/v1/cases", {"matter": MATTER}).get_json()["number"]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int, height: int) -> bytes:
    """A valid PNG header declaring a huge image, with a few bytes of pixel data: a small file."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\x00" * 4096))
            + _chunk(b"IEND", b""))


def gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 6  # taken sideways: the stored image must stand the right way up
    exif[0x8825] = {1: "N", 2: (32.0, 53.0, 30.0), 3: "E", 4: (115.0, 48.0, 10.0)}  # GPS: 阜阳
    return image("JPEG", (40, 20), exif=exif.tobytes(), comment=b"taken at home")


def download(api, number, file_id):
    return api.get(f"/api/v1/cases/{number}/materials/{file_id}").get_data()


@pytest.mark.parametrize(("width", "height"), [(100_000, 100_000), (7_000, 7_000)])
def test_a_decompression_bomb_is_refused_with_413(draft, width, height):
    api, number = draft
    data = bomb_png(width, height)
    assert len(data) < 200  # tiny on the wire, 49 million to 10 billion pixels when decoded
    resp = upload(api, number, PROOF, data, "scan.png", "image/png")
    assert resp.status_code == 413 and resp.get_json()["code"] == "payload_too_large"
    assert "40" in resp.get_json()["detail"]  # names the cap
    assert api.get(f"/api/v1/cases/{number}/materials").get_json()["items"] == []


def test_the_pixel_cap_is_configurable(app, draft, monkeypatch):
    api, number = draft
    monkeypatch.setitem(app.config["TONGBAN"].extra, "image_max_pixels", 100)
    assert upload(api, number, PROOF, image("PNG", (11, 10)), "a.png", "image/png").status_code == 413
    assert upload(api, number, PROOF, image("PNG", (10, 10)), "a.png", "image/png").status_code == 201


def test_exif_and_gps_are_stripped_and_the_photo_turned_upright(draft):
    api, number = draft
    data = gps_jpeg()
    assert b"Exif" in data and b"PhoneMaker" in data and b"taken at home" in data
    resp = upload(api, number, PROOF, data, "photo.jpg", "image/jpeg")
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    stored = download(api, number, body["id"])
    assert b"Exif" not in stored and b"PhoneMaker" not in stored and b"taken at home" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and not img.getexif() and img.size == (20, 40)  # rotated by its EXIF
    assert body["sha256"] == hashlib.sha256(stored).hexdigest() and body["size"] == len(stored)
    assert body["original_sha256"] == hashlib.sha256(data).hexdigest() != body["sha256"]


@pytest.mark.parametrize("payload", [
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"evil.html" + b"\x00" * 40,  # a ZIP appended (PNG + ZIP polyglot)
    b"<html><script>alert(document.cookie)</script></html>",  # HTML appended
    b"%PDF-1.7\n1 0 obj<</JS(app.alert(1))>>endobj\n%%EOF",  # a PDF appended
])
def test_a_polyglot_png_is_neutralised(draft, payload):
    api, number = draft
    png = image("PNG", (16, 16))
    data = png + payload
    resp = upload(api, number, PROOF, data, "scan.png", "image/png")
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    stored = download(api, number, body["id"])
    assert payload not in stored and stored.endswith(b"IEND\xaeB`\x82")  # nothing after the image's end
    assert b"PK\x03\x04" not in stored and b"<html" not in stored and b"%PDF" not in stored
    assert body["original_sha256"] == hashlib.sha256(data).hexdigest()
    assert body["sha256"] == hashlib.sha256(stored).hexdigest()
    with Image.open(io.BytesIO(stored)) as img:
        assert img.size == (16, 16)


def test_text_chunks_in_a_png_are_dropped(draft):
    from PIL.PngImagePlugin import PngInfo

    api, number = draft
    info = PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    data = image("PNG", (8, 8), pnginfo=info)
    assert b"<script>" in data
    resp = upload(api, number, PROOF, data, "scan.png", "image/png")
    assert resp.status_code == 201
    assert b"<script>" not in download(api, number, resp.get_json()["id"])


@pytest.mark.parametrize(("data", "name", "declared"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "scan.png", "image/png"),  # the signature, then nothing real
    (image("PNG", (30, 30))[:60], "scan.png", "image/png"),  # cut off
    (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "scan.jpg", "image/jpeg"),
])
def test_a_broken_image_is_415(draft, data, name, declared):
    api, number = draft
    resp = upload(api, number, PROOF, data, name, declared)
    assert resp.status_code == 415 and resp.get_json()["code"] == "unsupported_media_type"
    assert resp.get_json()["detail"]
