"""Mandates at the window, in a real browser: the 临泉 clerk 陈静 (staff passkey session) records an
authorisation both people signed before her — 王建国 authorises 李娜 (family, 户籍 and ID-card services,
view and apply) with the signed form photographed through the camera input — after the registry
refused a misspelt name next to its field; it is in force with her window as witness. 王建国, back at
the window with his ID card, has it looked up and revoked (after a confirmation step). 帮办: 王建国
starts a help session; the clerk joins with its QR (a stand-in BarcodeDetector and canvas camera),
fills in 死亡注销户口 (FY-GA-0010) for him on the normal apply pages while acting (every request
names the session's mandate), and records his confirmation in person with the ID number from his
card (a wrong one refused at its field); the receipt shows number and query code, and the case shows
the clerk as 代办人 to the 市公安局 reviewer 孙丽. The supervisor 周强 reviews guardianships: a refusal
needs a reason; an approval puts it in force. axe (WCAG 2.2 AA) in normal, 200 % and 长辈版, the
长辈版 measurements and no sideways scroll on every new page.

The new pages' own words are not translated yet (i18n/pending/staff-mandates-pwa.tsv waits for the
lead's merge), so these tests check data and test ids, not the wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from browser_support import (
    MODES,
    check_axe,
    check_page_in_mode,
    is_api,
    last_outbox_id,
    open_page,
    outbox,
    page_api,
    screenshot,
    wait_ready,
)
from playwright.sync_api import expect
from test_browser_cases import PNG, _value, fill_field
from test_browser_window import (
    FAKE_CAMERA_JS,
    MATTERS,
    fresh_context,
    sign_in_by_code_api,
    staff_fixture,
)

NORMAL = MODES["normal"]
CLERK = "13800000011"  # 陈静, clerk at 临泉县 FY-LQ-W01
REVIEWER = "13800000013"  # 孙丽, reviewer of 市公安局 (341200-GA)
SUPERVISOR = "13800000014"  # 周强, supervisor: reviews guardianships
WINDOW = "FY-LQ-W01"
ELDER = {"name": "王建国", "id_number": "341202194503120110", "phone": "13800000002"}
AGENT = {"name": "李娜", "id_number": "341204199503160628", "phone": "13800000005"}
WARD = {"name": "张伟", "id_number": "341222199001010155"}  # the person a guardian asks to act for
REP = {"name": "刘芳", "id_number": "341203199204200267", "phone": "13800000004"}  # legal representative
USCC = "91341200MA2TB0NB8P"  # 阜阳通办示范科技有限公司（演示）
ENTERPRISE_MATTER = "FY-RS-0009"  # 单位社会保险登记: an enterprise matter of 市人社局, online, L2
ENTERPRISE_FORM = {
    "usc_code": USCC,
    "staff_count": "12",
    "bank_account": "6222000011112222",
    "contact_phone": "13800000005",
}
MATTER = "FY-GA-0010"  # 死亡注销户口: a person matter of 市公安局, online, L2
PROOF = "居民死亡医学证明（推断）书"


clerk = staff_fixture(CLERK, "clerk")


reviewer = staff_fixture(REVIEWER, "reviewer")


supervisor = staff_fixture(SUPERVISOR, "supervisor")


def signed_in(browser: Any, base_url: str, server: Any, phone: str) -> Any:
    """A demo person's own context, signed in with the phone code (not staff)."""
    context = fresh_context(browser, base_url)
    page = context.new_page()
    open_page(page, "/settings", NORMAL)
    sign_in_by_code_api(page, server, phone)
    page.close()
    return context


@pytest.fixture(scope="module")
def elder(tb_browser: Any, tb_base_url: str, tb_server: Any) -> Iterator[Any]:
    """王建国 on his own phone."""
    context = signed_in(tb_browser, tb_base_url, tb_server, ELDER["phone"])
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="module")
def lina(tb_browser: Any, tb_base_url: str, tb_server: Any) -> Iterator[Any]:
    """李娜 on her own phone: a resident asking for help, and a guardian asking for review."""
    context = signed_in(tb_browser, tb_base_url, tb_server, AGENT["phone"])
    try:
        yield context
    finally:
        context.close()


def fill_person(page: Any, role: str, who: dict[str, str]) -> None:
    page.get_by_test_id(f"mandate-{role}-name").fill(who["name"])
    page.get_by_test_id(f"mandate-{role}-id-number").fill(who["id_number"])
    page.get_by_test_id(f"mandate-{role}-phone").fill(who["phone"])


def acting_mandate(page: Any) -> str | None:
    """The mandate the tab acts under now (src/acting.ts keeps it in sessionStorage)."""
    found: str | None = page.evaluate(
        "() => (JSON.parse(sessionStorage.getItem('tb.acting') || 'null') || {}).mandate || null"
    )
    return found


def upload_evidence(page: Any, mandate: str) -> int:
    """The guardian uploads the court document (a PNG here) from their page."""
    status: int = page.evaluate(
        """async ([id, bytes]) => {
          const cookie = document.cookie.split('; ').find(c => c.startsWith('tb_csrf=')) || '';
          const csrf = decodeURIComponent(cookie.slice(8));
          const fd = new FormData();
          fd.append('file', new Blob([new Uint8Array(bytes)], {type: 'image/png'}), 'judgment.png');
          const r = await fetch('/api/v1/mandates/' + id + '/evidence', {method: 'POST', body: fd,
            credentials: 'same-origin', headers: {'X-CSRF-Token': csrf}});
          return r.status;
        }""",
        [mandate, list(PNG)],
    )
    return status


def acting_api(page: Any, method: str, path: str, mandate: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """/api/v1<path> from the page, acting for someone: the Acting-For header names the mandate."""
    result: dict[str, Any] = page.evaluate(
        """async ([method, path, body, mandate]) => {
          const cookie = document.cookie.split('; ').find(c => c.startsWith('tb_csrf=')) || '';
          const headers = {Accept: 'application/json', 'Acting-For': mandate};
          if (method !== 'GET') Object.assign(headers, {'Content-Type': 'application/json',
            'X-CSRF-Token': decodeURIComponent(cookie.slice(8))});
          const r = await fetch('/api/v1' + path, {method, credentials: 'same-origin', headers,
            body: method === 'GET' ? undefined : JSON.stringify(body || {})});
          return {status: r.status, json: await r.json().catch(() => null)};
        }""",
        [method, path, body, mandate],
    )
    return result


def signing_code(server: Any, phone: str, after: int) -> str:
    """The code of the newest signing text to `phone`: a standalone 6-digit run (not the digits of the
    case number or of the digest the text also carries); notices sent meanwhile are passed over."""
    texts = [m for m in outbox(server, phone) if m["id"] > after and m["purpose"] == "case-sign"]
    assert texts, f"no signing text to {phone} after message {after}"
    found = re.search(r"(?<![0-9A-Za-z])[0-9]{6}(?![0-9A-Za-z])", texts[0]["body"])
    assert found, texts[0]["body"]
    return found.group(0)


def acting_upload(page: Any, number: str, material: str, mandate: str) -> int:
    status: int = page.evaluate(
        """async ([number, material, bytes, mandate]) => {
          const cookie = document.cookie.split('; ').find(c => c.startsWith('tb_csrf=')) || '';
          const fd = new FormData();
          fd.append('material', material);
          fd.append('file', new Blob([new Uint8Array(bytes)], {type: 'image/png'}), 'scan.png');
          const r = await fetch('/api/v1/cases/' + number + '/materials', {method: 'POST', body: fd,
            credentials: 'same-origin', headers: {'X-CSRF-Token': decodeURIComponent(cookie.slice(8)),
            'Acting-For': mandate}});
          return r.status;
        }""",
        [number, material, list(PNG), mandate],
    )
    return status


# ---- 1. a mandate recorded at the window, looked up and revoked ------------------------------------


def test_window_mandate_recorded_then_looked_up_and_revoked(clerk: Any) -> None:
    page = clerk.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # The workbench leads there.
    open_page(page, "/staff", NORMAL)
    expect(page.get_by_test_id("staff-mandates")).to_be_visible()
    expect(page.get_by_test_id("link-mandate-review")).to_have_count(0)  # a clerk reviews no guardianship
    page.get_by_test_id("link-mandate-new").click()
    page.wait_for_url("**/staff/mandates/new")
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("mandate-window")).to_have_value(WINDOW)

    # Nothing filled in: every problem is listed, each next to its field; nothing is sent.
    page.get_by_test_id("mandate-submit").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    for key in ("principal-name", "principal-id-number", "principal-phone", "agent-name", "id-checked", "valid-until"):
        expect(page.locator(f"#mandate-{key}-error")).to_be_visible()
    expect(page.locator("#mandate-file-error")).to_be_visible()
    screenshot(page, "mandates-1-new-errors")
    check_axe(page, "normal-mandates-new-errors")

    # Both people as on their cards (the principal's name misspelt first), the terms, the photo.
    fill_person(page, "principal", {**ELDER, "name": "王建军"})
    fill_person(page, "agent", AGENT)
    page.locator("label[for=mandate-id-checked]").click()
    page.locator("label[for=mandate-scope-kind-1]").click()  # some kinds of services
    page.locator("label[for=mandate-scope-category]").first.click()  # the first: 户籍、身份证和驾驶 (GA)
    expect(page.get_by_test_id("mandate-scope-category-GA")).to_be_checked()
    expect(page.get_by_test_id("mandate-permission-view")).to_be_checked()
    expect(page.get_by_test_id("mandate-permission-apply")).to_be_checked()
    last_day = (date.today() + timedelta(days=365)).isoformat()
    page.get_by_test_id("mandate-valid-until").fill(last_day)
    camera = page.locator("#mandate-file-camera")
    assert camera.get_attribute("capture") == "environment" and camera.get_attribute("accept") == "image/*"
    camera.set_input_files(files=[{"name": "IMG_0002.png", "mimeType": "image/png", "buffer": PNG}])
    preview = page.get_by_test_id("mandate-form-photo-preview")
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.complete && img.naturalWidth > 0"), "the preview shows no picture"
    expect(summary).to_be_hidden()
    screenshot(page, "mandates-2-new-filled")
    check_axe(page, "normal-mandates-new-filled")

    # The registry does not confirm the name: the server's words, next to the name.
    with page.expect_response(is_api("POST", "/staff/mandates")) as refused:
        page.get_by_test_id("mandate-submit").click()
    assert refused.value.status == 400, refused.value.text()
    assert "principal_name" in refused.value.json()["errors"], refused.value.json()
    expect(page.locator("#mandate-principal-name-error")).to_be_visible()
    expect(page.get_by_test_id("mandate-principal-name")).to_have_attribute("aria-invalid", "true")
    check_axe(page, "normal-mandates-new-server-error")

    page.get_by_test_id("mandate-principal-name").fill(ELDER["name"])
    with page.expect_response(is_api("POST", "/staff/mandates")) as made:
        page.get_by_test_id("mandate-submit").click()
    assert made.value.status == 201, made.value.text()
    assert not made.value.request.headers.get("acting-for")
    mandate = made.value.json()
    assert mandate["status"] == "active" and mandate["consent"] == "window" and mandate["has_evidence"], mandate
    assert [i["code"] for i in mandate["scope_items"]] == ["GA"], mandate
    assert mandate["permissions"] == ["view", "apply"], mandate
    assert mandate["valid_until"][:10] in {last_day, (date.today() + timedelta(days=364)).isoformat()}, mandate

    # The recorded authorisation: its number, both people, the terms, the window as witness.
    recorded = page.get_by_test_id("mandate-recorded")
    expect(recorded).to_be_visible()
    expect(page.get_by_test_id("mandate-id")).to_have_text(mandate["id"])
    expect(page.get_by_test_id("mandate-status")).to_have_attribute("data-status", "active")
    expect(page.get_by_test_id("mandate-principal")).to_contain_text(ELDER["name"])
    expect(page.get_by_test_id("mandate-agent")).to_contain_text(AGENT["name"])
    expect(page.get_by_test_id("mandate-principal")).not_to_contain_text(ELDER["id_number"])  # masked
    expect(page.get_by_test_id("mandate-witness-place")).to_have_text(mandate["witness_place"])
    assert "跨省通办" in mandate["witness_place"], mandate["witness_place"]
    expect(page.get_by_test_id("mandate-scope")).to_have_text(mandate["scope_items"][0]["name"])
    screenshot(page, "mandates-3-recorded")
    check_axe(page, "normal-mandates-recorded")

    # 王建国 comes back with his ID card: looked up, then revoked after a confirmation step.
    recorded.locator("a[href='/staff/mandates']").click()
    page.wait_for_url("**/staff/mandates")
    wait_ready(page, NORMAL)
    page.get_by_test_id("lookup-name").fill("张三")
    page.get_by_test_id("lookup-id-number").fill("110101199003074514")
    with page.expect_response(is_api("POST", "/staff/mandates/lookup")) as unknown:
        page.get_by_test_id("lookup-submit").click()
    assert unknown.value.status == 404
    expect(page.locator(".form-problem")).to_be_visible()
    expect(page.get_by_test_id("lookup-results")).to_have_count(0)
    page.get_by_test_id("lookup-name").fill(ELDER["name"])
    page.get_by_test_id("lookup-id-number").fill(ELDER["id_number"].lower())
    with page.expect_response(is_api("POST", "/staff/mandates/lookup")) as looked:
        page.get_by_test_id("lookup-submit").click()
    assert looked.value.status == 200, looked.value.text()
    assert looked.value.request.post_data_json == {
        "window": WINDOW,
        "name": ELDER["name"],
        "id_number": ELDER["id_number"],
    }
    card = page.locator(f"[data-testid=lookup-mandate][data-mandate={mandate['id']}]")
    expect(card).to_be_visible()
    expect(card.get_by_test_id("mandate-status")).to_have_attribute("data-status", "active")
    screenshot(page, "mandates-4-lookup")
    check_axe(page, "normal-mandates-lookup")
    card.get_by_test_id("revoke").click()
    expect(card.get_by_test_id("revoke-confirm-step")).to_be_visible()
    card.get_by_test_id("revoke-cancel").click()  # not yet: nothing is sent
    expect(card.get_by_test_id("revoke-confirm-step")).to_have_count(0)
    card.get_by_test_id("revoke").click()
    check_axe(page, "normal-mandates-revoke-confirm")
    with page.expect_response(is_api("POST", f"/staff/mandates/{mandate['id']}/revoke")) as revoked:
        card.get_by_test_id("revoke-confirm").click()
    assert revoked.value.status == 200, revoked.value.text()
    assert revoked.value.json()["status"] == "revoked"
    expect(card.get_by_test_id("mandate-status")).to_have_attribute("data-status", "revoked")
    expect(card.get_by_test_id("lookup-said")).to_contain_text(AGENT["name"])
    expect(card.get_by_test_id("revoke")).to_have_count(0)
    screenshot(page, "mandates-5-revoked")
    # No longer among his open authorisations.
    again = page_api(
        page,
        "POST",
        "/staff/mandates/lookup",
        {"window": WINDOW, "name": ELDER["name"], "id_number": ELDER["id_number"]},
    )
    assert mandate["id"] not in [m["id"] for m in again["json"]["items"]], again
    assert not errors, f"uncaught page errors: {errors}"
    page.close()


def test_enterprise_mandate_at_the_window_and_the_case_names_the_enterprise(
    tb_server: Any, clerk: Any, supervisor: Any, lina: Any
) -> None:
    """刘芳, the legal representative, authorises 李娜 for the enterprise at the window (a PDF scan of the
    form this time); 李娜 applies for the enterprise; the supervisor sees the enterprise and the agent."""
    page = clerk.new_page()
    open_page(page, "/staff/mandates/new", NORMAL)
    page.locator("label[for=mandate-kind-1]").click()  # the enterprise's legal representative
    page.get_by_test_id("mandate-organisation").fill("9134120")
    fill_person(page, "principal", REP)
    fill_person(page, "agent", AGENT)
    page.locator("label[for=mandate-id-checked]").click()
    page.get_by_test_id("mandate-valid-until").fill((date.today() + timedelta(days=90)).isoformat())
    page.locator("#mandate-file").set_input_files(
        files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    expect(page.get_by_test_id("mandate-form-photo-chosen")).to_be_visible()
    expect(page.get_by_test_id("mandate-form-photo-preview")).to_have_count(0)  # a scan: no picture
    page.get_by_test_id("mandate-submit").click()
    expect(page.locator("#mandate-organisation-error")).to_be_visible()  # refused before sending
    page.get_by_test_id("mandate-organisation").fill(USCC.lower())
    screenshot(page, "mandates-6-enterprise")
    check_axe(page, "normal-mandates-enterprise")
    with page.expect_response(is_api("POST", "/staff/mandates")) as made:
        page.get_by_test_id("mandate-submit").click()
    assert made.value.status == 201, made.value.text()
    mandate = made.value.json()
    assert mandate["kind"] == "enterprise_agent" and mandate["principal"]["type"] == "organisation", mandate
    expect(page.get_by_test_id("mandate-principal")).to_contain_text(mandate["principal"]["name"])
    page.close()

    # 李娜 applies for the enterprise, naming the mandate, and signs the submission herself.
    own = lina.new_page()
    open_page(own, "/settings", NORMAL)
    body = {"matter": ENTERPRISE_MATTER, "mode": "online", "form": ENTERPRISE_FORM}
    created = acting_api(own, "POST", "/cases", mandate["id"], body)
    assert created["status"] == 201, created
    number = created["json"]["number"]
    assert created["json"]["organisation"]["uscc"] == USCC, created
    assert acting_upload(own, number, "银行开户信息", mandate["id"]) == 201
    before = last_outbox_id(tb_server, AGENT["phone"])
    opts = acting_api(own, "POST", f"/cases/{number}/signature/options", mandate["id"], {"method": "sms_code"})
    assert opts["status"] == 200, opts
    signature = {"method": "sms_code", "code": signing_code(tb_server, AGENT["phone"], before)}
    sent = acting_api(own, "POST", f"/cases/{number}/submit", mandate["id"], {"signature": signature})
    assert sent["status"] == 200, sent
    own.close()

    staff = supervisor.new_page()
    open_page(staff, f"/staff/cases/{number}", NORMAL)
    expect(staff.get_by_test_id("case-organisation")).to_contain_text(USCC)
    expect(staff.get_by_test_id("case-organisation")).to_contain_text(mandate["principal"]["name"])
    expect(staff.get_by_test_id("case-agent")).to_contain_text(AGENT["name"])
    expect(staff.get_by_test_id("case-agent-mandate")).to_contain_text(mandate["id"])
    screenshot(staff, "mandates-7-enterprise-case")
    check_axe(staff, "normal-mandates-enterprise-case")
    staff.close()

    # Ended again at the window, at 刘芳's request: the demo people keep no authorisation from this test.
    page = clerk.new_page()
    open_page(page, "/settings", NORMAL)
    who = {"window": WINDOW, "name": REP["name"], "id_number": REP["id_number"]}
    assert page_api(page, "POST", f"/staff/mandates/{mandate['id']}/revoke", who)["status"] == 200
    page.close()


# ---- 2. 帮办 at the window: the clerk drafts while acting, the resident confirms in person ---------


def test_help_session_drafted_by_the_clerk_and_confirmed_in_person(clerk: Any, reviewer: Any, elder: Any) -> None:
    resident = elder.new_page()
    open_page(resident, "/settings", NORMAL)
    started = page_api(resident, "POST", "/assist-sessions")
    assert started["status"] == 201, started
    code = started["json"]["code"]
    assert re.fullmatch(r"\d{6}", code)

    page = clerk.new_page()
    page.add_init_script(FAKE_CAMERA_JS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_page(page, "/staff", NORMAL)
    page.get_by_test_id("link-assist").click()
    page.wait_for_url("**/staff/assist")
    wait_ready(page, NORMAL)

    # A code of five digits is refused before anything is sent.
    page.get_by_test_id("assist-code").fill("12345")
    page.get_by_test_id("assist-join-submit").click()
    expect(page.locator("#assist-code-error")).to_be_visible()
    check_axe(page, "normal-assist-join-error")
    # The resident's QR, read by the camera: another QR is not taken for it.
    page.get_by_test_id("assist-scan").click()
    expect(page.get_by_test_id("assist-scan-video")).to_be_visible()
    page.evaluate("() => { window.__qr = 'TBR1:TB20260101000000:ABCDEFGHIJKLMNOP' }")
    expect(page.get_by_test_id("assist-scan-status")).not_to_be_empty()
    screenshot(page, "assist-1-scanning")
    with page.expect_response(is_api("POST", f"/assist-sessions/{code}/join")) as joined:
        page.evaluate(f"() => {{ window.__qr = 'TBA1:{code}' }}")
    assert joined.value.status == 200, joined.value.text()
    assert not joined.value.request.headers.get("acting-for")
    mandate = joined.value.json()["mandate"]
    assert re.fullmatch(r"MD[0-9A-Z]{10}", mandate), mandate
    page.wait_for_url(re.compile(rf"/staff/assist\?code={code}$"))
    wait_ready(page, NORMAL)
    assert page.evaluate("() => [...document.querySelectorAll('video')].length") == 0, "the camera is still on"
    expect(page.get_by_test_id("assist-resident")).to_have_text("王**")
    expect(page.get_by_test_id("assist-mandate")).to_have_text(mandate)
    screenshot(page, "assist-2-joined")
    check_axe(page, "normal-assist-joined")

    # 开始代填: the tab acts under the session's mandate; the apply pages draft for 王建国.
    page.get_by_test_id("assist-start-acting").click()
    expect(page.get_by_test_id("assist-acting")).to_be_visible()
    assert acting_mandate(page) == mandate
    expect(page.get_by_test_id("assist-find")).to_be_visible()
    open_page(page, f"/apply/{MATTER}/form", NORMAL)
    fields = MATTERS[MATTER]["form_fields"]
    with page.expect_response(
        lambda r: r.url.split("?")[0].endswith("/api/v1/cases") and r.request.method == "POST"
    ) as created:
        for f in fields:
            fill_field(page, f)
    assert created.value.status == 201, created.value.text()
    assert created.value.request.headers.get("acting-for") == mandate
    case = created.value.json()
    number = case["number"]
    assert case["applicant"]["name"] == ELDER["name"] and case["agent"]["name"] == "陈静", case
    page.get_by_test_id("step-next").click()
    proof = [m["name"] for m in MATTERS[MATTER]["materials"]].index(PROOF)
    with page.expect_response(lambda r: "/materials" in r.url and r.request.method == "POST") as up:
        page.locator(f"#case-material-{proof}").set_input_files(
            files=[{"name": "proof.png", "mimeType": "image/png", "buffer": PNG}]
        )
    assert up.value.status == 201, up.value.text()
    assert up.value.request.headers.get("acting-for") == mandate
    # The answers reach the server (the resident, on his own phone, sees his draft).
    want = {f["name"]: _value(f) for f in fields}
    resident.wait_for_function(
        """async ([n, want]) => {
          const r = await fetch('/api/v1/cases/' + n, {credentials: 'same-origin'});
          const c = await r.json();
          return Object.entries(want).every(([k, v]) => c.form && c.form[k] === v);
        }""",
        arg=[number, want],
        timeout=15_000,
        polling=500,
    )

    # Back at the help session: the draft is there; a wrong ID number is refused at its field.
    # The workbench, while acting: staff work waits; the way back to the session.
    open_page(page, "/staff", NORMAL)
    expect(page.get_by_test_id("staff-acting")).to_be_visible()
    expect(page.locator(".staff-denied")).to_have_count(0)
    check_axe(page, "normal-staff-while-acting")
    page.get_by_test_id("staff-acting-back").click()
    page.wait_for_url(re.compile(rf"/staff/assist\?code={code}$"))
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("assist-case")).to_have_text(number)
    expect(page.get_by_test_id("assist-continue")).to_have_attribute("href", f"/apply/{MATTER}/form?case={number}")
    page.get_by_test_id("assist-id-number").fill(AGENT["id_number"])
    page.locator("label[for=assist-checked]").click()
    with page.expect_response(is_api("POST", f"/assist-sessions/{code}/confirm")) as wrong:
        page.get_by_test_id("assist-confirm").click()
    assert wrong.value.status == 400, wrong.value.text()
    expect(page.locator("#assist-id-number-error")).to_be_visible()
    assert acting_mandate(page) == mandate  # a refused confirmation leaves the clerk filling in
    screenshot(page, "assist-3-confirm-error")
    check_axe(page, "normal-assist-confirm-error")

    page.get_by_test_id("assist-id-number").fill(ELDER["id_number"])
    with page.expect_response(is_api("POST", f"/assist-sessions/{code}/confirm")) as confirmed:
        page.get_by_test_id("assist-confirm").click()
    assert confirmed.value.status == 200, confirmed.value.text()
    request = confirmed.value.request
    assert not request.headers.get("acting-for"), "the confirmation was sent while acting"
    assert request.post_data_json == {"in_person": True, "id_number": ELDER["id_number"]}
    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_be_visible()
    expect(page.get_by_test_id("receipt-number")).to_have_text(number)
    query_code = page.get_by_test_id("receipt-query-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", query_code), query_code
    assert acting_mandate(page) is None, "still acting after the session ended"
    screenshot(page, "assist-4-receipt")
    check_axe(page, "normal-assist-receipt")
    assert not errors, f"uncaught page errors: {errors}"
    page.close()

    # 王建国's case, submitted; the query code works; the reviewer sees the clerk as 代办人.
    mine = page_api(resident, "GET", f"/cases/{number}")["json"]
    assert mine["status"] == "submitted" and mine["agent"]["name"] == "陈静", mine
    look = page_api(resident, "GET", f"/case-status?number={number}&query_code={query_code}")
    assert look["status"] == 200, look
    session = page_api(resident, "GET", f"/assist-sessions/{code}")["json"]
    assert session["status"] == "confirmed" and session["confirmed_via"] == "in_person", session
    staff = reviewer.new_page()
    open_page(staff, f"/staff/cases/{number}", NORMAL)
    expect(staff.get_by_test_id("case-agent")).to_contain_text("陈静")
    expect(staff.get_by_test_id("case-agent-mandate")).to_contain_text(mandate)
    expect(staff.get_by_test_id("applicant-name")).to_have_text(ELDER["name"])
    expect(staff.get_by_test_id("case-organisation")).to_have_count(0)
    screenshot(staff, "assist-5-staff-case")
    check_axe(staff, "normal-assist-staff-case")
    staff.close()
    resident.close()


def test_help_session_cancelled_by_the_clerk(clerk: Any, lina: Any) -> None:
    resident = lina.new_page()
    open_page(resident, "/settings", NORMAL)
    code = page_api(resident, "POST", "/assist-sessions")["json"]["code"]
    page = clerk.new_page()
    open_page(page, f"/staff/assist?code={code}", NORMAL)  # not joined yet: the code is offered
    expect(page.get_by_test_id("assist-code")).to_have_value(code)
    with page.expect_response(is_api("POST", f"/assist-sessions/{code}/join")):
        page.get_by_test_id("assist-join-submit").click()
    expect(page.get_by_test_id("assist-session")).to_be_visible()
    page.get_by_test_id("assist-start-acting").click()
    page.get_by_test_id("assist-cancel").click()
    check_axe(page, "normal-assist-cancel-confirm")
    with page.expect_response(is_api("POST", f"/assist-sessions/{code}/cancel")) as cancelled:
        page.get_by_test_id("assist-cancel-confirm").click()
    assert cancelled.value.status == 200, cancelled.value.text()
    expect(page.get_by_test_id("assist-ended")).to_have_attribute("data-status", "cancelled")
    assert acting_mandate(page) is None
    # The next help session starts afresh: nothing of this one is remembered.
    page.get_by_test_id("assist-next").click()
    page.wait_for_url(re.compile(r"/staff/assist$"))
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("assist-code")).to_have_value("")
    page.close()
    resident.close()


# ---- 3. guardianships reviewed by the supervisor -----------------------------------------------------


def test_guardianship_refused_with_a_reason_then_approved(supervisor: Any, lina: Any) -> None:
    own = lina.new_page()
    open_page(own, "/settings", NORMAL)
    ask = {
        "kind": "guardian",
        "role": "agent",
        "principal": WARD,
        "permissions": ["view", "apply"],
        "valid_until": f"{date.today() + timedelta(days=200)}T00:00:00+08:00",
    }

    def asked() -> str:
        made = page_api(own, "POST", "/mandates", ask)
        assert made["status"] == 201 and made["json"]["awaiting"] == "reviewer", made
        assert upload_evidence(own, made["json"]["id"]) == 200
        mandate: str = made["json"]["id"]
        return mandate

    first = asked()
    page = supervisor.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_page(page, "/staff", NORMAL)
    expect(page.get_by_test_id("link-mandate-new")).to_have_count(0)  # no window post
    page.get_by_test_id("link-mandate-review").click()
    page.wait_for_url("**/staff/mandates/review")
    wait_ready(page, NORMAL)
    item = page.locator(f"[data-testid=review-item][data-mandate={first}]")
    expect(item).to_be_visible()
    expect(item.get_by_test_id("mandate-agent")).to_contain_text(AGENT["name"])
    expect(item.get_by_test_id("mandate-principal")).to_contain_text(WARD["name"])
    link = item.get_by_test_id("review-evidence")
    expect(link).to_have_attribute("href", f"/api/v1/mandates/{first}/evidence")
    document = page.request.get(f"/api/v1/mandates/{first}/evidence")
    assert document.status == 200 and document.headers["content-type"] == "image/png", document.headers
    screenshot(page, "review-1-queue")
    check_axe(page, "normal-review-queue")

    # A refusal needs the reason the guardian reads.
    item.get_by_test_id("review-refuse").click()
    item.get_by_test_id("review-confirm").click()
    expect(item.locator(f"#review-{first}-note-error")).to_be_visible()
    check_axe(page, "normal-review-refuse-reason")
    item.locator(f"#review-{first}-note").fill("判决书未载明申请人为监护人")
    with page.expect_response(is_api("POST", f"/mandates/{first}/refuse")) as refused:
        item.get_by_test_id("review-confirm").click()
    assert refused.value.status == 200, refused.value.text()
    assert refused.value.request.post_data_json == {"note": "判决书未载明申请人为监护人"}
    expect(item).to_have_count(0)
    expect(page.get_by_test_id("review-said")).to_contain_text(AGENT["name"])
    mine = page_api(own, "GET", f"/mandates/{first}")["json"]
    assert mine["status"] == "refused" and mine["history"][-1]["note"] == "判决书未载明申请人为监护人", mine

    # Asked again with the right document: approved, in force at once.
    second = asked()
    open_page(page, "/staff/mandates/review", NORMAL)
    item = page.locator(f"[data-testid=review-item][data-mandate={second}]")
    item.get_by_test_id("review-approve").click()
    with page.expect_response(is_api("POST", f"/mandates/{second}/confirm")) as approved:
        item.get_by_test_id("review-confirm").click()
    assert approved.value.status == 200, approved.value.text()
    assert approved.value.json()["status"] == "active"
    expect(item).to_have_count(0)
    assert not errors, f"uncaught page errors: {errors}"
    page.close()
    # The guardian gives it up again: the demo people keep no guardianship from this test.
    assert page_api(own, "POST", f"/mandates/{second}/revoke")["status"] == 200
    own.close()


# ---- 4. axe, 200 % and 长辈版 on every new page ---------------------------------------------------------

PAGES = ["staff-workbench", "mandate-new", "mandate-lookup", "assist-join", "assist-session", "review"]


@pytest.fixture(scope="module")
def page_setup(clerk: Any, supervisor: Any, lina: Any) -> dict[str, Any]:
    """A help session the clerk joined (still open), and a guardianship waiting for review."""
    own = lina.new_page()
    open_page(own, "/settings", NORMAL)
    code = page_api(own, "POST", "/assist-sessions")["json"]["code"]
    ask = {
        "kind": "guardian",
        "role": "agent",
        "principal": WARD,
        "permissions": ["view"],
        "valid_until": f"{date.today() + timedelta(days=100)}T00:00:00+08:00",
    }
    made = page_api(own, "POST", "/mandates", ask)
    assert made["status"] == 201, made
    assert upload_evidence(own, made["json"]["id"]) == 200
    own.close()
    page = clerk.new_page()
    open_page(page, "/settings", NORMAL)
    assert page_api(page, "POST", f"/assist-sessions/{code}/join")["status"] == 200
    page.close()
    return {"code": code, "clerk": clerk.cookies(), "supervisor": supervisor.cookies()}


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("mode_name", ["normal", "large", "elder"])
def test_mandate_pages_axe_and_elder(
    tb_browser: Any, tb_base_url: str, page_setup: dict[str, Any], mode_name: str, page_name: str
) -> None:
    s = page_setup
    path, who, ready = {
        "staff-workbench": ("/staff", "clerk", "staff-mandates"),
        "mandate-new": ("/staff/mandates/new", "clerk", "mandate-submit"),
        "mandate-lookup": ("/staff/mandates", "clerk", "lookup-submit"),
        "assist-join": ("/staff/assist", "clerk", "assist-join"),
        "assist-session": (f"/staff/assist?code={s['code']}", "clerk", "assist-session"),
        "review": ("/staff/mandates/review", "supervisor", "review-item"),
    }[page_name]
    check_page_in_mode(tb_browser, tb_base_url, path, mode_name, s[who], f"mandates-{page_name}", ready=ready)
