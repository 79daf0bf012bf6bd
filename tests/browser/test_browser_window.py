"""The other ways to apply, in a real browser (issue 7): a clerk of 临泉县 (陈静, window FY-LQ-W01)
receives a walk-in application — window, service, the applicant's ID card checked in person, the
form, a material photographed with the camera input (a generated PNG), the formal-review checklist,
the receipt with number and query code, forwarding — the 市公安局 reviewer (孙丽) accepts and
approves, the clerk records the hand-over at the window and the anonymous look-up says 已办结. A
case opened from its receipt (typed number, and a QR read by a stand-in BarcodeDetector). A joint
case's parts on the reviewer's and the resident's pages, the reviewer deciding their own part. A
bundle (一件事一次办) applied for once, creating its cases under one receipt. axe (WCAG 2.2 AA) in
normal, 200 % and 长辈版 and the 长辈版 measurements on every new page; screenshots at 360×800.

The walk-in and the bundle's applicant is the registry's 冯军 (no other browser test uses him),
signed up once for the module with a fresh number; at the window the clerk finds him by his ID
number and phone and raises him to L3.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import (
    MODES,
    PHONE,
    REGISTRY,
    REPO,
    Authenticator,
    api_add_passkey,
    api_passkey_sign_in,
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
from test_browser_cases import PNG, fill_field, main_text, signature_by_api, upload_by_api

NORMAL, ELDER = MODES["normal"], MODES["elder"]
CLERK = "13800000011"  # 陈静, clerk at 临泉县 FY-LQ-W01 (jurisdiction 341221)
REVIEWER = "13800000013"  # 孙丽, reviewer of 市公安局 (341200-GA)
WALK_IN = "冯军"  # registry person no other browser test uses
WINDOW = "FY-LQ-W01"
GENERAL_WINDOW = "FY-LQ-W03"  # 临泉县 综合受理窗口: receives only the 全市通办 list
MATTER = "FY-GA-0001"  # 开具户籍类证明: 市公安局, proxy_window and 全市通办, pick-up at the window
NOT_CITYWIDE = "FY-RS-0001"  # 养老保险关系转移接续: not on the 全市通办 list
PHOTOGRAPHED = "相关证明材料"  # optional: once photographed, its checklist item must be ticked
JOINT = "FY-GA-0004"  # 工作调动户口迁移: 阜阳市公安局 and 宁波市公安局 each decide a part
JOINT_FORM = {
    "from_region": "330200",
    "to_address": "阜阳市颍州区示范路2号",
    "new_employer": "阜阳市示范单位",
    "transfer_date": "2026-11-01",
    "contact_phone": "13800000098",
    "delivery": "窗口领取",
}
BUNDLE = "newborn"  # 新生儿出生一件事: 出生登记, 城乡居民医保参保登记, 社会保障卡申领
BUNDLE_PHOTO = "近期免冠彩色证件照"  # the one material no e-licence replaces
BUNDLE_VALUES = {
    "baby_name": "冯小宝",
    "baby_birth_date": "2026-11-10",
    "baby_gender": "男",
    "follow": "随父",
    "household_address": "阜阳市颍州区示范路3号",
    "contact_phone": "13800000097",
    "delivery": "窗口领取",
    "insured_id": "341202202611100018",
    "category": "新生儿",
    "address": "阜阳市颍州区示范路3号",
    "bank": "中国工商银行",
}
MATTERS = {m["code"]: m for m in json.loads((REPO / "backend/tongban/demo/data/matters.json").read_text("utf-8"))}


def _fid(name: str) -> str:
    return "case-field-" + re.sub(r"[^A-Za-z0-9_-]", "_", name)


def choose(page: Any, name: str, value: str) -> None:
    """Answer a choice (radio buttons for a short list, else a select)."""
    group = page.locator(f"[data-testid={_fid(name)}-group]")
    if group.count():
        group.locator("label", has_text=re.compile(f"^{re.escape(value)}$")).click()
    else:
        page.locator(f"#{_fid(name)}").select_option(value)


def sign_in_by_code_api(page: Any, server: Any, phone: str, **extra: Any) -> dict[str, Any]:
    """Phone-code sign-in (or sign-up with `extra`) from the page; one code a minute per phone, so a
    refusal (another test signed this person in just now) waits for the next minute once."""
    purpose = "signup" if extra else "signin"
    for attempt in range(2):
        before = last_outbox_id(server, phone)
        sent = page_api(page, "POST", "/auth/codes", {"phone": phone, "purpose": purpose})
        if sent["status"] == 429 and attempt == 0:
            time.sleep(61)
            continue
        assert sent["status"] == 202, sent
        done = page_api(
            page,
            "POST",
            "/auth/signup" if extra else "/auth/signin/code",
            {"phone": phone, "code": outbox_code(server, phone, before), **extra},
        )
        assert done["status"] in (200, 201), done
        result: dict[str, Any] = done["json"]
        return result
    raise AssertionError(f"no sign-in code for {phone}")


def fresh_context(browser: Any, base_url: str, mode: str = "normal") -> Any:
    context = browser.new_context(
        **PHONE, **client_address(), base_url=base_url, storage_state=storage_state(base_url, MODES[mode].settings)
    )
    context.set_default_timeout(15_000)
    return context


def staff_context(browser: Any, base_url: str, server: Any, phone: str) -> Any:
    """A staff session (phone code, a passkey added, then the staff passkey sign-in)."""
    context = fresh_context(browser, base_url)
    page = context.new_page()
    open_page(page, "/settings", NORMAL)
    Authenticator(context, page)
    sign_in_by_code_api(page, server, phone)
    api_add_passkey(page, "窗口平板")
    api_passkey_sign_in(page, staff=True)
    profile = page_api(page, "GET", "/me")["json"]
    assert any(s["active"] for s in profile["staff"]), profile
    page.close()
    return context


def staff_fixture(phone: str, name: str) -> Any:
    """A module-scoped fixture `name`: a staff session (staff_context) for this demo phone, closed after
    the module. Assign it to a module attribute of the same name."""

    @pytest.fixture(scope="module", name=name)
    def fixture(tb_browser: Any, tb_base_url: str, tb_server: Any) -> Iterator[Any]:
        context = staff_context(tb_browser, tb_base_url, tb_server, phone)
        try:
            yield context
        finally:
            context.close()

    return fixture


clerk = staff_fixture(CLERK, "clerk")
reviewer = staff_fixture(REVIEWER, "reviewer")


@pytest.fixture(scope="module")
def walk_in(tb_browser: Any, tb_base_url: str, tb_server: Any) -> Iterator[dict[str, Any]]:
    """冯军 with an account (L2 by the registry) and his context, signed in."""
    context = fresh_context(tb_browser, tb_base_url)
    page = context.new_page()
    open_page(page, "/settings", NORMAL)
    phone = fresh_phone("136")
    profile = sign_in_by_code_api(page, tb_server, phone, name=WALK_IN, id_number=REGISTRY[WALK_IN])
    assert profile["assurance"] == "L2", profile
    page.close()
    try:
        yield {"name": WALK_IN, "id_number": REGISTRY[WALK_IN], "phone": phone, "context": context}
    finally:
        context.close()


def open_window_case(page: Any, person: dict[str, Any], *, window: str = WINDOW, delivery: str = "窗口领取") -> str:
    """A walk-in draft at the window through the API (set-up for the page checks)."""
    form = {
        "certificate_type": "户籍信息证明",
        "subject_id": person["id_number"],
        "purpose": "子女入学",
        "contact_phone": person["phone"],
        "delivery": delivery,
    }
    body = {
        "matter": MATTER,
        "mode": "proxy_window",
        "window": window,
        "form": form,
        "delivery": "pickup",
        "applicant": {k: person[k] for k in ("name", "id_number", "phone")},
    }
    created = page_api(page, "POST", "/cases", body)
    assert created["status"] == 201, created
    number: str = created["json"]["number"]
    return number


def every_key(page: Any, number: str) -> list[str]:
    case = page_api(page, "GET", f"/cases/{number}")["json"]
    return [i["key"] for i in case["reception"]["checklist"]]


def toggle_elder(page: Any, on: bool) -> None:
    switch = page.get_by_test_id("elder-switch")
    if (switch.get_attribute("aria-pressed") == "true") != on:
        switch.click()
    expect(page.locator("html")).to_have_attribute("data-mode", "elder" if on else "normal")


# ---- 1. the walk-in, from the window to the hand-over ----------------------------------------------


def test_walk_in_received_forwarded_decided_and_handed_over(
    tb_base_url: str, tb_server: Any, clerk: Any, reviewer: Any, walk_in: dict[str, Any], new_context: Any
) -> None:
    page = clerk.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # The workbench leads to the reception.
    open_page(page, "/staff", NORMAL)
    expect(page.get_by_test_id("receipt-opener")).to_be_visible()
    page.get_by_test_id("link-reception").click()
    page.wait_for_url("**/staff/reception")
    wait_ready(page, NORMAL)

    # 1. The window: the clerk's own post first; a general window receives only the 全市通办 list.
    select = page.get_by_test_id("reception-window")
    expect(select).to_have_value(WINDOW)
    expect(page.get_by_test_id("reception-window-receives")).to_contain_text("跨省通办")
    codes = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    assert codes[0] == WINDOW and "FY-LQ-W05" not in codes, codes  # no help desk
    assert all(c.startswith("FY-LQ") for c in codes), f"places outside 临泉县 offered: {codes}"
    select.select_option(GENERAL_WINDOW)
    expect(page.get_by_test_id("reception-window-receives")).to_contain_text("全市通办")
    page.get_by_test_id("reception-q").fill(MATTERS[NOT_CITYWIDE]["name"])
    page.get_by_test_id("reception-search").click()
    expect(page.get_by_test_id("reception-found")).to_have_text("找到的事项都不能在本窗口收件。")
    select.select_option(WINDOW)
    page.get_by_test_id("reception-search").click()
    expect(page.get_by_test_id("reception-found")).to_contain_text("本窗口可以收件")
    screenshot(page, "window-1-start")
    check_axe(page, "normal-window-start")

    # 2. The service, found by a few characters.
    page.get_by_test_id("reception-q").fill("户籍")
    page.get_by_test_id("reception-search").click()
    option = page.locator("[data-testid=reception-matter-group] label", has_text=MATTERS[MATTER]["name"])
    expect(option).to_have_count(1)
    option.click()

    # 3. The applicant: nothing goes on before the ID card is checked in person.
    page.get_by_test_id("reception-name").fill(walk_in["name"])
    page.get_by_test_id("reception-id-number").fill(walk_in["id_number"])
    page.get_by_test_id("reception-phone").fill(walk_in["phone"])
    page.get_by_test_id("reception-open").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("请先当面核验身份证")
    screenshot(page, "window-1b-id-not-checked")
    check_axe(page, "normal-window-start-error")
    page.locator("label[for=reception-id-checked]").click()
    with page.expect_response(
        lambda r: r.url.split("?")[0].endswith("/api/v1/cases") and r.request.method == "POST"
    ) as made:
        page.get_by_test_id("reception-open").click()
    assert made.value.status == 201, made.value.text()
    number = made.value.json()["number"]
    assert made.value.request.headers.get("idempotency-key")
    page.wait_for_url(re.compile(rf"/staff/reception\?case={number}$"))
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("applicant-name")).to_have_text(walk_in["name"])

    # The form, with the applicant; the phone question starts with the applicant's number.
    expect(page.locator(f"#{_fid('contact_phone')}")).to_have_value(walk_in["phone"])
    page.get_by_test_id("step-next").click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()  # the required questions
    for f in MATTERS[MATTER]["form_fields"]:
        if f["name"] == "delivery":
            choose(page, "delivery", "窗口领取")
        elif f["name"] not in ("contact_phone",) and f["required"]:
            fill_field(page, f)
    screenshot(page, "window-2-form")
    check_axe(page, "normal-window-form")
    with page.expect_response(lambda r: r.url.split("?")[0].endswith(f"/cases/{number}")) as saved:
        page.get_by_test_id("step-next").click()
    assert saved.value.status == 200, saved.value.text()

    # The paper material, photographed: the camera input, then its preview.
    index = [m["name"] for m in MATTERS[MATTER]["materials"]].index(PHOTOGRAPHED)
    camera = page.locator(f"#case-material-{index}-camera")
    assert camera.get_attribute("capture") == "environment" and camera.get_attribute("accept") == "image/*"
    with page.expect_response(lambda r: "/materials" in r.url and r.request.method == "POST") as up:
        camera.set_input_files(files=[{"name": "IMG_0001.png", "mimeType": "image/png", "buffer": PNG}])
    assert up.value.status == 201, up.value.text()
    section = page.get_by_test_id("material").nth(index)
    expect(section.get_by_test_id("material-item")).to_have_count(1)
    preview = section.get_by_test_id("material-preview")
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.complete && img.naturalWidth > 0"), "the preview shows no picture"
    assert "IMG_0001" not in main_text(page)
    screenshot(page, "window-3-materials")
    check_axe(page, "normal-window-materials")
    page.get_by_test_id("step-next").click()

    # The formal review: each item a large checkbox; receiving needs every item that applies.
    expect(page.get_by_test_id("checklist-item").first).to_be_visible()
    keys = every_key(page, number)
    case = page_api(page, "GET", f"/cases/{number}")["json"]
    needed = [
        i
        for i in case["reception"]["checklist"]
        if i["kind"] == "condition" or i["required"] or i["text"] == PHOTOGRAPHED
    ]
    box = page.locator(f"#check-{needed[0]['key']}").bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44, f"checkbox too small: {box}"
    page.get_by_test_id("reception-receive").click()
    expect(page.get_by_test_id("error-summary").locator("li")).to_have_count(len(needed))
    screenshot(page, "window-4-checklist-errors")
    check_axe(page, "normal-window-checklist-errors")
    for item in needed:
        page.locator(f"label[for=check-{item['key']}]").click()
    expect(page.get_by_test_id("error-summary")).to_be_hidden()
    screenshot(page, "window-4-checklist")
    with page.expect_response(lambda r: r.url.split("?")[0].endswith(f"/cases/{number}/receive")) as rcv:
        page.get_by_test_id("reception-receive").click()
    assert rcv.value.status == 200, rcv.value.text()
    sent = rcv.value.request.post_data_json
    assert sorted(sent["checked"]) == sorted(i["key"] for i in needed), sent
    assert len(keys) > len(needed)  # an optional material not provided was left unticked

    # The receipt: number and query code to hand over, printable; then forward.
    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_be_visible()
    expect(page.get_by_test_id("receipt-number")).to_have_text(number)
    query_code = page.get_by_test_id("receipt-query-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", query_code), query_code
    expect(page.get_by_test_id("receipt-place")).to_contain_text("跨省通办专窗")
    expect(page.get_by_test_id("receipt-print")).to_be_visible()
    expect(page.get_by_test_id("receipt-pdf")).to_have_attribute("href", f"/api/v1/cases/{number}/receipt.pdf")
    assert page_api(page, "GET", f"/cases/{number}/receipt.pdf")["status"] == 200, "the clerk cannot get the PDF"
    expect(page.get_by_test_id("reception-originals")).to_contain_text("无需寄送原件")
    screenshot(page, "window-5-receipt")
    check_axe(page, "normal-window-receipt")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and not page.get_by_test_id("reception-forward").is_visible()
    assert page.get_by_test_id("receipt-query-code").is_visible(), "the printed receipt lacks the query code"
    page.emulate_media(media="screen")
    # The same screen in 长辈版.
    toggle_elder(page, True)
    screenshot(page, "window-5b-receipt-elder")
    check_elder(page, "window-receipt")
    check_axe(page, "elder-window-receipt")
    toggle_elder(page, False)

    with page.expect_response(lambda r: r.url.split("?")[0].endswith(f"/cases/{number}/forward")) as fwd:
        page.get_by_test_id("reception-forward").click()
    assert fwd.value.status == 200, fwd.value.text()
    done = page.get_by_test_id("reception-done")
    expect(done).to_be_visible()
    expect(page.get_by_test_id("case-status")).to_have_text("已转送办理地部门")
    screenshot(page, "window-6-forwarded")
    check_axe(page, "normal-window-forwarded")
    # Not in the clerk's queue while the department has it.
    open_page(page, "/staff/queue", NORMAL)
    expect(page.get_by_test_id("case-item").filter(has_text=number)).to_have_count(0)

    # 2. The reviewer accepts and approves (pick-up: the result waits at the window).
    staff = reviewer.new_page()
    open_page(staff, f"/staff/cases/{number}", NORMAL)
    expect(staff.get_by_test_id("reception-place")).to_contain_text("跨省通办专窗")
    expect(staff.get_by_test_id("case-file")).to_have_count(1)
    for action in ("accept", "approve"):
        staff.get_by_test_id(f"case-action-{action}").click()
        with staff.expect_response(lambda r, a=action: r.url.split("?")[0].endswith(f"/cases/{number}/{a}")) as res:
            staff.get_by_test_id("case-action-confirm").click()
        assert res.value.status == 200, res.value.text()
    expect(staff.get_by_test_id("case-status")).to_have_text("结果送达中")
    expect(staff.get_by_test_id("no-actions")).to_be_visible()  # the hand-over is the window's
    staff.close()

    # 3. Back in the clerk's queue until pick-up; opened from the receipt; the hand-over recorded.
    open_page(page, "/staff/queue", NORMAL)
    expect(page.get_by_test_id("case-item").filter(has_text=number)).to_have_count(1)
    open_page(page, "/staff", NORMAL)
    page.get_by_test_id("receipt-number").fill("TB123")
    page.get_by_test_id("receipt-open").click()
    expect(page.locator("#receipt-number-error")).to_contain_text("不是办件编号")
    check_axe(page, "normal-staff-receipt-error")
    page.get_by_test_id("receipt-number").fill(number.lower())
    page.get_by_test_id("receipt-open").click()
    page.wait_for_url(f"**/staff/cases/{number}")
    wait_ready(page, NORMAL)
    page.get_by_test_id("case-action-complete").click()
    page.get_by_test_id("action-reason").fill("申请人本人持回执领取")
    with page.expect_response(lambda r: r.url.split("?")[0].endswith(f"/cases/{number}/complete")) as handed:
        page.get_by_test_id("case-action-confirm").click()
    assert handed.value.status == 200, handed.value.text()
    expect(page.get_by_test_id("case-status")).to_have_text("已办结")
    screenshot(page, "window-7-handed-over")
    assert not errors, f"uncaught page errors: {errors}"
    page.close()

    # 4. Anyone with the receipt: 已办结.
    anon = new_context("normal", **client_address())
    look = anon.new_page()
    open_page(look, f"/case-status?number={number}", NORMAL)
    look.get_by_test_id("case-status-code").fill(query_code)
    look.get_by_test_id("case-status-submit").click()
    expect(look.get_by_test_id("case-status-label")).to_have_text("已办结")
    expect(look.get_by_test_id("case-status-result")).to_contain_text("窗口已收件")
    screenshot(look, "window-8-status")

    # 5. The walk-in sees it among his cases, received at the window.
    mine = walk_in["context"].new_page()
    open_page(mine, f"/cases/{number}", NORMAL)
    expect(mine.get_by_test_id("case-status")).to_have_text("已办结")
    expect(mine.get_by_test_id("reception-place")).to_contain_text("跨省通办专窗")
    check_axe(mine, "normal-window-case-resident")
    mine.close()


# ---- 2. the receipt's QR read by the camera ---------------------------------------------------------

# A stand-in for a phone's camera and BarcodeDetector (desktop Linux Chromium has neither): the
# camera is a canvas stream, the detector reads whatever the test puts in window.__qr.
FAKE_CAMERA_JS = """(() => {
  window.__qr = null;
  window.BarcodeDetector = class {
    static getSupportedFormats() { return Promise.resolve(['qr_code']); }
    detect() { return Promise.resolve(window.__qr ? [{rawValue: window.__qr, format: 'qr_code'}] : []); }
  };
  if (navigator.mediaDevices) navigator.mediaDevices.getUserMedia = async () => {
    const c = document.createElement('canvas'); c.width = 64; c.height = 64;
    const g = c.getContext('2d'); let n = 0;
    setInterval(() => { g.fillStyle = n++ % 2 ? '#000' : '#fff'; g.fillRect(0, 0, 64, 64); }, 50);
    window.__stream = c.captureStream(20);
    return window.__stream;
  };
})();"""


def test_receipt_qr_scanned_opens_the_case(tb_base_url: str, clerk: Any, walk_in: dict[str, Any]) -> None:
    page = clerk.new_page()
    open_page(page, "/settings", NORMAL)
    number = open_window_case(page, walk_in)
    assert page_api(page, "POST", f"/cases/{number}/receive", {"checked": every_key(page, number)})["status"] == 200

    # Without BarcodeDetector (this Chromium) there is no scan button, and typing works.
    open_page(page, "/staff", NORMAL)
    expect(page.get_by_test_id("receipt-scan")).to_have_count(0)
    page.close()

    page = clerk.new_page()
    page.add_init_script(FAKE_CAMERA_JS)
    open_page(page, "/staff", NORMAL)
    camera_off = "() => window.__stream.getTracks().every(t => t.readyState === 'ended')"
    # Stopped by hand: the camera goes off.
    page.get_by_test_id("receipt-scan").click()
    expect(page.get_by_test_id("receipt-scanner").locator("video")).to_be_visible()
    page.wait_for_function("() => !!window.__stream")
    page.get_by_test_id("receipt-scan-stop").click()
    expect(page.get_by_test_id("receipt-scanner")).to_have_count(0)
    # the camera may still be opening when 停止扫描 is pressed: it must go off as soon as it opens
    page.wait_for_function(camera_off, timeout=5000)
    page.get_by_test_id("receipt-scan").click()
    expect(page.get_by_test_id("receipt-scanner").locator("video")).to_be_visible()
    page.evaluate("() => { window.__qr = 'HC1:NOT-A-RECEIPT' }")
    expect(page.get_by_test_id("receipt-scan-status")).to_contain_text("不是本平台的受理回执")
    screenshot(page, "window-9-scanning")
    check_axe(page, "normal-staff-scanning")
    page.evaluate(f"() => {{ window.__qr = 'TBR1:{number}:ABCDEFGHIJKLMNOP' }}")
    page.wait_for_url(f"**/staff/cases/{number}")
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("case-number")).to_have_text(number)
    assert page.evaluate("() => [...document.querySelectorAll('video')].length") == 0
    assert page.evaluate(camera_off), "the camera is still on after the case opened"
    page.close()


# ---- 3. joint cases: each department decides its own part ---------------------------------------


@pytest.fixture(scope="module")
def joint_case(tb_server: Any, walk_in: dict[str, Any]) -> str:
    """A joint case 冯军 applied for online (signed with a texted code: one a minute, so made once)."""
    resident = walk_in["context"].new_page()
    open_page(resident, "/settings", NORMAL)
    body = {"matter": JOINT, "mode": "joint", "form": JOINT_FORM, "delivery": "pickup"}
    created = page_api(resident, "POST", "/cases", body)
    assert created["status"] == 201, created
    number: str = created["json"]["number"]
    assert upload_by_api(resident, number, "工作调动证明") == 201
    signed = signature_by_api(resident, tb_server, walk_in["phone"], number)
    submitted = page_api(resident, "POST", f"/cases/{number}/submit", signed)
    assert submitted["status"] == 200, submitted
    resident.close()
    return number


def test_joint_parts_on_the_staff_and_the_resident_pages(
    reviewer: Any, walk_in: dict[str, Any], joint_case: str
) -> None:
    number = joint_case
    resident = walk_in["context"].new_page()
    staff = reviewer.new_page()
    open_page(staff, f"/staff/cases/{number}", NORMAL)
    parts = staff.get_by_test_id("case-part")
    expect(parts).to_have_count(2)
    mine, other = (
        parts.filter(has=staff.locator("[data-testid=part-action-accept]")),
        staff.locator("[data-dept='330200-GA']"),
    )
    expect(mine).to_have_attribute("data-dept", "341200-GA")
    expect(mine).to_contain_text("阜阳市")
    expect(other).to_contain_text("宁波市")
    expect(other.locator("button")).to_have_count(0)  # another department's part: nothing to do
    expect(other.get_by_test_id("part-status")).to_have_text("等待部门办理")
    expect(staff.get_by_test_id("case-action-accept")).to_have_count(0)  # no case-level decision
    expect(staff.get_by_test_id("no-actions")).to_have_count(0)  # and no "nothing to do" above the parts
    screenshot(staff, "window-10-joint-staff")
    check_axe(staff, "normal-joint-staff")
    # Not accepting needs a reason, asked inline.
    mine.get_by_test_id("part-action-not-accept").click()
    mine.get_by_test_id("part-action-confirm").click()
    expect(mine.locator(".field-error")).to_be_visible()
    check_axe(staff, "normal-joint-staff-reason")
    mine.get_by_test_id("part-action-accept").click()
    with staff.expect_response(
        lambda r: r.url.split("?")[0].endswith(f"/cases/{number}/parts/341200-GA/accept")
    ) as acc:
        mine.get_by_test_id("part-action-confirm").click()
    assert acc.value.status == 200, acc.value.text()
    expect(staff.locator("[data-dept='341200-GA'] [data-testid=part-status]")).to_have_text("已受理")
    expect(staff.get_by_test_id("staff-case-said")).to_contain_text("阜阳市公安局")
    expect(staff.locator("[data-dept='341200-GA'] [data-testid=part-action-approve]")).to_have_count(
        0
    )  # not yet: 宁波 waits
    expect(staff.get_by_test_id("no-actions")).to_be_visible()
    screenshot(staff, "window-11-joint-part-accepted")
    staff.close()

    open_page(resident, f"/cases/{number}", NORMAL)
    got = resident.get_by_test_id("case-part")
    expect(got).to_have_count(2)
    expect(resident.locator("[data-dept='341200-GA'] [data-testid=part-status]")).to_have_text("已受理")
    expect(resident.locator("[data-dept='330200-GA'] [data-testid=part-status]")).to_have_text("等待部门办理")
    expect(resident.get_by_test_id("case-parts").locator("button")).to_have_count(0)
    screenshot(resident, "window-12-joint-resident")
    check_axe(resident, "normal-joint-resident")
    resident.close()


# ---- 4. a bundle: one form, one set of materials, one receipt -------------------------------------


def test_bundle_applied_once_creates_its_cases_with_one_receipt(tb_server: Any, walk_in: dict[str, Any]) -> None:
    page = walk_in["context"].new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_page(page, "/", NORMAL)
    page.get_by_test_id("link-bundles").click()
    page.wait_for_url("**/bundles")
    wait_ready(page, NORMAL)
    item = page.get_by_test_id("bundle-item").filter(has_text="新生儿出生一件事")
    expect(item).to_contain_text("出生登记")
    screenshot(page, "bundle-1-list")
    check_axe(page, "normal-bundles")
    item.get_by_test_id("bundle-link").click()
    page.wait_for_url(f"**/bundles/{BUNDLE}")
    wait_ready(page, NORMAL)

    form = tb_server.get_json(f"/api/v1/bundles/{BUNDLE}/form")
    # The union form: every question once, on one screen.
    for name in form["properties"]:
        expect(page.locator(f"#{_fid(name)}")).to_have_count(1)
    page.get_by_test_id("step-next").click()
    expect(page.get_by_test_id("error-summary").locator("li")).to_have_count(len(form["required"]))
    for name, value in BUNDLE_VALUES.items():
        if form["properties"][name].get("enum"):
            choose(page, name, value)
        else:
            page.locator(f"#{_fid(name)}").fill(value)
    screenshot(page, "bundle-2-form")
    check_axe(page, "normal-bundle-form")
    page.get_by_test_id("step-next").click()

    # One set of materials: the photo goes up once, to the bundle.
    names = [m["name"] for m in form["materials"]]
    expect(page.get_by_test_id("material")).to_have_count(len(names))
    page.get_by_test_id("step-next").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text(BUNDLE_PHOTO)
    index = names.index(BUNDLE_PHOTO)
    with page.expect_response(lambda r: r.url.split("?")[0].endswith(f"/bundles/{BUNDLE}/materials")) as up:
        page.locator(f"#case-material-{index}-camera").set_input_files(
            files=[{"name": "photo.png", "mimeType": "image/png", "buffer": PNG}]
        )
    assert up.value.status == 201, up.value.text()
    staged = up.value.json()["id"]
    expect(page.get_by_test_id("material-preview")).to_be_visible()
    screenshot(page, "bundle-3-materials")
    check_axe(page, "normal-bundle-materials")
    page.get_by_test_id("step-next").click()
    expect(page.get_by_test_id("bundle-review")).to_be_visible()
    expect(page.get_by_test_id("review-materials")).to_contain_text("已上传 1 份")
    screenshot(page, "bundle-4-review")
    check_axe(page, "normal-bundle-review")

    with page.expect_response(lambda r: r.url.split("?")[0].endswith(f"/bundles/{BUNDLE}/apply")) as applied:
        page.get_by_test_id("bundle-submit").click()
    assert applied.value.status == 201, applied.value.text()
    request = applied.value.request
    assert request.headers.get("idempotency-key") and request.post_data_json["materials"] == [staged]
    body = applied.value.json()
    receipt = page.get_by_test_id("bundle-receipt")
    expect(receipt).to_be_visible()
    expect(page.get_by_test_id("bundle-receipt-number")).to_have_text(body["number"])
    assert body["number"].startswith("YJ")
    cases = page.get_by_test_id("bundle-case")
    expect(cases).to_have_count(len(form["matters"]))
    numbers = [c["number"] for c in body["cases"]]
    expect(page.get_by_test_id("bundle-case-number")).to_have_text(numbers)
    for m in form["matters"]:
        expect(receipt).to_contain_text(m["name"])
    query_code = page.get_by_test_id("receipt-query-code").inner_text().strip()
    screenshot(page, "bundle-5-receipt")
    check_axe(page, "normal-bundle-receipt")
    toggle_elder(page, True)
    screenshot(page, "bundle-5b-receipt-elder")
    check_elder(page, "bundle-receipt")
    check_axe(page, "elder-bundle-receipt")
    toggle_elder(page, False)

    # Each case knows its siblings; one query code opens every one of them.
    page.get_by_test_id("bundle-case-number").first.click()
    page.wait_for_url(f"**/cases/{numbers[0]}")
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("case-bundle")).to_contain_text(body["number"])
    expect(page.get_by_test_id("case-bundle").locator("a")).to_have_text(numbers[1:])
    for n in numbers:
        look = page_api(page, "GET", f"/case-status?number={n}&query_code={query_code}")
        assert look["status"] == 200 and look["json"]["status"] == "submitted", look
    assert not errors, f"uncaught page errors: {errors}"
    page.close()


# ---- 5. axe and 长辈版 on every new page ----------------------------------------------------------

PAGES = [
    "staff-workbench",
    "reception-start",
    "reception-form",
    "reception-materials",
    "reception-checklist",
    "reception-received",
    "reception-done",
    "staff-case-window",
    "staff-case-joint",
    "case-joint",
    "bundles",
    "bundle-form",
]


@pytest.fixture(scope="module")
def page_setup(clerk: Any, reviewer: Any, walk_in: dict[str, Any], joint_case: str) -> dict[str, Any]:
    """A draft, a received and a forwarded case at the window, and a submitted joint case."""
    page = clerk.new_page()
    open_page(page, "/settings", NORMAL)
    draft = open_window_case(page, walk_in)
    assert upload_by_api(page, draft, PHOTOGRAPHED) == 201
    received = open_window_case(page, walk_in)
    assert page_api(page, "POST", f"/cases/{received}/receive", {"checked": every_key(page, received)})["status"] == 200
    forwarded = open_window_case(page, walk_in)
    assert (
        page_api(page, "POST", f"/cases/{forwarded}/receive", {"checked": every_key(page, forwarded)})["status"] == 200
    )
    assert page_api(page, "POST", f"/cases/{forwarded}/forward")["status"] == 200
    page.close()
    return {
        "draft": draft,
        "received": received,
        "forwarded": forwarded,
        "joint": joint_case,
        "clerk": clerk.cookies(),
        "reviewer": reviewer.cookies(),
        "resident": walk_in["context"].cookies(),
    }


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("mode_name", ["normal", "large", "elder"])
def test_window_pages_axe_and_elder(
    tb_browser: Any, tb_base_url: str, page_setup: dict[str, Any], mode_name: str, page_name: str
) -> None:
    """axe WCAG 2.2 AA in normal, 200 % text and 长辈版; in 长辈版 the measurements; no sideways scroll."""
    s = page_setup
    path, who, ready = {
        "staff-workbench": ("/staff", "clerk", "receipt-opener"),
        "reception-start": ("/staff/reception", "clerk", "reception-window"),
        "reception-form": (f"/staff/reception?case={s['draft']}", "clerk", "step-next"),
        "reception-materials": (f"/staff/reception?case={s['draft']}&step=materials", "clerk", "material"),
        "reception-checklist": (f"/staff/reception?case={s['draft']}&step=checklist", "clerk", "checklist-item"),
        "reception-received": (f"/staff/reception?case={s['received']}", "clerk", "reception-forward"),
        "reception-done": (f"/staff/reception?case={s['forwarded']}", "clerk", "reception-done"),
        "staff-case-window": (f"/staff/cases/{s['received']}", "clerk", "case-reception"),
        "staff-case-joint": (f"/staff/cases/{s['joint']}", "reviewer", "case-parts"),
        "case-joint": (f"/cases/{s['joint']}", "resident", "case-parts"),
        "bundles": ("/bundles", None, "bundle-item"),
        "bundle-form": (f"/bundles/{BUNDLE}", "resident", "step-next"),
    }[page_name]
    cookies = s[who] if who else []
    check_page_in_mode(tb_browser, tb_base_url, path, mode_name, cookies, f"window-{page_name}", ready=ready)
