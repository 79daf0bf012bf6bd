"""Acting for family in a real browser (mandates, the resident side): the daughter 王小红 has asked to
act for her father 王建国 (the demo's pending request; made again with the Ask form when another test
used it up); she has the code sent again, reads it from the sandbox outbox as her father would read
it out to her, types it, and the authorisation is in force. She switches to acting for him (the bar
on every page, the header on every request), applies for 死亡注销户口 (FY-GA-0010) in his name up to
a saved draft with its file, and submits it with her own texted signature. He sees the case with
both names (申请人 and 代办人) and her actions in 代办记录. Then he ends the authorisation, and her
next request says why and switches acting off. /family and the other new pages pass axe (WCAG 2.2
AA) in normal mode and in 长辈版, with the 长辈版 measurements.

The new pages' own words wait for the lead's merge of i18n/pending/family-pwa.tsv, so these tests
check data, test ids and the server's own sentences, not the PWA's wording.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from browser_support import (
    MODES,
    PHONE,
    REPO,
    api_sign_in_by_code,
    check_axe,
    check_elder,
    check_page_in_mode,
    client_address,
    is_api,
    last_outbox_id,
    open_page,
    outbox_code,
    page_api,
    screenshot,
    storage_state,
    wait_ready,
)
from playwright.sync_api import expect
from test_browser_cases import PNG, fill_field

NORMAL, ELDER = MODES["normal"], MODES["elder"]
DAUGHTER = "13800000006"  # 王小红: the demo's pending request to act for her father
FATHER = "13800000002"  # 王建国, born 1945: uses 长辈版
FATHER_PERSON = {"name": "王建国", "id_number": "341202194503120110"}
MATTER_CODE = "FY-GA-0010"  # 死亡注销户口: a person matter of 市公安局, online, L2
MATTER = next(
    m
    for m in json.loads((REPO / "backend/tongban/demo/data/matters.json").read_text(encoding="utf-8"))
    if m["code"] == MATTER_CODE
)
PROOF_INDEX = next(i for i, x in enumerate(MATTER["materials"]) if x["required"] and not x.get("licence_type"))


def person_context(browser: Any, base_url: str, server: Any, phone: str, mode: str) -> Any:
    """A phone of its own (its own client address), signed in by code through the API."""
    context = browser.new_context(
        **PHONE, **client_address(), base_url=base_url, storage_state=storage_state(base_url, MODES[mode].settings)
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    open_page(page, "/help", MODES[mode])
    api_sign_in_by_code(page, server, phone)
    page.close()
    return context


@pytest.fixture(scope="module")
def daughter(tb_browser: Any, tb_base_url: str, tb_server: Any) -> Iterator[Any]:
    context = person_context(tb_browser, tb_base_url, tb_server, DAUGHTER, "normal")
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="module")
def father(tb_browser: Any, tb_base_url: str, tb_server: Any) -> Iterator[Any]:
    context = person_context(tb_browser, tb_base_url, tb_server, FATHER, "elder")
    try:
        yield context
    finally:
        context.close()


def acting_state(page: Any) -> dict[str, Any]:
    """What the tab keeps about acting for someone (src/acting.ts: sessionStorage only)."""
    result: dict[str, Any] = page.evaluate(
        """() => ({session: JSON.parse(sessionStorage.getItem('tb.acting') || 'null'),
                   local: Object.keys(localStorage).filter(k => k.includes('acting'))})"""
    )
    return result


def for_father(page: Any, status: str) -> list[dict[str, Any]]:
    mine = page_api(page, "GET", "/me/mandates")
    assert mine["status"] == 200, mine
    return [
        m for m in mine["json"]["as_agent"] if m["principal"]["name"] == FATHER_PERSON["name"] and m["status"] == status
    ]


def until(days: int = 200) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def ask_by_form(page: Any, server: Any) -> str:
    """No pending request (another test used the demo's): ask again with the Ask form; the code is
    texted to the father at once. Returns the new mandate's id."""
    for m in for_father(page, "active"):  # one at a time: the server refuses a duplicate
        assert page_api(page, "POST", f"/mandates/{m['id']}/revoke")["status"] == 200
    open_page(page, "/family", NORMAL)
    page.get_by_test_id("family-ask").click()
    page.wait_for_url("**/family/ask")
    wait_ready(page, NORMAL)
    page.get_by_test_id("who-name").fill(FATHER_PERSON["name"])
    page.get_by_test_id("who-id").fill(FATHER_PERSON["id_number"])
    with page.expect_response(is_api("POST", "/mandates")) as made:
        page.get_by_test_id("mandate-submit").click()
    assert made.value.status == 201, made.value.text()
    created = made.value.json()
    assert created["code_sent_to"] == "138****0002", created
    expect(page.get_by_test_id("code-sent")).to_contain_text("138****0002")
    return str(created["id"])


# ---- 1. the daughter confirms by code, acts for her father, applies; he sees both names ----------


def test_daughter_confirms_by_code_then_applies_for_her_father(daughter: Any, father: Any, tb_server: Any) -> None:
    page = daughter.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_page(page, "/settings", NORMAL)
    before = last_outbox_id(tb_server, FATHER)
    pending = for_father(page, "pending")
    if pending and "resend" in pending[0]["allowed_actions"]:
        mandate = pending[0]["id"]
        # /family lists the request under 我为谁办理; its page offers to send the code again.
        open_page(page, "/family", NORMAL)
        card = page.locator(f"[data-testid=family-as-agent] [data-mandate={mandate}]")
        expect(card).to_contain_text(FATHER_PERSON["name"])
        expect(card.get_by_test_id("mandate-status")).to_be_visible()
        screenshot(page, "mandates-family-1-pending")
        check_axe(page, "normal-family-pending")
        card.get_by_test_id("mandate-link").click()
        page.wait_for_url(f"**/family/{mandate}")
        wait_ready(page, NORMAL)
        expect(page.get_by_test_id("mandate-name")).to_have_text(FATHER_PERSON["name"])
        expect(page.get_by_test_id("mandate-history")).to_be_visible()
        with page.expect_response(is_api("POST", f"/mandates/{mandate}/resend")) as resent:
            page.get_by_test_id("mandate-resend").click()
        assert resent.value.status == 200, resent.value.text()
        expect(page.get_by_test_id("code-sent")).to_contain_text(FATHER_PERSON["name"])
    else:
        mandate = ask_by_form(page, tb_server)
    screenshot(page, "mandates-family-2-code")
    check_axe(page, "normal-family-code")

    # A wrong code is refused at its field; the father's code (read out to her) puts it in force.
    code = outbox_code(tb_server, FATHER, before)
    page.get_by_test_id("mandate-code").fill("000000" if code != "000000" else "111111")
    with page.expect_response(is_api("POST", f"/mandates/{mandate}/confirm")) as wrong:
        page.get_by_test_id("mandate-code-confirm").click()
    assert wrong.value.status == 400, wrong.value.text()
    expect(page.locator("#mandate-code-error")).to_be_visible()
    page.get_by_test_id("mandate-code").fill(code)
    with page.expect_response(is_api("POST", f"/mandates/{mandate}/confirm")) as confirmed:
        page.get_by_test_id("mandate-code-confirm").click()
    assert confirmed.value.status == 200, confirmed.value.text()
    assert confirmed.value.json()["status"] == "active"
    act = page.get_by_test_id("act-for")
    expect(act).to_be_visible()
    screenshot(page, "mandates-family-3-active")

    # Acting for him: the bar on every page, kept for this tab only, the header on every request.
    act.click()
    page.wait_for_url("**/me/cases")
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("acting-bar")).to_be_visible()
    expect(page.get_by_test_id("acting-name")).to_contain_text(FATHER_PERSON["name"])
    state = acting_state(page)
    assert state["session"] and state["session"]["mandate"] == mandate, state
    assert not state["local"], f"acting for someone leaked into localStorage: {state}"
    screenshot(page, "mandates-acting-1-cases")
    check_axe(page, "normal-acting-my-cases")

    # 死亡注销户口 in his name, up to a saved draft with its file.
    open_page(page, f"/apply/{MATTER_CODE}/form", NORMAL)
    expect(page.get_by_test_id("acting-bar")).to_be_visible()
    with page.expect_response(is_api("POST", "/cases")) as created:
        for f in MATTER["form_fields"]:
            fill_field(page, f)
    assert created.value.status == 201, created.value.text()
    assert created.value.request.headers.get("acting-for") == mandate
    case = created.value.json()
    number = case["number"]
    assert case["applicant"]["name"] == FATHER_PERSON["name"] and case["agent"]["name"] == "王小红", case
    expect(page.get_by_test_id("save-status")).not_to_be_empty()
    page.get_by_test_id("step-next").click()
    with page.expect_response(lambda r: "/materials" in r.url and r.request.method == "POST") as up:
        page.locator(f"#case-material-{PROOF_INDEX}").set_input_files(
            files=[{"name": "死亡证明.png", "mimeType": "image/png", "buffer": PNG}]
        )
    assert up.value.status == 201, up.value.text()
    assert up.value.request.headers.get("acting-for") == mandate, "the upload was not made for him"
    page.get_by_test_id("step-next").click()
    expect(page.get_by_test_id("case-review")).to_be_visible()
    screenshot(page, "mandates-acting-2-review")

    # Submitted with her own signature: the code goes to her phone, not his.
    before_sign = last_outbox_id(tb_server, DAUGHTER)
    page.get_by_test_id("case-submit").click()
    expect(page.get_by_test_id("sign-step")).to_contain_text(DAUGHTER[-4:])
    page.get_by_test_id("sign-code").fill(outbox_code(tb_server, DAUGHTER, before_sign))
    with page.expect_response(is_api("POST", f"/cases/{number}/submit")) as sub:
        page.get_by_test_id("case-submit").click()
    assert sub.value.status == 200, sub.value.text()
    expect(page.get_by_test_id("receipt-number")).to_have_text(number)
    page.get_by_test_id("receipt-case-link").click()
    page.wait_for_url(f"**/cases/{number}")
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("case-applicant")).to_have_text(FATHER_PERSON["name"])
    expect(page.get_by_test_id("case-agent")).to_contain_text("王小红")
    assert not errors, f"uncaught page errors: {errors}"
    page.close()

    # The father, in 长辈版: the case with both names, and her actions in 代办记录 (linking to it).
    own = father.new_page()
    open_page(own, "/me/cases", ELDER)
    expect(own.get_by_test_id("case-item").filter(has_text=number)).to_have_count(1)
    open_page(own, f"/cases/{number}", ELDER)
    expect(own.get_by_test_id("case-applicant")).to_have_text(FATHER_PERSON["name"])
    expect(own.get_by_test_id("case-agent")).to_contain_text("王小红")
    screenshot(own, "mandates-father-1-case")
    check_axe(own, "elder-father-case")
    open_page(own, "/family/activity", ELDER)
    items = own.get_by_test_id("activity-item").filter(has_text="王小红")
    expect(items.first).to_be_visible()
    link = own.get_by_test_id("activity-case").filter(has_text=number).first
    expect(link).to_have_attribute("href", f"/cases/{number}")
    screenshot(own, "mandates-father-2-activity")
    check_axe(own, "elder-father-activity")
    check_elder(own, "family-activity")
    own.close()


# ---- 2. revocation stops her next action --------------------------------------------------------


def active_mandate(page: Any, server: Any) -> str:
    """The daughter's authorisation for her father, in force (test 1's; made again if it is gone)."""
    found = for_father(page, "active")
    if found:
        return str(found[0]["id"])
    for m in for_father(page, "pending"):
        page_api(page, "POST", f"/mandates/{m['id']}/revoke")
    before = last_outbox_id(server, FATHER)
    for _ in range(3):  # one code a minute to his phone
        made = page_api(
            page,
            "POST",
            "/mandates",
            {
                "kind": "family",
                "role": "agent",
                "principal": FATHER_PERSON,
                "permissions": ["view", "apply"],
                "valid_until": until(),
            },
        )
        if made["status"] != 429:
            break
        time.sleep(30)
    assert made["status"] == 201, made
    mandate = str(made["json"]["id"])
    done = page_api(page, "POST", f"/mandates/{mandate}/confirm", {"code": outbox_code(server, FATHER, before)})
    assert done["status"] == 200, done
    return mandate


def test_revocation_stops_the_next_action(daughter: Any, father: Any, tb_server: Any) -> None:
    page = daughter.new_page()
    open_page(page, "/settings", NORMAL)
    mandate = active_mandate(page, tb_server)
    if not page.get_by_test_id("acting-bar").is_visible():
        open_page(page, f"/family/{mandate}", NORMAL)
        page.get_by_test_id("act-for").click()
        page.wait_for_url("**/me/cases")
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("acting-name")).to_contain_text(FATHER_PERSON["name"])

    # He ends it from 我的家人, after a confirmation step.
    own = father.new_page()
    open_page(own, "/family", ELDER)
    card = own.locator(f"[data-testid=family-as-principal] [data-mandate={mandate}]")
    expect(card).to_contain_text("王小红")
    card.get_by_test_id("mandate-link").click()
    own.wait_for_url(f"**/family/{mandate}")
    wait_ready(own, ELDER)
    own.get_by_test_id("mandate-revoke").click()
    expect(own.get_by_test_id("mandate-revoke-confirm")).to_be_visible()
    screenshot(own, "mandates-father-3-revoke-confirm")
    check_axe(own, "elder-family-revoke-confirm")
    with own.expect_response(is_api("POST", f"/mandates/{mandate}/revoke")) as revoked:
        own.get_by_test_id("mandate-revoke-confirm").click()
    assert revoked.value.status == 200, revoked.value.text()
    assert revoked.value.json()["status"] == "revoked"
    expect(own.get_by_test_id("mandate-revoke")).to_have_count(0)
    own.close()

    # Her next request: refused, said why in the server's words, and acting mode is off.
    with page.expect_response(lambda r: "/api/v1/" in r.url and r.status == 403) as refused:
        page.reload()
    assert refused.value.status == 403, refused.value.text()
    problem = refused.value.json()
    assert problem["type"].endswith("mandate-revoked"), problem
    ended = page.get_by_test_id("acting-ended")
    expect(ended).to_be_visible()
    expect(page.get_by_test_id("acting-ended-detail")).to_have_text(problem["detail"])
    expect(page.get_by_test_id("acting-bar")).to_have_count(0)
    assert acting_state(page)["session"] is None
    screenshot(page, "mandates-acting-3-revoked")
    # The page loaded again as herself: no header any more.
    with page.expect_response(is_api("GET", "/me/cases")) as mine:
        open_page(page, "/me/cases", NORMAL)
    assert mine.value.status == 200 and not mine.value.request.headers.get("acting-for")
    page.close()


# ---- 3. axe and 长辈版 on the new pages ---------------------------------------------------------------

PAGES = ["family", "family-grant", "family-ask", "family-activity", "family-stop", "assist", "assist-join"]


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("mode_name", ["normal", "elder"])
def test_family_pages_axe_and_elder(
    tb_browser: Any, tb_base_url: str, father: Any, mode_name: str, page_name: str
) -> None:
    """王建国's pages (/family/stop signed out): axe WCAG 2.2 AA; in 长辈版 the measurements too."""
    path = {
        "family": "/family",
        "family-grant": "/family/grant",
        "family-ask": "/family/ask",
        "family-activity": "/family/activity",
        "family-stop": "/family/stop",
        "assist": "/assist",
        "assist-join": "/assist/join",
    }[page_name]
    cookies = [] if page_name == "family-stop" else father.cookies()
    check_page_in_mode(tb_browser, tb_base_url, path, mode_name, cookies, f"mandates-{page_name}")


# ---- 4. 长辈版: the father authorises someone, one question a screen -----------------------------------

NEIGHBOUR = {"name": "张伟", "id_number": "341222199001010155"}  # demo resident 13800000001


def test_father_authorises_one_question_a_screen(father: Any) -> None:
    own = father.new_page()
    open_page(own, "/family", ELDER)
    own.get_by_test_id("family-grant").click()
    own.wait_for_url("**/family/grant")
    wait_ready(own, ELDER)
    # 1. who: nothing typed → the error summary, still on the first screen.
    own.get_by_test_id("step-next").click()
    expect(own.get_by_test_id("error-summary")).to_be_visible()
    expect(own.locator("#who-id-error")).to_be_visible()
    check_axe(own, "elder-family-grant-errors")
    own.get_by_test_id("who-name").fill(NEIGHBOUR["name"])
    own.get_by_test_id("who-id").fill(NEIGHBOUR["id_number"])
    own.get_by_test_id("step-next").click()
    # 2. what they may do: four choices, each explained; view and apply ticked already.
    expect(own.get_by_test_id("terms-permissions")).to_be_visible()
    expect(own.locator("[data-testid=terms-permissions] input[type=checkbox]")).to_have_count(4)
    expect(own.get_by_test_id("perm-apply")).to_be_checked()
    own.get_by_test_id("perm-apply").uncheck()
    screenshot(own, "mandates-grant-2-permissions")
    check_axe(own, "elder-family-grant-permissions")
    check_elder(own, "family-grant-permissions")
    own.get_by_test_id("step-next").click()
    # 3. which services: one category.
    own.locator("label[for=terms-scope-categories]").click()
    own.get_by_test_id("step-next").click()
    expect(own.get_by_test_id("error-summary")).to_be_visible()  # no category chosen yet
    own.locator("label[for=cat-GA]").click()
    screenshot(own, "mandates-grant-3-scope")
    check_elder(own, "family-grant-scope")
    own.get_by_test_id("step-next").click()
    # 4. until when (a year from today, already filled in), then authorise.
    expect(own.get_by_test_id("terms-until")).not_to_have_value("")
    with own.expect_response(is_api("POST", "/mandates")) as made:
        own.get_by_test_id("mandate-submit").click()
    assert made.value.status == 201, made.value.text()
    granted = made.value.json()
    assert granted["status"] == "pending" and granted["awaiting"] == "agent", granted
    assert granted["permissions"] == ["view"] and granted["scope"] == "categories", granted
    assert [i["code"] for i in granted["scope_items"]] == ["GA"], granted
    expect(own.get_by_test_id("mandate-granted")).to_be_visible()
    screenshot(own, "mandates-grant-4-sent")
    check_axe(own, "elder-family-grant-sent")
    # Cancelled again from its page (other tests name 张伟 too).
    own.get_by_test_id("created-details").click()
    own.wait_for_url(f"**/family/{granted['id']}")
    wait_ready(own, ELDER)
    own.get_by_test_id("mandate-revoke").click()
    with own.expect_response(is_api("POST", f"/mandates/{granted['id']}/revoke")) as cancelled:
        own.get_by_test_id("mandate-revoke-confirm").click()
    assert cancelled.value.status == 200, cancelled.value.text()
    own.close()


# ---- 5. 帮办: the son fills in, the father checks, signs and submits on his own phone ---------------

SON = "13800000003"  # 王小明


@pytest.fixture(scope="module")
def son(tb_browser: Any, tb_base_url: str, tb_server: Any) -> Iterator[Any]:
    context = person_context(tb_browser, tb_base_url, tb_server, SON, "normal")
    try:
        yield context
    finally:
        context.close()


def test_help_session_helper_drafts_resident_confirms(father: Any, son: Any, tb_server: Any) -> None:
    own = father.new_page()
    open_page(own, "/assist", ELDER)
    with own.expect_response(is_api("POST", "/assist-sessions")) as started:
        own.get_by_test_id("assist-start").click()
    assert started.value.status == 201, started.value.text()
    code = started.value.json()["code"]
    expect(own.get_by_test_id("assist-code")).to_have_text(code)
    qr = own.get_by_test_id("assist-qr")
    expect(qr).to_have_attribute("src", re.compile(r"^data:image/svg\+xml"))
    assert own.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle()), "the QR did not render"
    screenshot(own, "mandates-assist-1-code")
    check_axe(own, "elder-assist-code")
    check_elder(own, "assist-code")

    # The son types the code and fills in 死亡注销户口 for his father, acting in the session.
    helper = son.new_page()
    open_page(helper, "/assist/join", NORMAL)
    helper.get_by_test_id("join-code").fill(code)
    with helper.expect_response(is_api("POST", f"/assist-sessions/{code}/join")) as joined:
        helper.get_by_test_id("join-submit").click()
    assert joined.value.status == 200, joined.value.text()
    assert not joined.value.request.headers.get("acting-for")
    session_mandate = joined.value.json()["mandate"]
    helper.wait_for_url("**/search")
    wait_ready(helper, NORMAL)
    expect(helper.get_by_test_id("acting-bar")).to_be_visible()
    assert acting_state(helper)["session"]["kind"] == "assist"
    open_page(helper, f"/apply/{MATTER_CODE}/form", NORMAL)
    with helper.expect_response(is_api("POST", "/cases")) as created:
        for f in MATTER["form_fields"]:
            fill_field(helper, f)
    assert created.value.status == 201, created.value.text()
    assert created.value.request.headers.get("acting-for") == session_mandate
    number = created.value.json()["number"]
    helper.get_by_test_id("step-next").click()
    with helper.expect_response(lambda r: "/materials" in r.url and r.request.method == "POST") as up:
        helper.locator(f"#case-material-{PROOF_INDEX}").set_input_files(
            files=[{"name": "证明.png", "mimeType": "image/png", "buffer": PNG}]
        )
    assert up.value.status == 201, up.value.text()
    helper.get_by_test_id("step-next").click()
    expect(helper.get_by_test_id("case-review")).to_be_visible()
    # A helper cannot submit: the server's sentence says so.
    before = last_outbox_id(tb_server, SON)
    helper.get_by_test_id("case-submit").click()
    expect(helper.get_by_test_id("sign-step")).to_be_visible()
    helper.get_by_test_id("sign-code").fill(outbox_code(tb_server, SON, before))
    with helper.expect_response(is_api("POST", f"/cases/{number}/submit")) as refused:
        helper.get_by_test_id("case-submit").click()
    assert refused.value.status == 403 and refused.value.json()["type"].endswith("assist-confirm-needed")
    expect(helper.get_by_test_id("submit-problem")).to_contain_text(refused.value.json()["detail"])
    expect(helper.get_by_test_id("acting-bar")).to_be_visible()  # still helping: nothing ended
    screenshot(helper, "mandates-assist-2-helper-refused")

    # The father sees 请核对, reads the draft, signs with the code to his own phone, and submits.
    check = own.get_by_test_id("assist-check")
    expect(check).to_be_visible(timeout=20_000)
    expect(own.get_by_test_id("assist-draft")).to_have_attribute("href", f"/cases/{number}")
    screenshot(own, "mandates-assist-3-check")
    check_axe(own, "elder-assist-check")
    check_elder(own, "assist-check")
    before = last_outbox_id(tb_server, FATHER)
    own.get_by_test_id("assist-sign").click()
    expect(own.get_by_test_id("assist-sign-step")).to_contain_text(FATHER[-4:])
    own.get_by_test_id("assist-sign-code").fill(outbox_code(tb_server, FATHER, before))
    with own.expect_response(is_api("POST", f"/assist-sessions/{code}/confirm")) as confirmed:
        own.get_by_test_id("assist-confirm").click()
    assert confirmed.value.status == 200, confirmed.value.text()
    expect(own.get_by_test_id("assist-receipt")).to_be_visible()
    expect(own.get_by_test_id("receipt-number")).to_have_text(number)
    screenshot(own, "mandates-assist-4-receipt")
    own.close()

    # The session's authorisation ended with it: the son's next request switches helping off.
    with helper.expect_response(lambda r: "/api/v1/" in r.url and r.status == 403) as ended:
        helper.reload()
    assert ended.value.json()["type"].endswith("mandate-revoked"), ended.value.text()
    expect(helper.get_by_test_id("acting-ended")).to_be_visible()
    expect(helper.get_by_test_id("acting-bar")).to_have_count(0)
    helper.close()


# ---- 6. a guardian asks with the document; the request waits for review --------------------------


def test_guardian_asks_and_uploads_the_document(daughter: Any) -> None:
    page = daughter.new_page()
    open_page(page, "/family/ask?kind=guardian", NORMAL)
    expect(page.locator("#ask-kind-guardian")).to_be_checked()
    page.get_by_test_id("who-name").fill(NEIGHBOUR["name"])
    page.get_by_test_id("who-id").fill(NEIGHBOUR["id_number"])
    with page.expect_response(is_api("POST", "/mandates")) as made:
        page.get_by_test_id("mandate-submit").click()
    assert made.value.status == 201, made.value.text()
    asked = made.value.json()
    assert asked["kind"] == "guardian" and asked["awaiting"] == "reviewer" and not asked["has_evidence"], asked
    expect(page.get_by_test_id("evidence")).to_be_visible()
    check_axe(page, "normal-family-guardian-upload")
    # A text file is refused before sending; the PNG goes up and the request waits for review.
    page.get_by_test_id("evidence-file").set_input_files(
        files=[{"name": "说明.txt", "mimeType": "text/plain", "buffer": "不是证明".encode()}]
    )
    expect(page.locator("#evidence-file-error")).to_be_visible()
    with page.expect_response(is_api("POST", f"/mandates/{asked['id']}/evidence")) as up:
        page.get_by_test_id("evidence-file").set_input_files(
            files=[{"name": "监护证明.png", "mimeType": "image/png", "buffer": PNG}]
        )
    assert up.value.status == 200, up.value.text()
    assert up.value.json()["has_evidence"] is True
    expect(page.get_by_test_id("evidence-waiting")).to_be_visible()
    screenshot(page, "mandates-guardian-1-waiting")
    # Withdrawn again, so the reviewers' queue of other tests stays as they expect it.
    assert page_api(page, "POST", f"/mandates/{asked['id']}/revoke")["status"] == 200
    page.close()


# ---- 7. an enterprise's legal representative authorises an agent for listed services -------------

LEGAL_REP = "13800000004"  # 刘芳, legal representative of the demo enterprise
EMPLOYEE = {"name": "李娜", "id_number": "341204199503160628"}


def test_enterprise_authorises_an_agent_for_listed_services(tb_browser: Any, tb_base_url: str, tb_server: Any) -> None:
    context = person_context(tb_browser, tb_base_url, tb_server, LEGAL_REP, "normal")
    try:
        page = context.new_page()
        open_page(page, "/family", NORMAL)
        offer = page.get_by_test_id("family-grant-org").first
        expect(offer).to_be_visible()
        offer.click()
        page.wait_for_url("**/family/grant?org=*")
        wait_ready(page, NORMAL)
        page.get_by_test_id("who-name").fill(EMPLOYEE["name"])
        page.get_by_test_id("who-id").fill(EMPLOYEE["id_number"])
        page.locator("label[for=terms-scope-matters]").click()
        page.get_by_test_id("matter-q").fill("FY-SJ-0006")
        with page.expect_response(is_api("GET", "/matters*")) as found:
            page.get_by_test_id("matter-search").click()
        assert found.value.status == 200
        page.get_by_test_id("matter-results").get_by_test_id("matter-add").first.click()
        expect(page.get_by_test_id("picked-matters")).to_contain_text("FY-SJ-0006")
        check_axe(page, "normal-family-grant-enterprise")
        with page.expect_response(is_api("POST", "/mandates")) as made:
            page.get_by_test_id("mandate-submit").click()
        assert made.value.status == 201, made.value.text()
        granted = made.value.json()
        assert granted["kind"] == "enterprise_agent" and granted["principal"]["type"] == "organisation", granted
        assert [i["code"] for i in granted["scope_items"]] == ["FY-SJ-0006"], granted
        expect(page.get_by_test_id("mandate-granted")).to_be_visible()
        assert page_api(page, "POST", f"/mandates/{granted['id']}/revoke")["status"] == 200
    finally:
        context.close()


# ---- 8. ending every authorisation with a code to one's phone, signed out ------------------------


def test_end_all_authorisations_by_phone_code(daughter: Any, new_context: Any, tb_server: Any) -> None:
    page = daughter.new_page()
    open_page(page, "/settings", NORMAL)
    made = page_api(
        page,
        "POST",
        "/mandates",
        {"kind": "family", "role": "principal", "agent": NEIGHBOUR, "permissions": ["view"], "valid_until": until()},
    )
    assert made["status"] == 201, made
    page.close()

    anon = new_context("elder", **client_address()).new_page()
    open_page(anon, "/help", ELDER)
    anon.get_by_test_id("link-family-stop").click()
    anon.wait_for_url("**/family/stop")
    wait_ready(anon, ELDER)
    anon.get_by_test_id("stop-phone").fill(DAUGHTER)
    before = last_outbox_id(tb_server, DAUGHTER)
    with anon.expect_response(is_api("POST", "/mandates/revocation-code")) as sent:
        anon.get_by_test_id("stop-send").click()
    assert sent.value.status == 202, sent.value.text()
    expect(anon.get_by_test_id("stop-sent")).to_be_visible()
    check_elder(anon, "family-stop-code")
    anon.get_by_test_id("stop-code").fill(outbox_code(tb_server, DAUGHTER, before))
    with anon.expect_response(is_api("POST", "/mandates/revoke-by-code")) as ended:
        anon.get_by_test_id("stop-confirm").click()
    assert ended.value.status == 200, ended.value.text()
    assert made["json"]["id"] in [m["id"] for m in ended.value.json()["revoked"]]
    expect(anon.get_by_test_id("stop-done-names")).to_contain_text(NEIGHBOUR["name"])
    screenshot(anon, "mandates-stop-done")
    check_axe(anon, "elder-family-stop-done")
