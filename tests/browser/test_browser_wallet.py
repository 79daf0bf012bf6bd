"""The resident's wallet in a real browser (issue 9, part 8): 张伟 opens 我的证照 from the home page
and sees his demo licences; one licence's page shows the static QR (a data: image the CSP allows)
and a PDF that really is one; 亮证 shows a single-use code that is replaced by itself before its
60 seconds run out (the page's clock fast-forwarded, not waited for); the clerk 陈静 (staff session)
verifies the shown code through the API with a purpose, and the holder's screen says she checked it;
the access log lists her check. Offline, the rotating code is refused in words and the static QR is
shown from the device; signing out forgets the wallet kept on the device. axe (WCAG 2.2 AA) in
normal mode and in 长辈版, with the 长辈版 measurements; screenshots at 360×800.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import DEMO_ACCOUNTS, MODES, check_axe, check_elder, open_page, page_api, screenshot, wait_ready
from playwright.sync_api import expect
from test_browser_window import fresh_context, sign_in_by_code_api, staff_fixture

NORMAL, ELDER = MODES["normal"], MODES["elder"]
RESIDENT = "13800000001"  # 张伟: 居民身份证, a 驾驶证 sealed by partner 宁波, 社会保障卡
CLERK = "13800000011"  # 陈静, clerk at 临泉县 FY-LQ-W01
ADMIN = "13800000015"  # 马志刚, the platform's administrator (the trust list)
PURPOSE = "浏览器测试：窗口办理业务前核验驾驶证"
WALLET_KEY_JS = "() => localStorage.getItem('tb.wallet')"
CONTROLLED_JS = """() => Promise.race([
  navigator.serviceWorker.ready.then(reg => ({
    active: reg.active ? reg.active.state : null,
    controlled: !!navigator.serviceWorker.controller,
  })),
  new Promise(resolve => setTimeout(() => resolve({active: null, controlled: false}), 15000)),
])"""


PRESENTATIONS = re.compile(r"/api/v1/me/licences/\d+/presentations$")
KEPT_QRS_JS = """(n) => {
  const w = JSON.parse(localStorage.getItem('tb.wallet') || 'null');
  return !!w && Object.keys(w.qr).length === n;
}"""
PDF_HEAD_JS = """async (href) => {
  const r = await fetch(href, {credentials: 'same-origin'});
  const b = new Uint8Array(await r.arrayBuffer());
  return {status: r.status, type: r.headers.get('content-type'), head: String.fromCharCode(...b.slice(0, 5))};
}"""


def _presentation(response: Any) -> bool:
    return response.request.method == "POST" and PRESENTATIONS.search(response.url.split("?")[0]) is not None


@pytest.fixture(scope="module")
def resident(tb_browser: Any, tb_base_url: str, tb_server: Any) -> Iterator[Any]:
    context = fresh_context(tb_browser, tb_base_url)
    page = context.new_page()
    open_page(page, "/settings", NORMAL)
    profile = sign_in_by_code_api(page, tb_server, RESIDENT)
    assert profile["name"] == DEMO_ACCOUNTS[RESIDENT]["name"], profile
    page.close()
    try:
        yield context
    finally:
        context.close()


clerk = staff_fixture(CLERK, "clerk")


@pytest.fixture(scope="module")
def licences(resident: Any) -> list[dict[str, Any]]:
    page = resident.new_page()
    try:
        open_page(page, "/settings", NORMAL)
        got = page_api(page, "GET", "/me/licences")
    finally:
        page.close()
    assert got["status"] == 200, got
    items: list[dict[str, Any]] = got["json"]["items"]
    assert len(items) >= 2, f"张伟 should hold at least two demo licences: {items}"
    return items


def _pick(licences: list[dict[str, Any]]) -> dict[str, Any]:
    """The partner-sealed 驾驶证 if it is there and valid, else any valid licence."""
    valid = [x for x in licences if x["status"] == "valid"]
    assert valid, licences
    return next((x for x in valid if x["type"] == "driving"), valid[0])


def test_wallet_detail_show_and_checks(resident: Any, clerk: Any, licences: list[dict[str, Any]]) -> None:
    page = resident.new_page()
    # Fake timers from the start, so the 60-second code's replacement can be fast-forwarded to.
    page.clock.install()
    open_page(page, "/", NORMAL)
    page.get_by_test_id("link-wallet").click()
    wait_ready(page, NORMAL)
    assert page.url.endswith("/wallet")
    cards = page.get_by_test_id("licence-card")
    expect(cards).to_have_count(len(licences))
    text = page.locator("main").inner_text()
    for x in licences:
        assert x["type_name"] in text and x["issuer"] in text, f"{x['type_name']}, {x['issuer']}: not on the page"
    expect(page.get_by_test_id("demo-label").first).to_be_visible()
    screenshot(page, "wallet-1-list")
    check_axe(page, "wallet-list")

    lic = _pick(licences)
    card = page.locator(f"[data-testid=licence-card][data-licence='{lic['id']}']")
    card.get_by_test_id("licence-details").click()
    wait_ready(page, NORMAL)
    assert page.url.endswith(f"/wallet/{lic['id']}"), page.url
    expect(page.get_by_test_id("licence-type")).to_have_text(lic["type_name"])
    expect(page.get_by_test_id("licence-identifier")).to_have_text(lic["identifier"])
    # The fields with readable names; ID numbers masked.
    fields = page.get_by_test_id("licence-field")
    expect(fields.first).to_be_visible()
    shown_fields = " ".join(fields.all_inner_texts())
    assert not re.search(r"\d{17}[\dX]", shown_fields), f"a full ID number among the fields: {shown_fields}"
    qr = page.get_by_test_id("licence-static-qr")
    expect(qr).to_be_visible()
    assert (qr.get_attribute("src") or "").startswith("data:image/svg+xml"), qr.get_attribute("src")
    # Drawn, not blocked by the CSP: the image has pixels.
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())
    pdf = page.get_by_test_id("licence-pdf")
    href = pdf.get_attribute("href")
    assert href == f"/api/v1/me/licences/{lic['id']}/pdf", href
    head = page.evaluate(PDF_HEAD_JS, href)
    assert head["status"] == 200 and head["type"] == "application/pdf" and head["head"] == "%PDF-", head
    screenshot(page, "wallet-2-licence")
    check_axe(page, "wallet-licence")

    # 亮证: a code, its rule in words, a countdown from 60.
    with page.expect_response(_presentation) as first:
        page.get_by_test_id("licence-show").click()
    assert first.value.status == 201, first.value.text()
    code1 = first.value.json()["qr"]
    assert re.fullmatch(r"TBP1:[A-Z2-7]{26}", code1), code1
    shown = page.get_by_test_id("show-qr")
    expect(shown).to_be_visible()
    src1 = shown.get_attribute("src")
    expect(page.get_by_test_id("show-rule")).to_be_visible()
    seconds = int(page.get_by_test_id("show-seconds").inner_text())
    assert 50 <= seconds <= 60, seconds
    screenshot(page, "wallet-3-show")
    check_axe(page, "wallet-show")

    # 5 seconds before the end the page asks for the next code by itself, and shows it.
    with page.expect_response(_presentation, timeout=15_000) as second:
        page.clock.fast_forward(56_000)
    assert second.value.status == 201, second.value.text()
    code2 = second.value.json()["qr"]
    assert code2 != code1
    expect(shown).not_to_have_attribute("src", src1 or "")
    src2 = shown.get_attribute("src") or ""
    seconds = int(page.get_by_test_id("show-seconds").inner_text())
    assert 50 <= seconds <= 60, f"the new code's countdown starts at {seconds}"

    # The clerk scans it (through the API, with a purpose); the holder's screen says so and moves
    # on to a fresh code, since the scanned one is spent.
    clerk_page = clerk.new_page()
    open_page(clerk_page, "/settings", NORMAL)
    done = page_api(clerk_page, "POST", "/verifications", {"qr": code2, "purpose": PURPOSE})
    assert done["status"] == 200, done
    v = done["json"]
    assert v["kind"] == "presentation" and v["verdict"] == "valid", v
    assert v["licence"]["identifier"] == lic["identifier"] and v["licence"]["holder"] == "张伟", v
    clerk_name = DEMO_ACCOUNTS[CLERK]["name"]
    last = page.get_by_test_id("show-last-check")
    with page.expect_response(_presentation, timeout=20_000):
        page.clock.run_for(8_000)  # the page asks who checked every 4 seconds
        expect(last).to_contain_text(clerk_name, timeout=15_000)
    expect(last).to_have_attribute("data-verdict", "valid")
    expect(shown).not_to_have_attribute("src", src2)  # a fresh code in place of the spent one
    # The spent code scanned again: refused, and logged too.
    again = page_api(clerk_page, "POST", "/verifications", {"qr": code2, "purpose": PURPOSE})
    assert again["json"]["verdict"] == "token_used", again
    clerk_page.close()
    screenshot(page, "wallet-4-checked")

    # The access log: newest first, the token_used attempt and the valid check, both by 陈静.
    page.get_by_test_id("show-done").click()
    wait_ready(page, NORMAL)
    page.get_by_test_id("licence-checks").click()
    wait_ready(page, NORMAL)
    items = page.get_by_test_id("check-item")
    expect(items).to_have_count(2)
    expect(items.nth(0).get_by_test_id("check-verdict")).to_have_attribute("data-verdict", "token_used")
    expect(items.nth(1).get_by_test_id("check-verdict")).to_have_attribute("data-verdict", "valid")
    for i in range(2):
        expect(items.nth(i).get_by_test_id("check-verifier")).to_have_text(clerk_name)
        expect(items.nth(i).get_by_test_id("check-purpose")).to_have_text(PURPOSE)
    assert "临泉县政务服务中心" in items.nth(1).inner_text()  # the window by its name, not its code
    screenshot(page, "wallet-5-checks")
    check_axe(page, "wallet-checks")
    page.close()


def test_wallet_offline_static_qr(resident: Any, licences: list[dict[str, Any]]) -> None:
    """Offline: the rotating code needs the network and says so; the static QR is shown from the device."""
    page = resident.new_page()
    lic = _pick(licences)
    open_page(page, "/wallet", NORMAL)
    # Every listed licence's static QR is kept on the device (fetched in the background).
    page.wait_for_function(KEPT_QRS_JS, arg=len(licences))
    kept = page.evaluate(WALLET_KEY_JS)
    assert "holder_id" not in kept and "history" not in kept, "the device keeps more than the summary and static QR"
    open_page(page, f"/wallet/{lic['id']}", NORMAL)
    resident.set_offline(True)
    try:
        page.get_by_test_id("licence-show").click()
        expect(page.get_by_test_id("show-offline")).to_be_visible()
        expect(page.get_by_test_id("show-qr")).to_have_count(0)
        static = page.get_by_test_id("show-static-qr")
        expect(static).to_be_visible()
        assert (static.get_attribute("src") or "").startswith("data:image/svg+xml")
        screenshot(page, "wallet-6-offline-show")
        # The list, from the device.
        page.get_by_test_id("show-done").click()
        expect(page.get_by_test_id("licence-static-qr")).to_be_visible()
        page.locator("main a[href='/wallet']").click()
        expect(page.get_by_test_id("wallet-offline")).to_be_visible()
        expect(page.get_by_test_id("licence-card")).to_have_count(len(licences))
        expect(page.get_by_test_id("licence-show")).to_have_count(0)
        screenshot(page, "wallet-7-offline-list")
    finally:
        resident.set_offline(False)

    # The app started with no network (the service worker serves it; who is signed in cannot be
    # asked): the wallet kept on the device; back online, the account and the live list again.
    sw = page.evaluate(CONTROLLED_JS)
    if not sw["controlled"]:
        page.reload(wait_until="load")
        sw = page.evaluate(CONTROLLED_JS)
    assert sw["controlled"], f"no service worker controls the page: {sw}"
    resident.set_offline(True)
    try:
        page.goto(f"/wallet/{lic['id']}", wait_until="load")
        expect(page.get_by_test_id("wallet-offline")).to_be_visible()
        expect(page.get_by_test_id("licence-static-qr")).to_be_visible()
        assert "/signin" not in page.url
        page.goto("/wallet", wait_until="load")
        expect(page.get_by_test_id("licence-card")).to_have_count(len(licences))
    finally:
        resident.set_offline(False)
    expect(page.get_by_test_id("wallet-offline")).to_have_count(0, timeout=15_000)
    expect(page.get_by_test_id("licence-show")).to_have_count(len([x for x in licences if x["status"] == "valid"]))
    page.close()


def test_wallet_elder(resident: Any, licences: list[dict[str, Any]]) -> None:
    """长辈版: one licence per screen with big buttons; axe and the 长辈版 bar on every wallet page."""
    page = resident.new_page()
    lic = _pick(licences)
    open_page(page, "/wallet?mode=elder", ELDER)
    expect(page.get_by_test_id("licence-card")).to_have_count(1)
    expect(page.get_by_test_id("wallet-step")).to_be_visible()
    first = page.get_by_test_id("licence-card").get_attribute("data-licence")
    page.get_by_test_id("wallet-next").click()
    assert page.get_by_test_id("licence-card").get_attribute("data-licence") != first
    screenshot(page, "wallet-elder-1-list")
    check_axe(page, "wallet-elder-list")
    check_elder(page, "wallet-list")
    for path, name in ((f"/wallet/{lic['id']}", "licence"), (f"/wallet/{lic['id']}/checks", "checks")):
        open_page(page, path, ELDER)
        screenshot(page, f"wallet-elder-{name}")
        check_axe(page, f"wallet-elder-{name}")
        check_elder(page, f"wallet-{name}")
    page.goto(f"/wallet/{lic['id']}/show")
    expect(page.get_by_test_id("show-qr")).to_be_visible()
    wait_ready(page, ELDER)
    screenshot(page, "wallet-elder-show")
    check_axe(page, "wallet-elder-show")
    check_elder(page, "wallet-show")
    open_page(page, "/settings?mode=normal", NORMAL)
    page.close()


def test_sign_out_forgets_the_wallet(resident: Any) -> None:
    page = resident.new_page()
    open_page(page, "/wallet", NORMAL)
    page.wait_for_function(WALLET_KEY_JS)
    assert page_api(page, "POST", "/auth/signout")["status"] in (200, 204)
    open_page(page, "/", NORMAL)
    page.wait_for_function(f"() => !({WALLET_KEY_JS[6:]})")
    page.close()


admin = staff_fixture(ADMIN, "admin")


def test_a_licence_whose_seal_is_off_the_trust_list(
    tb_browser: Any, tb_base_url: str, tb_server: Any, admin: Any, licences: list[dict[str, Any]]
) -> None:
    """An administrator takes 宁波's key off the trust list: 张伟's partner-sealed 驾驶证 says so in words, on its
    card and its page, and offers no 亮证 (the API would refuse it); with the key back, 亮证 is offered again."""
    driving = next((x for x in licences if x["type"] == "driving" and x["status"] == "valid"), None)
    assert driving is not None and driving["seal_trusted"] is True, licences
    context = fresh_context(tb_browser, tb_base_url)  # its own: another test here signs 张伟 out
    staff = admin.new_page()
    page = context.new_page()
    try:
        open_page(page, "/settings", NORMAL)
        sign_in_by_code_api(page, tb_server, RESIDENT)
        open_page(staff, "/staff", NORMAL)
        keys = page_api(staff, "GET", "/trust-list")["json"]["keys"]
        entry = next(k for k in keys if k["issuer"] == "330200-GA")
        removed = page_api(staff, "POST", f"/admin/trust-list/keys/{entry['kid']}/remove")
        assert removed["status"] == 200, removed
        try:
            open_page(page, f"/wallet/{driving['id']}", NORMAL)
            notice = page.get_by_test_id("licence-seal-untrusted")
            expect(notice).to_be_visible()
            expect(notice).to_contain_text("信任列表")
            expect(page.get_by_test_id("licence-show")).to_have_count(0)
            screenshot(page, "normal-wallet-seal-untrusted")
            open_page(page, f"/wallet/{driving['id']}?mode=elder", ELDER)  # 长辈版: the same words, large, no 亮证
            expect(page.get_by_test_id("licence-seal-untrusted")).to_be_visible()
            expect(page.get_by_test_id("licence-show")).to_have_count(0)
            check_elder(page, "wallet-seal-untrusted")
            open_page(page, f"/wallet/{driving['id']}?mode=normal", NORMAL)
            open_page(page, "/wallet", NORMAL)
            card = page.locator(f"[data-testid=licence-card][data-licence='{driving['id']}']")
            expect(card.get_by_test_id("licence-seal-untrusted")).to_be_visible()
            expect(card.get_by_test_id("licence-show")).to_have_count(0)
        finally:
            back = page_api(staff, "POST", "/admin/trust-list/keys",
                            {k: entry[k] for k in ("issuer", "issuer_name", "region", "public_key")})
            assert back["status"] == 201, back
        open_page(page, f"/wallet/{driving['id']}", NORMAL)
        expect(page.get_by_test_id("licence-show")).to_be_visible()
        expect(page.get_by_test_id("licence-seal-untrusted")).to_have_count(0)
    finally:
        context.close()
        staff.close()
