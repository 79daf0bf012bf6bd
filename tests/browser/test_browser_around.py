"""Around the case in a real browser (issue 7 items 3, 11, 13, 16, the resident's side): the receipt on the
submit step and the case page (PDF download, QR on screen); 好差评 on a completed case (非常满意, once only)
and for a window visit; a fee paid with the sandbox payer (沙箱支付（演示）) and shown 已支付, a refund shown
已退费; the result's waybill with the sandbox courier's tracking; the inbox (unread count in the header,
opening a message marks it read and leads to its case). axe (WCAG 2.2 AA), the 长辈版 measurements and
screenshots at 360×800 on the case page with the new parts, the inbox and the window rating page.

People: the resident is 周强 (demo account, real name verified: L2), who applies here with a phone-code
session (no staff powers) and a passkey he signs his applications with, so no signing texts are needed
(one a minute). The reviewer is a new account given a 市公安局 reviewer post by the admin 马志刚, so this
module shares no rate-limited phone with test_browser_cases (孙丽). No other browser test signs in
13800000014 or 13800000015. Background jobs (notices) and the courier's polling run when the test says
so, in a process on the server's database, as the worker would.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from browser_support import (
    MODES,
    PHONE,
    Authenticator,
    api_add_passkey,
    api_passkey_sign_in,
    api_sign_in_by_code,
    check_axe,
    check_elder,
    check_page_in_mode,
    client_address,
    fresh_phone,
    is_api,
    layout_metrics,
    open_page,
    page_api,
    screenshot,
    storage_state,
    wait_ready,
)
from playwright.sync_api import expect
from test_browser_cases import CODE, MATTER, UPLOAD, _value, upload_by_api

NORMAL, ELDER = MODES["normal"], MODES["elder"]
RESIDENT = "13800000014"  # 周强 (demo, L2): a resident here, signed in by phone code
ADMIN = "13800000015"  # 马志刚, the platform admin: gives this module's reviewer their post
DEPARTMENT = "341200-GA"  # 市公安局: handles CODE and LICENCE
LICENCE, HEALTH = "FY-GA-0011", "机动车驾驶人身体条件证明"  # 驾驶证有效期满换证: a ¥10.00 fee (demo)
LICENCE_FORM = {
    "licence_number": "341200123456",
    "vehicle_class": "C1",
    "contact_phone": "13800000099",
    "delivery": "邮寄送达",
}
ADDRESS = "安徽省阜阳市颍州区示范路1号"
LEVELS = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]

# Sign a complete draft with the passkey in the page's virtual authenticator and submit it, as the PWA
# does (set-up for tests about what follows the submission).
_SUBMIT_JS = """async (number) => {
  const csrf = () => decodeURIComponent(
    (document.cookie.split('; ').find(c => c.startsWith('tb_csrf=')) || '').slice(8));
  if (!csrf()) await fetch('/api/v1/health', {credentials: 'same-origin'});
  const post = async (path, body) => {
    const res = await fetch('/api/v1' + path, {method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf()},
      body: JSON.stringify(body)});
    return {status: res.status, json: await res.json().catch(() => null)};
  };
  const o = await post('/cases/' + number + '/signature/options', {method: 'passkey'});
  if (o.status !== 200) return o;
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(o.json.publicKey);
  const cred = await navigator.credentials.get({publicKey});
  return post('/cases/' + number + '/submit',
              {signature: {method: 'passkey', handle: o.json.handle, credential: cred.toJSON()}});
}"""

# What the worker does: run the jobs that are due (notices to the inbox), or poll the courier.
_RUN_JOBS = "from tongban.jobs import service as s; print(s.run_due())"
_POLL_COURIER = "from tongban.logistics import service as s; from tongban.extensions import db; print(s.poll())"


def in_server(server: Any, statement: str) -> str:
    """Run a statement inside the app, on the server's database (what `tongban worker` would do)."""
    code = f"from tongban import create_app\nwith create_app().app_context():\n    {statement}\n"
    done = subprocess.run(
        [sys.executable, "-c", code], env=server.env, cwd=server.cwd, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{statement!r} failed:\n{done.stdout}{done.stderr[-3000:]}"
    return done.stdout


def poll_courier(server: Any, page: Any, number: str) -> None:
    """The worker's courier poll, until the case's parcel has its first tracking event (a poll that meets
    the database busy with a request leaves the parcel for the next one, as the periodic task would)."""
    for _ in range(10):
        in_server(server, _POLL_COURIER)
        items = page_api(page, "GET", f"/cases/{number}/waybills")["json"]["items"]
        if items and items[0]["events"]:
            return
        time.sleep(1)
    raise AssertionError(f"the courier's poll added no tracking to {number}'s parcel: {items}")


def run_jobs(server: Any, done: Any) -> None:
    """Run the due jobs until `done()` holds (a job that met a busy database is retried by the worker later)."""
    for _ in range(20):
        in_server(server, _RUN_JOBS)
        if done():
            return
        time.sleep(1)
    raise AssertionError("the queued jobs did not finish")


@dataclass
class Person:
    context: Any
    page: Any  # the page holding the virtual authenticator (passkeys live in it)


def _context(browser: Any, base_url: str) -> Any:
    context = browser.new_context(
        **PHONE, **client_address(), base_url=base_url, storage_state=storage_state(base_url, NORMAL.settings)
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture(scope="module")
def resident(tb_browser: Any, tb_base_url: str, tb_server: Any) -> Iterator[Person]:
    """周强 signed in by phone code, with a passkey to sign his applications."""
    context = _context(tb_browser, tb_base_url)
    page = context.new_page()
    open_page(page, "/settings", NORMAL)
    Authenticator(context, page)
    api_sign_in_by_code(page, tb_server, RESIDENT)
    api_add_passkey(page, "周强的手机")
    me = page_api(page, "GET", "/me")["json"]
    assert me["assurance"] in ("L2", "L3") and not any(s["active"] for s in me["staff"]), me
    try:
        yield Person(context, page)
    finally:
        context.close()


@pytest.fixture(scope="module")
def reviewer(tb_browser: Any, tb_base_url: str, tb_server: Any) -> Iterator[Any]:
    """A new account, given a 市公安局 reviewer post by the admin, in a staff passkey session: a page to
    act from (through the API; the reviewer's pages are test_browser_cases' subject)."""
    context = _context(tb_browser, tb_base_url)
    page = context.new_page()
    open_page(page, "/settings", NORMAL)
    Authenticator(context, page)
    api_sign_in_by_code(page, tb_server, fresh_phone("136"), signup=True)
    account_id = page_api(page, "GET", "/me")["json"]["account_id"]

    admin = _context(tb_browser, tb_base_url)
    try:
        apage = admin.new_page()
        open_page(apage, "/settings", NORMAL)
        Authenticator(admin, apage)
        api_sign_in_by_code(apage, tb_server, ADMIN)
        api_add_passkey(apage, "管理电脑")
        api_passkey_sign_in(apage, staff=True)
        post = {
            "account_id": account_id,
            "role": "reviewer",
            "unit_type": "department",
            "unit_code": DEPARTMENT,
            "jurisdiction": "341200",
        }
        granted = page_api(apage, "POST", "/admin/staff-posts", post)
        assert granted["status"] == 201, granted
    finally:
        admin.close()

    api_add_passkey(page, "审批电脑")
    api_passkey_sign_in(page, staff=True)
    profile = page_api(page, "GET", "/me")["json"]
    assert any(s["role"] == "reviewer" and s["active"] for s in profile["staff"]), profile
    try:
        yield page
    finally:
        context.close()


def act(reviewer: Any, number: str, action: str, reason: str = "") -> dict[str, Any]:
    done = page_api(reviewer, "POST", f"/cases/{number}/{action}", {"reason": reason} if reason else {})
    assert done["status"] == 200, (action, done)
    result: dict[str, Any] = done["json"]
    return result


def draft(page: Any, matter: str, form: dict[str, str], material: str, **extra: str) -> str:
    created = page_api(page, "POST", "/cases", {"matter": matter, "mode": "online", "form": form, **extra})
    assert created["status"] == 201, created
    number: str = created["json"]["number"]
    assert upload_by_api(page, number, material) == 201
    return number


def submit(page: Any, number: str) -> dict[str, Any]:
    done: dict[str, Any] = page.evaluate(_SUBMIT_JS, number)
    assert done["status"] == 200, done
    return done


def completed_case(resident: Person, reviewer: Any) -> str:
    """An application of CODE (result as an e-licence), submitted, accepted and approved: completed."""
    number = draft(resident.page, CODE, {f["name"]: _value(f) for f in MATTER["form_fields"]}, UPLOAD)
    submit(resident.page, number)
    act(reviewer, number, "accept")
    assert act(reviewer, number, "approve")["status"] == "completed"
    return number


def fee_case(resident: Person, reviewer: Any) -> str:
    """A 驾驶证换证 application (a ¥10.00 fee, the result by post), submitted and accepted."""
    number = draft(resident.page, LICENCE, LICENCE_FORM, HEALTH, delivery="post", delivery_address=ADDRESS)
    submit(resident.page, number)
    act(reviewer, number, "accept")
    return number


def open_case(page: Any, number: str, mode: Any = NORMAL) -> None:
    open_page(page, f"/cases/{number}", mode)
    expect(page.get_by_test_id("case-number")).to_have_text(number)


# Codes a person needs to read out (case, parcel and order numbers, the query code shown once), the file
# type in 下载受理回执（PDF）, and the e-archive's digest on the timeline.
CODES = re.compile(r"\b(?:TB\d{14}|SBX\d{20}|PO[0-9A-F]{18}|PDF|SHA-256 [0-9a-f]{64})\b")


def check_plain_chinese(page: Any, name: str) -> None:
    """The page speaks Chinese: no English word left (an untranslated message) besides the codes above."""
    text = str(page.evaluate("() => document.body.innerText"))
    code = page.locator("[data-testid=receipt-query-code]")
    if code.count():
        text = text.replace(code.inner_text().strip(), " ")
    text = CODES.sub(" ", text)
    english = re.findall(r"[A-Za-z]{2,}[A-Za-z ,.'’()]*", text)
    assert not english, f"English on the Chinese page {name}: {english}"


def check_no_sideways_scroll(page: Any, name: str) -> None:
    layout = layout_metrics(page)
    assert layout["scrollWidth"] <= layout["deviceWidth"] + 1, f"sideways scroll on {name}: {layout['overflowing']}"


def check_case_in_mode(
    person: Any, base_url: str, number: str, mode_name: str, label: str, shows: Callable[[Any], object]
) -> None:
    """The case page in another mode on a second phone of the same person (the same cookies), checked by
    check_page_in_mode once it shows the case's number and what `shows` looks for."""

    def ready(page: Any) -> None:
        expect(page.get_by_test_id("case-number")).to_have_text(number)
        shows(page)

    cookies = person.context.cookies()
    check_page_in_mode(person.context.browser, base_url, f"/cases/{number}", mode_name, cookies, label, ready)


# ---- 1. the receipt, then 好差评 ---------------------------------------------------------------------


def test_receipt_pdf_and_qr_then_rate_once(resident: Person, reviewer: Any, tb_base_url: str) -> None:
    """Submit in the PWA (signed with the passkey): the receipt offers the PDF (application/pdf, downloaded)
    and shows its QR; once completed, the case page has both too, and the rating: nothing sent without a
    level, 非常满意 with a comment is recorded and shown, and the case cannot be rated again."""
    page = resident.page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    number = draft(page, CODE, {f["name"]: _value(f) for f in MATTER["form_fields"]}, UPLOAD)

    # The submit step of the form: 签名并提交 with the passkey, then the receipt.
    open_page(page, f"/apply/{CODE}/form?case={number}&step=9", NORMAL)
    expect(page.get_by_test_id("case-review")).to_be_visible()
    with page.expect_response(is_api("POST", f"/cases/{number}/submit")) as sub:
        page.get_by_test_id("case-submit").click()
    assert sub.value.status == 200, sub.value.text()
    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_be_visible()
    links = receipt.get_by_test_id("receipt-links")
    pdf = links.get_by_test_id("receipt-pdf")
    expect(pdf).to_have_text("下载受理回执（PDF）")
    expect(pdf).to_have_attribute("href", f"/api/v1/cases/{number}/receipt.pdf")
    qr = links.get_by_test_id("receipt-qr")
    expect(qr).to_have_attribute("alt", re.compile(number))
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    with page.expect_download() as download:
        pdf.click()
    assert download.value.suggested_filename == f"{number}.pdf"
    with open(download.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-", "the downloaded receipt is not a PDF"
    head = page.evaluate(
        """async (href) => { const r = await fetch(href, {credentials: 'same-origin'});
             return {status: r.status, type: r.headers.get('content-type')}; }""",
        pdf.get_attribute("href"),
    )
    assert head == {"status": 200, "type": "application/pdf"}, head
    qr_type = page.evaluate(
        "async (src) => (await fetch(src, {credentials: 'same-origin'})).headers.get('content-type')",
        qr.get_attribute("src"),
    )
    assert qr_type and qr_type.startswith("image/svg+xml"), qr_type
    screenshot(page, "around-1-receipt")
    check_axe(page, "normal-around-receipt")
    check_plain_chinese(page, "normal-around-receipt")

    # The department accepts and approves (the result is an e-licence: completed at once).
    act(reviewer, number, "accept")
    assert act(reviewer, number, "approve")["status"] == "completed"

    # The case page: the receipt again, and the rating form (five levels, best first).
    open_case(page, number)
    expect(page.get_by_test_id("case-status")).to_have_text("已办结")
    expect(page.get_by_test_id("receipt-pdf")).to_have_attribute("href", f"/api/v1/cases/{number}/receipt.pdf")
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=page.get_by_test_id("receipt-qr").element_handle()
    )
    rating = page.get_by_test_id("case-rating")
    expect(rating.locator("h2")).to_have_text("评价这次办事")
    expect(rating.locator(".radio label")).to_have_text(LEVELS)
    expect(rating).to_contain_text("整改")  # a bad rating is followed up, said before rating
    screenshot(page, "around-2-case-rating")
    check_axe(page, "normal-around-case-rating")
    check_plain_chinese(page, "normal-around-case-rating")

    # 长辈版: the case page with the rating form, another phone of the same person.
    check_case_in_mode(
        resident,
        tb_base_url,
        number,
        "elder",
        "around-case-rating",
        lambda elder: expect(elder.get_by_test_id("rating-form")).to_be_visible(),
    )

    # No level: stopped here, said at the question, nothing sent.
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/rating" in r.url and r.method == "POST" else None)
    page.get_by_test_id("rating-submit").click()
    expect(page.locator("#rating-level-error")).to_contain_text("请选择满意程度")
    assert not sent, f"a rating without a level was sent: {sent}"
    check_axe(page, "normal-around-case-rating-error")

    rating.locator(".radio label", has_text=re.compile("^非常满意$")).click()
    page.get_by_test_id("rating-comment").fill("办理很快，谢谢")
    with page.expect_response(is_api("POST", f"/cases/{number}/rating")) as rated:
        page.get_by_test_id("rating-submit").click()
    assert rated.value.status == 201, rated.value.text()
    expect(page.get_by_test_id("rating-level")).to_have_text("非常满意")
    expect(page.get_by_test_id("rating-recorded")).to_contain_text("评价已记录")
    expect(page.get_by_test_id("rating-your-comment")).to_have_text("办理很快，谢谢")
    expect(page.get_by_test_id("rating-form")).to_have_count(0)
    expect(page.get_by_test_id("rating-follow-up")).to_have_count(0)
    screenshot(page, "around-3-case-rated")
    check_axe(page, "normal-around-case-rated")
    check_plain_chinese(page, "normal-around-case-rated")

    # Once only: after a reload the rating is shown and no form; the API refuses a second one.
    page.reload()
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("rating-level")).to_have_text("非常满意")
    expect(page.get_by_test_id("rating-form")).to_have_count(0)
    again = page_api(page, "POST", f"/cases/{number}/rating", {"level": "dissatisfied"})
    assert again["status"] == 409, again
    assert page_api(page, "GET", f"/cases/{number}/rating")["json"]["level"] == "very_satisfied"
    assert not errors, f"uncaught page errors: {errors}"


# ---- 2. the fee, the sandbox payer, the parcel ----------------------------------------------------


def test_fee_paid_with_the_sandbox_payer_and_the_result_by_post(
    resident: Person, reviewer: Any, tb_server: Any, tb_base_url: str
) -> None:
    """A case with the guide's fee: 10.00 元 and 支付; the order opens the 沙箱支付（演示） payer, which pays it:
    已支付 on the case page and 已缴费 on the timeline. Approved, the result goes by the sandbox courier:
    the parcel with its tracking number and tracking."""
    page = resident.page
    number = fee_case(resident, reviewer)
    open_case(page, number)
    pay = page.get_by_test_id("case-payment")
    expect(page.get_by_test_id("payment-amount")).to_have_text("10.00 元")
    expect(page.get_by_test_id("payment-status")).to_have_text("未支付")
    start = page.get_by_test_id("payment-start")
    expect(start).to_have_text("支付 10.00 元")
    expect(page.get_by_test_id("sandbox-payer")).to_have_count(0)
    screenshot(page, "around-4-fee")
    check_axe(page, "normal-around-fee")

    with page.expect_response(is_api("POST", f"/cases/{number}/payment")) as opened:
        start.click()
    assert opened.value.status == 201, opened.value.text()
    payer = page.get_by_test_id("sandbox-payer")
    expect(payer.locator("h3")).to_have_text("沙箱支付（演示）")
    expect(payer).to_contain_text("不是真实付款")
    expect(page.get_by_test_id("payment-status")).to_have_text("待支付")
    expect(page.get_by_test_id("case-timeline")).to_contain_text("待缴费")
    screenshot(page, "around-5-sandbox-payer")
    check_axe(page, "normal-around-sandbox-payer")
    check_plain_chinese(page, "normal-around-sandbox-payer")

    check_case_in_mode(
        resident,
        tb_base_url,
        number,
        "elder",
        "around-case-payment",
        lambda elder: expect(elder.get_by_test_id("sandbox-payer")).to_be_visible(),
    )

    with page.expect_response(is_api("POST", "/payments/sandbox/*")) as paid:
        page.get_by_test_id("sandbox-pay").click()
    assert paid.value.status == 200 and paid.value.json()["status"] == "paid", paid.value.text()
    expect(page.get_by_test_id("payment-status")).to_have_text("已支付")
    expect(page.get_by_test_id("payment-said")).to_have_text("费用已支付。")
    expect(page.get_by_test_id("sandbox-payer")).to_have_count(0)
    expect(page.get_by_test_id("payment-start")).to_have_count(0)
    expect(page.get_by_test_id("case-timeline")).to_contain_text("已缴费")
    orders = page_api(page, "GET", f"/cases/{number}/payments")["json"]["items"]
    assert [o["status"] for o in orders] == ["paid"], orders
    expect(pay).to_contain_text(orders[0]["order_number"])
    screenshot(page, "around-6-paid")

    # Approved: the result goes by post; the courier picks it up (its first poll).
    assert act(reviewer, number, "approve")["status"] == "delivering"
    poll_courier(tb_server, page, number)
    open_case(page, number)
    expect(page.get_by_test_id("payment-status")).to_have_text("已支付")
    parcel = page.get_by_test_id("waybill")
    expect(parcel).to_have_count(1)
    waybill = page_api(page, "GET", f"/cases/{number}/waybills")["json"]["items"][0]
    expect(parcel.get_by_test_id("waybill-purpose")).to_have_text("办理结果邮寄给您")
    expect(parcel.get_by_test_id("waybill-carrier")).to_have_text("沙箱快递（演示）")
    expect(parcel.get_by_test_id("waybill-number")).to_have_text(waybill["tracking_number"])
    assert re.fullmatch(r"SBX\d{20}", waybill["tracking_number"]), waybill
    expect(parcel.get_by_test_id("waybill-events").locator("li")).to_have_count(len(waybill["events"]))
    expect(parcel.get_by_test_id("waybill-events")).to_contain_text("已揽收")
    expect(parcel.get_by_test_id("waybill-status")).to_have_text("已揽收")
    expect(page.get_by_test_id("case-timeline")).to_contain_text("已生成寄递运单")
    screenshot(page, "around-7-parcel")
    check_axe(page, "normal-around-parcel")
    check_plain_chinese(page, "normal-around-parcel")
    check_no_sideways_scroll(page, "the case page with fee and parcel")

    for mode_name in ("large", "elder"):
        check_case_in_mode(
            resident,
            tb_base_url,
            number,
            mode_name,
            "around-case-parcel",
            lambda shown: expect(shown.get_by_test_id("waybill")).to_have_count(1),
        )


def test_a_fee_is_refunded_when_the_case_is_denied(resident: Person, reviewer: Any, tb_server: Any) -> None:
    """Paid, then not approved: the refund job pays it back; the case page says 已退费, so does the timeline."""
    page = resident.page
    number = fee_case(resident, reviewer)
    order = page_api(page, "POST", f"/cases/{number}/payment")["json"]
    assert page_api(page, "POST", order["pay_url"].removeprefix("/api/v1"))["status"] == 200
    act(reviewer, number, "deny", "驾驶证已被注销（演示）")
    run_jobs(
        tb_server,
        lambda: page_api(page, "GET", f"/cases/{number}/payments")["json"]["items"][0]["status"] == "refunded",
    )
    open_case(page, number)
    expect(page.get_by_test_id("payment-status")).to_have_text("已退费")
    expect(page.get_by_test_id("case-payment")).to_contain_text("全额退还")
    expect(page.get_by_test_id("payment-start")).to_have_count(0)
    expect(page.get_by_test_id("case-timeline")).to_contain_text("已退费")
    screenshot(page, "around-8-refunded")
    check_axe(page, "normal-around-refunded")
    check_plain_chinese(page, "normal-around-refunded")


# ---- 3. the inbox ----------------------------------------------------------------------------------


def expect_unread_in_header(page: Any, n: int) -> None:
    """消息 with a badge of the count; screen readers hear “消息，n 条未读”."""
    link = page.get_by_test_id("nav-inbox")
    expect(link.get_by_test_id("nav-inbox-count")).to_have_text(str(n))
    expect(link).to_have_accessible_name(re.compile(rf"^消息\s*，{n} 条未读$"))


def test_inbox_shows_the_notices_and_opening_one_marks_it_read(
    resident: Person, reviewer: Any, tb_server: Any, tb_base_url: str
) -> None:
    """The notices of a case (submitted, accepted, approved, completed) reach the inbox; the header and My
    account lead there with the unread count; opening a message goes to its case and marks it read."""
    page = resident.page
    number = completed_case(resident, reviewer)
    run_jobs(
        tb_server,
        lambda: sum(m["link"] == f"/cases/{number}" for m in page_api(page, "GET", "/me/inbox")["json"]["items"]) >= 3,
    )
    box = page_api(page, "GET", "/me/inbox")["json"]
    mine = [m for m in box["items"] if m["link"] == f"/cases/{number}"]
    assert len(mine) >= 3 and all(not m["read_at"] for m in mine), mine
    unread = box["unread"]

    open_page(page, "/account", NORMAL)
    expect_unread_in_header(page, unread)
    expect(page.get_by_test_id("link-inbox")).to_have_attribute("href", "/me/inbox")
    page.get_by_test_id("nav-inbox").click()
    page.wait_for_url("**/me/inbox")
    wait_ready(page, NORMAL)
    expect(page.locator("h1")).to_have_text("消息")
    items = page.get_by_test_id("inbox-item")
    expect(items).to_have_count(len(box["items"]))
    expect(page.get_by_test_id("inbox-unread")).to_have_count(unread)
    expect(page.get_by_test_id("inbox-count")).to_have_text(f"{unread} 条未读")
    newest = items.first
    expect(newest).to_contain_text(number)
    expect(newest).to_have_attribute("data-read", "false")
    screenshot(page, "around-9-inbox")
    check_axe(page, "normal-around-inbox")
    check_plain_chinese(page, "normal-around-inbox")
    check_no_sideways_scroll(page, "the inbox")

    check_page_in_mode(
        resident.context.browser,
        tb_base_url,
        "/me/inbox",
        "elder",
        resident.context.cookies(),
        "around-inbox",
        ready=lambda elder: expect(elder.get_by_test_id("inbox-item")).to_have_count(len(box["items"])),
    )

    # Opening the newest message: marked read, and on to its case.
    with page.expect_response(is_api("POST", f"/me/inbox/{box['items'][0]['id']}/read")) as read:
        newest.get_by_test_id("inbox-open").click()
    assert read.value.status == 200, read.value.text()
    page.wait_for_url(f"**/cases/{number}")
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("case-number")).to_have_text(number)
    expect_unread_in_header(page, unread - 1)

    page.get_by_test_id("nav-inbox").click()
    page.wait_for_url("**/me/inbox")
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("inbox-item").first).to_have_attribute("data-read", "true")
    expect(page.get_by_test_id("inbox-unread")).to_have_count(unread - 1)
    again = page_api(page, "GET", "/me/inbox")["json"]
    assert again["unread"] == unread - 1 and again["items"][0]["read_at"], again["items"][0]
    screenshot(page, "around-10-inbox-read")


# ---- 4. rating a window visit ----------------------------------------------------------------------


def test_rate_a_window_from_the_directory_and_from_help(new_context: Any) -> None:
    """Anyone: 评价窗口服务 from a window in the directory (不满意 is recorded and said to be followed up),
    and from Help, where the window is picked first (nothing picked: said at the list)."""
    context = new_context("normal", **client_address())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_page(page, "/directory", NORMAL)
    window = page.get_by_test_id("window").first
    link = window.get_by_test_id("rate-window-link")
    expect(link).to_contain_text("评价窗口服务")
    code = link.get_attribute("href").split("window=")[1]
    link.click()
    page.wait_for_url(f"**/rate-window?window={code}")
    wait_ready(page, NORMAL)
    expect(page.locator("h1")).to_have_text("评价窗口服务")
    expect(page.get_by_test_id("rate-window-name")).not_to_be_empty()
    form = page.get_by_test_id("window-rating-form")
    expect(form.locator(".radio label")).to_have_text(LEVELS)
    screenshot(page, "around-11-rate-window")
    check_axe(page, "normal-around-rate-window")
    form.locator(".radio label", has_text=re.compile("^不满意$")).click()
    page.get_by_test_id("window-rating-comment").fill("排队时间太长（测试）")
    with page.expect_response(is_api("POST", "/window-ratings")) as rated:
        page.get_by_test_id("window-rating-submit").click()
    assert rated.value.status == 201, rated.value.text()
    assert rated.value.json()["rectification"] is True
    expect(page.get_by_test_id("window-rating-level")).to_have_text("不满意")
    expect(page.get_by_test_id("window-rating-follow-up")).to_contain_text("整改")
    screenshot(page, "around-12-window-rated")
    check_axe(page, "normal-around-window-rated")
    check_plain_chinese(page, "normal-around-window-rated")

    open_page(page, "/help", NORMAL)
    page.get_by_test_id("link-rate-window").click()
    page.wait_for_url("**/rate-window")
    wait_ready(page, NORMAL)
    page.get_by_test_id("rate-window-next").click()
    expect(page.locator("#rate-window-pick-error")).to_contain_text("请选择为您办事的窗口")
    check_axe(page, "normal-around-rate-window-pick")
    check_plain_chinese(page, "normal-around-rate-window-pick")
    page.get_by_test_id("rate-window-pick").select_option(code)
    page.get_by_test_id("rate-window-next").click()
    page.wait_for_url(f"**/rate-window?window={code}")
    expect(page.get_by_test_id("window-rating-form")).to_be_visible()
    assert not errors, f"uncaught page errors: {errors}"


@pytest.mark.parametrize("path", ["/rate-window", "/directory"])
def test_window_rating_pages_in_elder_mode(new_context: Any, path: str) -> None:
    """长辈版 bar and axe on the window rating page (with a window) and the directory with its new links."""
    context = new_context("elder", **client_address())
    page = context.new_page()
    if path == "/rate-window":
        open_page(page, "/directory", ELDER)
        path = page.get_by_test_id("rate-window-link").first.get_attribute("href")
    open_page(page, path, ELDER)
    name = "around-" + path.strip("/").split("?")[0]
    screenshot(page, f"{name}-elder")
    check_elder(page, name)
    check_axe(page, f"elder-{name}")
