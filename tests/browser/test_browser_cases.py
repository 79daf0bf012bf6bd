"""Applying online in a real browser (issue 7): a resident fills a 公安 matter's form, uploads a PNG,
submits and sees the receipt; the reviewer 孙丽 of 市公安局 accepts and approves in the PWA; the
resident sees 已办结; the anonymous look-up shows the status (and answers a wrong query code as it
answers an unknown number). Also the form in 长辈版 (one question per screen), a draft typed
offline that syncs when the connection is back, a 补正 answered in the PWA, kiosk mode keeping
nothing in IndexedDB, and axe (WCAG 2.2 AA) plus the 长辈版 measurements on every new page.

Residents sign up with fresh numbers and made-up people of the sandbox real-name registry (one ID
number per account, so each test has its own person); the reviewer signs in once with a passkey
(Chromium's virtual authenticator) for the module.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import (
    MODES,
    PHONE,
    REGISTRY,
    REPO,
    STORAGE_JS,
    Authenticator,
    api_add_passkey,
    api_passkey_sign_in,
    api_sign_in_by_code,
    check_axe,
    check_elder,
    check_page_in_mode,
    client_address,
    fresh_phone,
    last_outbox_id,
    open_page,
    outbox_code,
    page_api,
    screenshot,
    storage_state,
    wait_ready,
)
from playwright.sync_api import expect

NORMAL, ELDER, LARGE = MODES["normal"], MODES["elder"], MODES["large"]
REVIEWER = "13800000013"  # 孙丽, reviewer of 市公安局 (341200-GA); no other browser test signs her in
ISSUING = {"电子证照", "邮寄送达", "窗口领取"}
# Registry people no other browser test verifies (one ID number belongs to one account).
PEOPLE = {
    "story": "朱婷",
    "elder": "何桂兰",
    "offline": "李秀英",
    "kiosk": "测试用户甲",
    "pages": "吴敏",
    "supplement": "郑洁",
}


def _png() -> bytes:
    """A real 1×1 PNG (signature, IHDR, IDAT, IEND with their CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


PNG = _png()

# The drafts this device keeps (the PWA's IndexedDB database `tongban`, store `drafts`).
DRAFTS_JS = """async () => {
  if (!(await indexedDB.databases()).some(d => d.name === 'tongban')) return [];
  const db = await new Promise((ok, no) => {
    const r = indexedDB.open('tongban'); r.onsuccess = () => ok(r.result); r.onerror = no;
  });
  const rows = await new Promise(ok => {
    const r = db.transaction('drafts').objectStore('drafts').getAll(); r.onsuccess = () => ok(r.result);
  });
  db.close();
  return rows;
}"""


def _pick_matter() -> dict[str, Any]:
    """A 公安 matter (市公安局, 341200-GA) that offers online, needs L2 at most, asks for a file no
    e-licence replaces, and can issue its result as an e-licence (so approval completes at once)."""
    for m in json.loads((REPO / "backend/tongban/demo/data/matters.json").read_text(encoding="utf-8")):
        needs_file = any(x["required"] and not x.get("licence_type") for x in m["materials"])
        e_licence = any(f["type"] == "select" and "电子证照" in f["options"] for f in m["form_fields"])
        if (
            m["department"] == "341200-GA"
            and "online" in m["modes"]
            and m["min_assurance"] in ("L1", "L2")
            and needs_file
            and e_licence
            and m["form_fields"]
        ):
            return dict(m)
    raise AssertionError("the demo data has no online 公安 matter with a file to upload")


MATTER = _pick_matter()
CODE = MATTER["code"]
FORM_PATH = f"/apply/{CODE}/form"
UPLOAD = next(x["name"] for x in MATTER["materials"] if x["required"] and not x.get("licence_type"))
UPLOAD_INDEX = [x["name"] for x in MATTER["materials"]].index(UPLOAD)


def _value(field: dict[str, Any]) -> str:
    kind = field["type"]
    if kind == "select":
        options = field["options"]
        return "电子证照" if set(options) <= ISSUING and "电子证照" in options else options[0]
    return {
        "id_number": "341202194503120110",
        "date": "2026-01-05",
        "phone": "13800000099",
        "textarea": "浏览器测试说明",
        "region": "341200",
    }.get(kind, "浏览器测试")


def _fid(name: str) -> str:
    return "case-field-" + re.sub(r"[^A-Za-z0-9_-]", "_", name)


def fill_field(page: Any, field: dict[str, Any]) -> str:
    """Answer one question as a person does: type, pick the date, choose the radio or the option."""
    value = _value(field)
    fid = _fid(field["name"])
    if field["type"] == "select" and len(field["options"]) <= 6:
        page.locator(f"[data-testid={fid}-group] label", has_text=re.compile(f"^{re.escape(value)}$")).click()
    elif field["type"] in ("select", "region"):
        page.locator(f"#{fid}").select_option(value)
    else:
        page.locator(f"#{fid}").fill(value)
    return value


def sign_up_verified(page: Any, server: Any, who: str, *, kiosk: bool = False) -> str:
    """A fresh number signs up with a registry person's name and ID number (L2 at once)."""
    phone = fresh_phone("135")
    before = last_outbox_id(server, phone)
    sent = page_api(page, "POST", "/auth/codes", {"phone": phone, "purpose": "signup"})
    assert sent["status"] == 202, sent
    code = outbox_code(server, phone, before)
    done = page_api(
        page,
        "POST",
        "/auth/signup",
        {"phone": phone, "code": code, "name": who, "id_number": REGISTRY[who], "kiosk": kiosk},
    )
    assert done["status"] == 201 and done["json"]["assurance"] == "L2", done
    return phone


def resident_context(browser: Any, base_url: str, server: Any, mode: str, who: str) -> tuple[Any, str]:
    context = browser.new_context(
        **PHONE, **client_address(), base_url=base_url, storage_state=storage_state(base_url, MODES[mode].settings)
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    open_page(page, "/settings", MODES[mode])
    phone = sign_up_verified(page, server, who)
    page.close()
    return context, phone


def main_text(page: Any) -> str:
    return str(page.evaluate("() => document.querySelector('main').innerText"))


def upload_by_api(page: Any, number: str, material: str) -> int:
    """Upload the PNG from the page (set-up for tests about other things)."""
    status: int = page.evaluate(
        """async ([number, material, bytes]) => {
          const cookie = document.cookie.split('; ').find(c => c.startsWith('tb_csrf=')) || '';
          const csrf = decodeURIComponent(cookie.slice(8));
          const fd = new FormData();
          fd.append('material', material);
          fd.append('file', new Blob([new Uint8Array(bytes)], {type: 'image/png'}), 'scan.png');
          const r = await fetch('/api/v1/cases/' + number + '/materials', {method: 'POST', body: fd,
            credentials: 'same-origin', headers: {'X-CSRF-Token': csrf}});
          return r.status;
        }""",
        [number, material, list(PNG)],
    )
    return status


def signature_by_api(page: Any, server: Any, phone: str, number: str) -> dict[str, Any]:
    """Sign a complete draft with the code texted to the applicant (the submission's `signature`)."""
    before = last_outbox_id(server, phone)
    opts = page_api(page, "POST", f"/cases/{number}/signature/options", {"method": "sms_code"})
    if opts["status"] == 404:  # a server without signing
        return {}
    assert opts["status"] == 200, opts
    return {"signature": {"method": "sms_code", "code": outbox_code(server, phone, before)}}


def submitted_case_by_api(page: Any, server: Any, phone: str) -> dict[str, Any]:
    """A draft with every answer and the file, signed and submitted: returns the receipt."""
    form = {f["name"]: _value(f) for f in MATTER["form_fields"]}
    created = page_api(page, "POST", "/cases", {"matter": CODE, "mode": "online", "form": form})
    assert created["status"] == 201, created
    number = created["json"]["number"]
    assert upload_by_api(page, number, UPLOAD) == 201
    receipt = page_api(page, "POST", f"/cases/{number}/submit", signature_by_api(page, server, phone, number))
    assert receipt["status"] == 200, receipt
    result: dict[str, Any] = receipt["json"]
    return result


def sign_and_submit(page: Any, server: Any, phone: str, number: str) -> Any:
    """On the review screen: 签名并提交; sign with the texted code when asked; returns the submission."""
    before = last_outbox_id(server, phone)
    page.get_by_test_id("case-submit").click()
    step = page.get_by_test_id("sign-step")
    step.wait_for(state="visible")
    expect(step).to_contain_text(phone[-4:])
    page.get_by_test_id("sign-code").fill(outbox_code(server, phone, before))
    with page.expect_response(lambda r: r.url.split("?")[0].endswith(f"/cases/{number}/submit")) as sub:
        page.get_by_test_id("case-submit").click()
    return sub.value


# ---- module set-up: the reviewer's staff session ---------------------------------------------------


@pytest.fixture(scope="module")
def reviewer(tb_browser: Any, tb_base_url: str, tb_server: Any) -> Iterator[Any]:
    """孙丽 with a staff passkey session: a context to open pages in."""
    context = tb_browser.new_context(
        **PHONE, **client_address(), base_url=tb_base_url, storage_state=storage_state(tb_base_url, NORMAL.settings)
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    open_page(page, "/settings", NORMAL)
    Authenticator(context, page)
    api_sign_in_by_code(page, tb_server, REVIEWER)
    api_add_passkey(page, "审批电脑")
    api_passkey_sign_in(page, staff=True)
    profile = page_api(page, "GET", "/me")["json"]
    assert any(s["role"] == "reviewer" and s["active"] for s in profile["staff"]), profile
    page.close()
    try:
        yield context
    finally:
        context.close()


# ---- 1. the story ----------------------------------------------------------------------------------


def test_apply_online_review_approve_and_look_up(
    tb_browser: Any, tb_base_url: str, tb_server: Any, reviewer: Any, new_context: Any
) -> None:
    """Form → PNG upload (a wrong file refused in words, a file removed) → review → submit → receipt;
    the reviewer accepts and approves in the PWA; the resident sees 已办结; the look-up shows it."""
    resident, phone = resident_context(tb_browser, tb_base_url, tb_server, "normal", PEOPLE["story"])
    try:
        page = resident.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        # From the home page (signed in) to My cases, empty so far.
        open_page(page, "/", NORMAL)
        page.get_by_test_id("link-my-cases").click()
        page.wait_for_url("**/me/cases")
        wait_ready(page, NORMAL)
        expect(page.locator("main")).to_contain_text("您还没有办件")

        # 1. The form: every question, labelled, on one screen in normal mode.
        open_page(page, FORM_PATH, NORMAL)
        expect(page.locator("h1")).to_have_text(MATTER["name"])
        screenshot(page, "cases-1-form")
        check_axe(page, "normal-cases-form")
        # Next with nothing filled in: the error summary names every required question.
        page.get_by_test_id("step-next").click()
        summary = page.get_by_test_id("error-summary")
        expect(summary).to_be_visible()
        required = [f for f in MATTER["form_fields"] if f["required"]]
        expect(summary.locator("li")).to_have_count(len(required))
        expect(summary).to_contain_text("有内容需要修改")
        screenshot(page, "cases-1b-form-errors")
        first = _fid(required[0]["name"])
        assert page.locator(f"#{first}-error").is_visible(), "no error next to the first required question"
        assert "error" in (page.locator(f"#{first}").get_attribute("aria-describedby") or "")
        check_axe(page, "normal-cases-form-errors")

        with page.expect_response(
            lambda r: r.url.split("?")[0].endswith("/api/v1/cases") and r.request.method == "POST"
        ) as created:
            for f in MATTER["form_fields"]:
                fill_field(page, f)
        assert created.value.status == 201, created.value.text()
        number = created.value.json()["number"]
        expect(page.get_by_test_id("save-status")).to_have_text(re.compile("已保存"))
        saved = page_api(page, "GET", f"/cases/{number}")["json"]
        assert saved["status"] == "draft" and saved["form"] == {f["name"]: _value(f) for f in MATTER["form_fields"]}
        expect(summary).to_be_hidden()

        # 2. Materials: the accepted types and size are said before choosing.
        page.get_by_test_id("step-next").click()
        material = page.locator(f"#case-material-{UPLOAD_INDEX}")
        expect(material).to_be_attached()
        section = page.get_by_test_id("material").nth(UPLOAD_INDEX)
        expect(section).to_contain_text("PDF、JPG、PNG")
        expect(section).to_contain_text("10 MB")
        screenshot(page, "cases-2-materials")
        check_axe(page, "normal-cases-materials")
        # A text file is refused, in words.
        material.set_input_files(files=[{"name": "说明.txt", "mimeType": "text/plain", "buffer": "不是图片".encode()}])
        expect(section.locator(".field-error")).to_contain_text("不能使用这种文件")
        # The PNG goes up with a progress bar (too quick to see here), and shows as a file.
        with page.expect_response(lambda r: "/materials" in r.url and r.request.method == "POST") as up:
            material.set_input_files(files=[{"name": "死亡证明.png", "mimeType": "image/png", "buffer": PNG}])
        assert up.value.status == 201, up.value.text()
        expect(section.get_by_test_id("material-item")).to_have_count(1)
        expect(section).to_contain_text("图片")
        assert "死亡证明.png" not in main_text(page), "the file name is shown to the resident"
        # A second one, removed again.
        with page.expect_response(lambda r: "/materials" in r.url and r.request.method == "POST"):
            page.locator(f"#case-material-{UPLOAD_INDEX}").set_input_files(
                files=[{"name": "b.png", "mimeType": "image/png", "buffer": PNG}]
            )
        expect(section.get_by_test_id("material-item")).to_have_count(2)
        with page.expect_response(lambda r: r.url.split("?")[0].endswith("/remove")):
            section.get_by_test_id("material-remove").nth(1).click()
        expect(section.get_by_test_id("material-item")).to_have_count(1)

        # 3. Review and submit.
        page.get_by_test_id("step-next").click()
        review = page.get_by_test_id("case-review")
        expect(review).to_be_visible()
        for f in MATTER["form_fields"]:
            expect(page.get_by_test_id("review-answers")).to_contain_text(_value(f))
        expect(page.get_by_test_id("review-materials")).to_contain_text("已上传 1 份")
        screenshot(page, "cases-3-review")
        check_axe(page, "normal-cases-review")
        # Submitting asks for the signature (a code texted to the resident, who has no passkey).
        sub = sign_and_submit(page, tb_server, phone, number)
        assert sub.status == 200, sub.text()
        assert sub.request.headers.get("idempotency-key"), "the submission carried no Idempotency-Key"
        receipt = page.get_by_test_id("receipt")
        expect(receipt).to_be_visible()
        expect(page.get_by_test_id("receipt-number")).to_have_text(number)
        query_code = page.get_by_test_id("receipt-query-code").inner_text().strip()
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", query_code), query_code
        expect(page.get_by_test_id("receipt-status")).to_have_text("已提交，等待受理")
        expect(page.get_by_test_id("receipt-note")).to_contain_text("只显示这一次")
        screenshot(page, "cases-4-receipt")
        check_axe(page, "normal-cases-receipt")
        stored = page.evaluate(STORAGE_JS)
        assert page.evaluate(DRAFTS_JS) == [], f"the submitted draft is still on the device: {stored}"

        page.get_by_test_id("receipt-case-link").click()
        page.wait_for_url(f"**/cases/{number}")
        wait_ready(page, NORMAL)
        expect(page.get_by_test_id("case-status")).to_have_text("已提交，等待受理")
        expect(page.get_by_test_id("case-withdraw")).to_be_visible()

        # 4. The reviewer: workbench → queue → the case → accept → approve.
        staff = reviewer.new_page()
        open_page(staff, "/staff", NORMAL)
        staff.get_by_test_id("link-staff-queue").click()
        staff.wait_for_url("**/staff/queue")
        wait_ready(staff, NORMAL)
        item = staff.get_by_test_id("case-item").filter(has_text=number)
        expect(item).to_have_count(1)
        screenshot(staff, "cases-5-staff-queue")
        check_axe(staff, "normal-staff-queue")
        item.get_by_test_id("case-link").click()
        staff.wait_for_url(f"**/staff/cases/{number}")
        wait_ready(staff, NORMAL)
        expect(staff.get_by_test_id("applicant-name")).to_have_text(PEOPLE["story"])
        expect(staff.get_by_test_id("case-file")).to_have_count(1)
        download = staff.get_by_test_id("case-file-download")
        assert download.get_attribute("href", timeout=5_000).startswith(f"/api/v1/cases/{number}/materials/")
        got = page_api(staff, "GET", download.get_attribute("href")[len("/api/v1") :])
        assert got["status"] == 200, "the reviewer cannot download the material"
        assert sorted(b.get_attribute("data-testid") for b in staff.locator(".decide .actions button").all()) == [
            "case-action-accept",
            "case-action-not-accept",
        ]
        screenshot(staff, "cases-6-staff-case")
        check_axe(staff, "normal-staff-case")

        # not-accept needs a reason: asked inline, refused empty.
        staff.get_by_test_id("case-action-not-accept").click()
        staff.get_by_test_id("case-action-confirm").click()
        expect(staff.locator("#action-reason-error")).to_be_visible()
        check_axe(staff, "normal-staff-case-reason")
        staff.get_by_test_id("case-action-accept").click()
        with staff.expect_response(lambda r: r.url.split("?")[0].endswith(f"/cases/{number}/accept")) as acc:
            staff.get_by_test_id("case-action-confirm").click()
        assert acc.value.status == 200, acc.value.text()
        expect(staff.get_by_test_id("case-status")).to_have_text("已受理")
        expect(staff.get_by_test_id("case-deadline")).to_contain_text("工作日")
        staff.get_by_test_id("case-action-approve").click()
        with staff.expect_response(lambda r: r.url.split("?")[0].endswith(f"/cases/{number}/approve")) as ok:
            staff.get_by_test_id("case-action-confirm").click()
        assert ok.value.status == 200, ok.value.text()
        expect(staff.get_by_test_id("case-status")).to_have_text("已办结")
        expect(staff.get_by_test_id("no-actions")).to_be_visible()
        screenshot(staff, "cases-7-staff-approved")
        staff.close()

        # 5. The resident sees 已办结 and the timeline.
        page.reload()
        wait_ready(page, NORMAL)
        expect(page.get_by_test_id("case-status")).to_have_text("已办结")
        timeline = page.get_by_test_id("case-timeline")
        for step in ("申请已提交", "申请已受理", "已办结"):
            expect(timeline).to_contain_text(step)
        expect(page.get_by_test_id("case-withdraw")).to_have_count(0)
        screenshot(page, "cases-8-case-completed")
        check_axe(page, "normal-case-page")
        open_page(page, "/me/cases", NORMAL)
        expect(page.get_by_test_id("case-item").filter(has_text=number)).to_contain_text("已办结")
        check_axe(page, "normal-my-cases")
        assert not errors, f"uncaught page errors: {errors}"
        page.close()
    finally:
        resident.close()

    # 6. Anyone: the look-up with number and query code; a wrong code reads as an unknown number.
    anon = new_context("normal", **client_address())
    look = anon.new_page()
    open_page(look, "/case-status", NORMAL)
    check_axe(look, "normal-case-status")

    def ask(num: str, code: str) -> str:
        look.get_by_test_id("case-status-number").fill(num)
        look.get_by_test_id("case-status-code").fill(code)
        with look.expect_response(lambda r: "/api/v1/case-status" in r.url) as answer:
            look.get_by_test_id("case-status-submit").click()
        assert answer.value.status == 404, answer.value.text()
        alert = look.locator("main [role=alert] .problem")
        expect(alert).to_be_visible()
        return str(alert.inner_text())

    wrong = ask(number, "ZZZZZZZZ" if query_code != "ZZZZZZZZ" else "YYYYYYYY")
    unknown = ask("TB20000101000000", "ZZZZZZZZ")
    assert wrong == unknown, f"a wrong code answers differently from an unknown number:\n{wrong!r}\n{unknown!r}"
    screenshot(look, "cases-9-status-not-found")
    look.get_by_test_id("case-status-number").fill(number)
    look.get_by_test_id("case-status-code").fill(query_code.lower())
    look.get_by_test_id("case-status-submit").click()
    result = look.get_by_test_id("case-status-result")
    expect(result).to_be_visible()
    expect(look.get_by_test_id("case-status-label")).to_have_text("已办结")
    expect(result).to_contain_text("申请已受理")
    assert PEOPLE["story"] not in main_text(look)
    screenshot(look, "cases-10-status-found")
    check_axe(look, "normal-case-status-found")


# ---- 2. 长辈版: one question per screen ---------------------------------------------------------------


def test_elder_form_one_question_per_screen(tb_browser: Any, tb_base_url: str, tb_server: Any) -> None:
    """长辈版: every question and every material on a screen of its own, 上一步 and 下一步 on each,
    an unanswered question stops 下一步 with the error summary, and the 长辈版 bar on each kind of screen."""
    context, phone = resident_context(tb_browser, tb_base_url, tb_server, "elder", PEOPLE["elder"])
    try:
        page = context.new_page()
        open_page(page, FORM_PATH, ELDER)
        fields = MATTER["form_fields"]
        screens = len(fields) + len(MATTER["materials"]) + 1
        expect(page.locator(".step-of")).to_have_text(f"第 1 步，共 {screens} 步")
        number = None
        choice_measured = False
        for i, f in enumerate(fields):
            expect(page.locator(".case-form .field")).to_have_count(1)
            expect(page.locator("h2.question")).to_contain_text(f["label"])
            expect(page.get_by_test_id("step-previous")).to_be_visible()
            expect(page.get_by_test_id("step-previous")).to_have_text("上一步")
            expect(page.get_by_test_id("step-next")).to_have_text("下一步")
            if i == 0:
                screenshot(page, "cases-elder-1-question")
                check_elder(page, "cases-form-question")
                check_axe(page, "elder-cases-form-question")
                if f["required"]:
                    page.get_by_test_id("step-next").click()
                    expect(page.get_by_test_id("error-summary")).to_be_visible()
                    expect(page.locator(".step-of")).to_have_text(f"第 1 步，共 {screens} 步")
                    screenshot(page, "cases-elder-1b-error")
                    check_elder(page, "cases-form-error")
                    check_axe(page, "elder-cases-form-error")
            if f["type"] == "select" and len(f["options"]) <= 6 and not choice_measured:
                choice_measured = True
                screenshot(page, f"cases-elder-2-choice-{i}")
                check_elder(page, "cases-form-choice")
            if number is None:
                with page.expect_response(
                    lambda r: r.url.split("?")[0].endswith("/api/v1/cases") and r.request.method == "POST"
                ) as created:
                    fill_field(page, f)
                number = created.value.json()["number"]
            else:
                fill_field(page, f)
            page.get_by_test_id("step-next").click()
            expect(page.locator(".step-of")).to_have_text(f"第 {i + 2} 步，共 {screens} 步")
        # One material per screen.
        for j, m in enumerate(MATTER["materials"]):
            expect(page.get_by_test_id("material")).to_have_count(1)
            expect(page.get_by_test_id("material")).to_contain_text(m["name"])
            if m["name"] == UPLOAD:
                screenshot(page, "cases-elder-3-material")
                check_elder(page, "cases-form-material")
                check_axe(page, "elder-cases-form-material")
                with page.expect_response(lambda r: "/materials" in r.url and r.request.method == "POST") as up:
                    page.locator(f"#case-material-{j}").set_input_files(
                        files=[{"name": "scan.png", "mimeType": "image/png", "buffer": PNG}]
                    )
                assert up.value.status == 201
                expect(page.get_by_test_id("material-item")).to_have_count(1)
            page.get_by_test_id("step-next").click()
        expect(page.get_by_test_id("case-review")).to_be_visible()
        expect(page.get_by_test_id("step-previous")).to_be_visible()
        screenshot(page, "cases-elder-4-review")
        check_elder(page, "cases-form-review")
        check_axe(page, "elder-cases-form-review")
        page.get_by_test_id("step-previous").click()
        expect(page.get_by_test_id("material")).to_contain_text(MATTER["materials"][-1]["name"])
        page.get_by_test_id("step-next").click()
        assert sign_and_submit(page, tb_server, phone, number or "").status == 200
        expect(page.get_by_test_id("receipt-number")).to_have_text(number or "")
        screenshot(page, "cases-elder-5-receipt")
        check_elder(page, "cases-receipt")
        check_axe(page, "elder-cases-receipt")
    finally:
        context.close()


# ---- 3. offline draft ----------------------------------------------------------------------------


def test_offline_draft_is_kept_and_syncs(tb_browser: Any, tb_base_url: str, tb_server: Any) -> None:
    """Typed offline: kept in IndexedDB, the page says so plainly, and the `online` event sends it."""
    context, _phone = resident_context(tb_browser, tb_base_url, tb_server, "normal", PEOPLE["offline"])
    try:
        page = context.new_page()
        open_page(page, FORM_PATH, NORMAL)
        texts = [f for f in MATTER["form_fields"] if f["type"] in ("phone", "text", "id_number")]
        first, second = texts[0], texts[1] if len(texts) > 1 else MATTER["form_fields"][0]
        with page.expect_response(
            lambda r: r.url.split("?")[0].endswith("/api/v1/cases") and r.request.method == "POST"
        ) as created:
            fill_field(page, first)
        number = created.value.json()["number"]
        expect(page.get_by_test_id("save-status")).to_have_text(re.compile("已保存"))

        context.set_offline(True)
        try:
            expect(page.get_by_test_id("offline-banner")).to_be_visible()
            value = fill_field(page, second)
            status = page.get_by_test_id("save-status")
            expect(status).to_have_text("已保存在本机，联网后自动同步")
            screenshot(page, "cases-offline-1-kept")
            local = page.evaluate(DRAFTS_JS)
            assert len(local) == 1 and local[0]["number"] == number and local[0]["dirty"] is True, local
            assert local[0]["form"][second["name"]] == value, local
            page.wait_for_timeout(1500)  # past the save delay: still nothing sent, still said
            expect(status).to_have_text("已保存在本机，联网后自动同步")
        finally:
            context.set_offline(False)
        expect(page.get_by_test_id("save-status")).to_have_text(re.compile("^已保存，"), timeout=15_000)
        server = page_api(page, "GET", f"/cases/{number}")["json"]
        assert server["form"].get(second["name"]) == value, f"the offline change is not on the server: {server['form']}"
        screenshot(page, "cases-offline-2-synced")

        # A new visit to the form continues the same draft (from this device and the server).
        open_page(page, FORM_PATH, NORMAL)
        expect(page.locator(f"#{_fid(second['name'])}")).to_have_value(value)
        mine = page_api(page, "GET", "/me/cases")["json"]
        assert mine["total"] == 1, f"the offline draft made a second case: {mine}"
    finally:
        context.close()


# ---- 4. a 补正 answered in the PWA ---------------------------------------------------------------


def test_supplement_answered_in_the_pwa(tb_browser: Any, tb_base_url: str, tb_server: Any, reviewer: Any) -> None:
    """The reviewer asks for a supplement (reason required, inline); the resident reads it on the
    case page, uploads a new file and sends the supplement: the case is back under review."""
    context, phone = resident_context(tb_browser, tb_base_url, tb_server, "normal", PEOPLE["supplement"])
    try:
        page = context.new_page()
        open_page(page, "/settings", NORMAL)
        number = submitted_case_by_api(page, tb_server, phone)["number"]
        staff = reviewer.new_page()
        open_page(staff, f"/staff/cases/{number}", NORMAL)
        staff.get_by_test_id("case-action-accept").click()
        staff.get_by_test_id("case-action-confirm").click()
        expect(staff.get_by_test_id("case-status")).to_have_text("已受理")
        staff.get_by_test_id("case-action-request-supplement").click()
        staff.get_by_test_id("action-reason").fill("证明照片不清晰，请重新拍照上传")
        staff.get_by_test_id("case-action-confirm").click()
        expect(staff.get_by_test_id("case-status")).to_have_text("待申请人补正")
        expect(staff.get_by_test_id("case-deadline")).to_contain_text("暂停")
        staff.close()

        open_page(page, f"/cases/{number}", NORMAL)
        expect(page.get_by_test_id("case-status")).to_have_text("待您补正")
        expect(page.get_by_test_id("supplement-request")).to_contain_text("证明照片不清晰")
        screenshot(page, "cases-supplement-1")
        check_axe(page, "normal-case-supplement")
        section = page.get_by_test_id("case-supplement")
        with page.expect_response(lambda r: "/materials" in r.url and r.request.method == "POST") as up:
            section.locator(f"#case-material-{UPLOAD_INDEX}").set_input_files(
                files=[{"name": "clear.png", "mimeType": "image/png", "buffer": PNG}]
            )
        assert up.value.status == 201
        page.get_by_test_id("supplement-note").fill("已重新拍照上传")
        with page.expect_response(lambda r: r.url.split("?")[0].endswith(f"/cases/{number}/supplement")) as sent:
            page.get_by_test_id("supplement-submit").click()
        assert sent.value.status == 200, sent.value.text()
        expect(page.get_by_test_id("case-status")).to_have_text("审查中")
        expect(page.get_by_test_id("case-timeline")).to_contain_text("已重新拍照上传")
    finally:
        context.close()


# ---- 5. kiosk: nothing on the device -------------------------------------------------------------


def test_kiosk_form_keeps_nothing_in_indexeddb(new_context: Any, tb_server: Any) -> None:
    context = new_context("kiosk", **client_address())
    page = context.new_page()
    open_page(page, "/settings?mode=kiosk", MODES["kiosk"])
    sign_up_verified(page, tb_server, PEOPLE["kiosk"], kiosk=True)
    open_page(page, f"{FORM_PATH}?mode=kiosk", MODES["kiosk"])
    with page.expect_response(lambda r: r.url.split("?")[0].endswith("/api/v1/cases") and r.request.method == "POST"):
        fill_field(page, MATTER["form_fields"][0])
    expect(page.get_by_test_id("save-status")).to_have_text(re.compile("已保存"))
    stored = page.evaluate(STORAGE_JS)
    assert "tongban" not in stored["indexedDB"], f"kiosk mode kept the draft in IndexedDB: {stored}"
    assert stored["localStorage"] == [], stored


# ---- 6. axe and 长辈版 on every new page ------------------------------------------------------------

PAGES = ["my-cases", "case", "case-status", "form", "staff-queue", "staff-case"]


@pytest.fixture(scope="module")
def page_setup(tb_browser: Any, tb_base_url: str, tb_server: Any, reviewer: Any) -> Iterator[dict[str, Any]]:
    """A resident with a submitted case (their cookies), and the reviewer's cookies."""
    context, phone = resident_context(tb_browser, tb_base_url, tb_server, "normal", PEOPLE["pages"])
    try:
        page = context.new_page()
        open_page(page, "/settings", NORMAL)
        receipt = submitted_case_by_api(page, tb_server, phone)
        yield {"number": receipt["number"], "resident": context.cookies(), "staff": reviewer.cookies()}
    finally:
        context.close()


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("mode_name", ["normal", "large", "elder"])
def test_case_pages_axe_and_elder(
    tb_browser: Any, tb_base_url: str, page_setup: dict[str, Any], mode_name: str, page_name: str
) -> None:
    """axe WCAG 2.2 AA in normal, 200% text and 长辈版; in 长辈版 also the measurements; no sideways scroll."""
    number = page_setup["number"]
    path, who = {
        "my-cases": ("/me/cases", "resident"),
        "case": (f"/cases/{number}", "resident"),
        "case-status": ("/case-status", None),
        "form": (FORM_PATH, "resident"),
        "staff-queue": ("/staff/queue", "staff"),
        "staff-case": (f"/staff/cases/{number}", "staff"),
    }[page_name]
    cookies = page_setup[who] if who else []
    check_page_in_mode(tb_browser, tb_base_url, path, mode_name, cookies, f"cases-{page_name}")
