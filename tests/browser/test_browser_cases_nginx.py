"""Applying online through the production front end: real nginx (nginx/tongban.conf.template, the plain
variant tests/ops runs: the same CSP, body limits and rate limits as production) in front of the session's
gunicorn, and Debian's headless Chromium opening everything through nginx.

A resident fills the form (the draft kept in IndexedDB), uploads a 3 MB PDF through the file input (over
nginx's 1 MB default: only /api/'s larger limit lets it in), signs with the code texted to their phone,
submits, and on the receipt opens the receipt PDF and sees the receipt QR (an SVG served by the app, shown
as an <img>). The PWA's camera-preview path (MaterialPicker: a blob: URL for a picked photo) is exercised
in the same document. No CSP violation and no page error may appear anywhere on the way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import MODES, PHONE, is_api, last_outbox_id, open_page, outbox_code, page_api, storage_state
from playwright.sync_api import expect
from test_browser_cases import CODE, DRAFTS_JS, FORM_PATH, MATTER, PNG, UPLOAD, UPLOAD_INDEX, _value, fill_field
from test_browser_sso_nginx import nginx_url  # noqa: F401  (the fixture: nginx in front of tb_server)

NORMAL = MODES["normal"]
RESIDENT = "13800000003"  # 王小明, demo resident (L2); elsewhere only signed in once, for SSO consent
MB = 1024 * 1024

# Every CSP violation in any document, whether or not Chromium also logs it to the console.
CSP_LISTENER = (
    "document.addEventListener('securitypolicyviolation', e => console.error("
    "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
)

# What MaterialPicker does with a photo from the camera: an object URL shown in an <img> (img-src blob:).
BLOB_PREVIEW_JS = """async (bytes) => {
  const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], {type: 'image/png'}));
  const img = new Image();
  const ok = await new Promise(done => {
    img.onload = () => done(true); img.onerror = () => done(false); img.src = url;
  });
  URL.revokeObjectURL(url);
  return {ok, width: img.naturalWidth};
}"""

# The receipt PDF as the link fetches it (same origin, the session's cookie).
FETCH_JS = """async (href) => {
  const r = await fetch(href, {credentials: 'same-origin'});
  const b = new Uint8Array(await r.arrayBuffer());
  return {status: r.status, type: r.headers.get('Content-Type'), head: String.fromCharCode(...b.slice(0, 5)),
          size: b.length, csp: r.headers.get('Content-Security-Policy'), server: r.headers.get('Server')};
}"""


def _pdf(size: int) -> bytes:
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    return head + b"0" * (size - len(head) - 6) + b"%%EOF\n"


@pytest.fixture
def resident_page(tb_browser: Any, nginx_url: str, tb_server: Any) -> Iterator[tuple[Any, list[str]]]:  # noqa: F811
    context = tb_browser.new_context(**PHONE, base_url=nginx_url,
                                     storage_state=storage_state(nginx_url, NORMAL.settings))
    context.set_default_timeout(20_000)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"[{msg.type}] {msg.text}"))
    page.on("pageerror", lambda exc: console.append(f"[pageerror] {exc}"))
    try:
        yield page, console
    finally:
        context.close()


def _sign_in(page: Any, server: Any) -> None:
    open_page(page, "/settings", NORMAL)
    before = last_outbox_id(server, RESIDENT)
    sent = page_api(page, "POST", "/auth/codes", {"phone": RESIDENT, "purpose": "signin"})
    assert sent["status"] == 202, sent
    code = outbox_code(server, RESIDENT, before)
    done = page_api(page, "POST", "/auth/signin/code", {"phone": RESIDENT, "code": code})
    assert done["status"] == 200, done


def test_apply_online_through_nginx(resident_page: tuple[Any, list[str]], tb_server: Any, nginx_url: str) -> None:  # noqa: F811
    page, console = resident_page
    _sign_in(page, tb_server)
    shell = page.goto(FORM_PATH, wait_until="load")
    assert shell is not None and shell.headers.get("server") == "nginx", "the page did not come through nginx"
    assert "img-src 'self' data: blob:" in shell.headers.get("content-security-policy", "")
    open_page(page, FORM_PATH, NORMAL)
    expect(page.locator("h1")).to_have_text(MATTER["name"])

    # 1. The form; the draft is saved on the server and kept on the device (IndexedDB `tongban`).
    with page.expect_response(is_api("POST", "/cases")) as created:
        for f in MATTER["form_fields"]:
            fill_field(page, f)
    assert created.value.status == 201, created.value.text()
    number = created.value.json()["number"]
    expect(page.get_by_test_id("save-status")).to_have_text(re.compile("已保存"))
    drafts = page.evaluate(DRAFTS_JS)
    assert isinstance(drafts, list), drafts

    # 2. A 3 MB PDF through the file input: nginx's /api/ body limit (20m) lets it in, not the 1 MB default.
    page.get_by_test_id("step-next").click()
    material = page.locator(f"#case-material-{UPLOAD_INDEX}")
    section = page.get_by_test_id("material").nth(UPLOAD_INDEX)
    expect(section).to_contain_text("10 MB")
    big = _pdf(3 * MB)
    with page.expect_response(lambda r: "/materials" in r.url and r.request.method == "POST", timeout=60_000) as up:
        material.set_input_files(files=[{"name": "证明.pdf", "mimeType": "application/pdf", "buffer": big}])
    assert up.value.status == 201, up.value.text()
    assert up.value.headers.get("server") == "nginx"
    assert up.value.json()["size"] == len(big) and up.value.json()["material"] == UPLOAD
    expect(section.get_by_test_id("material-item")).to_have_count(1)

    # The camera preview path (MaterialPicker): a picked photo shown from a blob: URL under this CSP.
    preview = page.evaluate(BLOB_PREVIEW_JS, list(PNG))
    assert preview == {"ok": True, "width": 1}, preview

    # 3. Review, sign with the texted code, submit: the receipt.
    page.get_by_test_id("step-next").click()
    expect(page.get_by_test_id("case-review")).to_be_visible()
    for f in MATTER["form_fields"]:
        expect(page.get_by_test_id("review-answers")).to_contain_text(_value(f))
    before = last_outbox_id(tb_server, RESIDENT)
    page.get_by_test_id("case-submit").click()
    step = page.get_by_test_id("sign-step")
    step.wait_for(state="visible")
    expect(step).to_contain_text(RESIDENT[-4:])
    page.get_by_test_id("sign-code").fill(outbox_code(tb_server, RESIDENT, before))
    with page.expect_response(lambda r: r.url.split("?")[0].endswith(f"/cases/{number}/submit")) as sub:
        page.get_by_test_id("case-submit").click()
    assert sub.value.status == 200, sub.value.text()
    assert sub.value.json()["signature"]["method"] == "sms_code", sub.value.json()
    expect(page.get_by_test_id("receipt")).to_be_visible()
    expect(page.get_by_test_id("receipt-number")).to_have_text(number)
    assert page.evaluate(DRAFTS_JS) == [], "the submitted draft is still on the device"

    # 4. The receipt QR: the app's SVG as an <img> (img-src 'self'), drawn.
    qr = page.get_by_test_id("receipt-qr")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src") == f"/api/v1/cases/{number}/receipt-qr.svg"
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=qr.element_handle())

    # The receipt PDF: the link's target through nginx, and the download the link starts.
    link = page.get_by_test_id("receipt-pdf")
    href = link.get_attribute("href")
    assert href == f"/api/v1/cases/{number}/receipt.pdf"
    got = page.evaluate(FETCH_JS, href)
    assert got["status"] == 200 and got["type"].startswith("application/pdf") and got["head"] == "%PDF-", got
    assert got["server"] == "nginx" and got["csp"] and got["csp"].count("default-src") == 1, got
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"{number}.pdf"
    with open(download.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"

    # 5. The case page shows the same receipt (and the submitted status) through nginx.
    open_page(page, f"/cases/{number}", NORMAL)
    expect(page.get_by_test_id("case-status")).to_have_text("已提交，等待受理")
    case_qr = page.get_by_test_id("receipt-qr")
    expect(case_qr).to_be_visible()
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=case_qr.element_handle())
    listed = page_api(page, "GET", f"/cases/{number}")
    assert listed["status"] == 200 and CODE in str(listed["json"]["matter"]), listed

    violations = [m for m in console if "Content Security Policy" in m or "CSP violation" in m]
    assert not violations, "CSP violations through nginx:\n" + "\n".join(violations)
    assert not [m for m in console if m.startswith("[pageerror]")], console
