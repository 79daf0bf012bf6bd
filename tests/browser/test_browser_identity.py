"""Identity in a real browser (issue 3): sign-up with a phone code, passkeys (Chromium's virtual
authenticator over the DevTools protocol), sign-in fallback by code, my passkeys and sessions,
staff sign-in and in-person verification, single sign-on consent, and sign-in at a kiosk.

Phone codes come from the sandbox SMS outbox (GET /api/v1/dev/outbox). Pages are at
http://localhost:<port>: WebAuthn needs a domain name as the RP ID.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from browser_support import (
    DEMO_ACCOUNTS,
    MODES,
    REGISTRY,
    STORAGE_JS,
    Authenticator,
    Mode,
    client_address,
    fresh_phone,
    is_api,
    last_outbox_id,
    no_passkey_autofill,
    note,
    open_page,
    outbox_code,
    page_api,
    screenshot,
    wait_ready,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

NORMAL, ELDER, KIOSK = MODES["normal"], MODES["elder"], MODES["kiosk"]
HAN = re.compile(r"[\u3400-\u9fff]")
# "Send again in 57 s" / "请等待 1 分钟后再试": a number of seconds or minutes to wait.
WAIT = re.compile(r"\d+\s*(秒|分钟|分)")
RESIDENT = "13800000001"  # 张伟, demo resident (L2)
CLERK = "13800000011"  # 陈静, clerk at 临泉县 window FY-LQ-W01, jurisdiction 341221


def path_is(path: str) -> Callable[[str], bool]:
    return lambda url: urlsplit(url).path == path


def page_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def main_text(page: Any) -> str:
    return str(page.evaluate("() => document.body.innerText"))


def masked_phone(phone: str) -> re.Pattern[str]:
    """First 3 and last 4 digits shown, the 4 in between masked."""
    return re.compile(re.escape(phone[:3]) + r"\s*[*＊•●×xX]{4}\s*" + re.escape(phone[-4:]))


def go(page: Any, testid: str, path: str, mode: Mode) -> None:
    """Follow a link or button to an app page and wait until it has rendered."""
    page.get_by_test_id(testid).click()
    page.wait_for_url(path_is(path))
    wait_ready(page, mode)


def send_code(page: Any, server: Any, phone: str, phone_testid: str) -> str:
    """Type the number, press 送验证码, and read the code from the sandbox outbox."""
    page.get_by_test_id(phone_testid).fill(phone)
    before = last_outbox_id(server, phone)
    with page.expect_response(is_api("POST", "/auth/codes")) as sent:
        page.get_by_test_id("send-code").click()
    assert sent.value.status == 202, f"sending a code to {phone}: HTTP {sent.value.status} {sent.value.text()[:300]}"
    return outbox_code(server, phone, before)


def sign_in_by_code(page: Any, server: Any, phone: str, mode: Mode) -> None:
    """On /signin: the number, the code, 登录 (one screen, or one step per screen in 长辈版)."""
    code = send_code(page, server, phone, "signin-phone")
    box = page.get_by_test_id("code-input")
    expect(box).to_be_visible()
    box.fill(code)
    with page.expect_response(is_api("POST", "/auth/signin/code")) as done:
        page.get_by_test_id("signin-code-submit").click()
    assert done.value.status == 200, f"code sign-in of {phone}: HTTP {done.value.status} {done.value.text()[:300]}"


def passkey_sign_in(page: Any, testid: str = "signin-passkey") -> dict[str, Any]:
    with page.expect_response(is_api("POST", "/auth/passkey")) as done:
        page.get_by_test_id(testid).click()
    assert done.value.status == 200, f"passkey sign-in: HTTP {done.value.status} {done.value.text()[:300]}"
    profile: dict[str, Any] = done.value.json()
    return profile


def add_passkey(page: Any, name: str | None = None) -> dict[str, Any]:
    """On /account/passkeys: name it when the page asks for a name, then 添加."""
    box = page.locator("input[data-testid=passkey-name]")
    if name and box.count() and box.first.is_visible():
        box.first.fill(name)
    with page.expect_response(is_api("POST", "/me/passkeys")) as added:
        page.get_by_test_id("add-passkey").click()
    assert added.value.status == 201, f"adding a passkey: HTTP {added.value.status} {added.value.text()[:300]}"
    passkey: dict[str, Any] = added.value.json()
    return passkey


def confirm_if_asked(page: Any, testid: str) -> None:
    """A destructive button may ask once more, inline (a pop-up dialog is accepted by a handler)."""
    confirm = page.get_by_test_id(testid)
    try:
        confirm.wait_for(state="visible", timeout=5_000)
    except PlaywrightTimeout:
        return
    confirm.click()


def sign_out(page: Any) -> None:
    with page.expect_response(is_api("POST", "/auth/signout")):
        page.get_by_test_id("signout").click()
    expect(page.get_by_test_id("nav-signin")).to_be_visible()
    assert page_api(page, "GET", "/me")["status"] == 401, "still signed in after 退出登录"


def me(page: Any) -> dict[str, Any]:
    got = page_api(page, "GET", "/me")
    assert got["status"] == 200, f"GET /api/v1/me from the page: {got}"
    profile: dict[str, Any] = got["json"]
    return profile


# ---- 1. the "done when" story -------------------------------------------------------------------

# Each run of the story verifies a different sandbox person: one ID number belongs to one account.
STORY_PEOPLE = {"elder": "测试用户丙", "normal": "测试用户乙"}


@pytest.mark.parametrize("mode_name", ["elder", "normal"])
def test_sign_up_passkey_sign_in_and_real_name(new_context: Any, tb_server: Any, mode_name: str) -> None:
    """A new person signs up with a fresh number and the sandbox code, adds a passkey, signs out,
    signs in with the passkey (no code), sees the masked number and L1, then passes the real-name
    check: L2, and the full ID number is never on the page."""
    mode = MODES[mode_name]
    context = new_context(mode_name, **client_address())
    page = context.new_page()
    errors = page_errors(page)
    no_passkey_autofill(context)  # the person presses the passkey button (see browser_support)
    authenticator = Authenticator(context, page)
    phone = fresh_phone("137")
    person = STORY_PEOPLE[mode_name]
    id_number = REGISTRY[person]
    shot = f"identity-story-{mode_name}"

    open_page(page, "/", mode)
    go(page, "nav-signin", "/signin", mode)
    go(page, "link-signup", "/signup", mode)
    screenshot(page, f"{shot}-1-signup")

    # Sign-up, step by step: 长辈版 shows the number, then (next screen) the code.
    code = send_code(page, tb_server, phone, "signup-phone")
    box = page.get_by_test_id("code-input")
    expect(box).to_be_visible()
    screenshot(page, f"{shot}-2-code")
    box.fill(code)
    with page.expect_response(is_api("POST", "/auth/signup")) as signed_up:
        page.get_by_test_id("signup-submit").click()
    assert signed_up.value.status == 201, f"sign-up: HTTP {signed_up.value.status} {signed_up.value.text()[:300]}"
    page.wait_for_url(path_is("/account"))
    wait_ready(page, mode)
    expect(page.get_by_test_id("nav-account")).to_be_visible()

    # The account page offers a passkey; the virtual authenticator (fingerprint) makes one.
    offer = page.get_by_test_id("offer-passkey")
    expect(offer).to_be_visible()
    screenshot(page, f"{shot}-3-offer-passkey")
    with page.expect_response(is_api("POST", "/me/passkeys")) as added:
        offer.click()
    assert added.value.status == 201, f"adding a passkey: HTTP {added.value.status} {added.value.text()[:300]}"
    credentials = authenticator.credentials()
    assert len(credentials) == 1, f"the authenticator holds {len(credentials)} credentials, want 1"
    assert credentials[0]["rpId"] == "localhost" and credentials[0]["isResidentCredential"], credentials[0]

    if urlsplit(page.url).path != "/account":
        open_page(page, "/account", mode)
    sign_out(page)

    # Passkey sign-in: no code is sent.
    sms_before = last_outbox_id(tb_server, phone)
    go(page, "nav-signin", "/signin", mode)
    profile = passkey_sign_in(page)
    page.wait_for_url(path_is("/account"))
    wait_ready(page, mode)
    assert last_outbox_id(tb_server, phone) == sms_before, "a code was sent for a passkey sign-in"
    assert "hwk" in profile["session"]["amr"], f"the session does not say passkey: {profile['session']}"

    expect(page.get_by_test_id("profile-phone")).to_contain_text(masked_phone(phone))
    expect(page.get_by_test_id("profile-level")).to_have_attribute("data-level", "L1")  # shown in words
    assert phone not in main_text(page), "the full phone number is on the account page"
    screenshot(page, f"{shot}-4-account-L1")

    # Real-name check (sandbox registry).
    page.get_by_test_id("realname-name").fill(person)
    page.get_by_test_id("realname-id-number").fill(id_number)
    with page.expect_response(is_api("POST", "/me/real-name")) as checked:
        page.get_by_test_id("realname-submit").click()
    assert checked.value.status == 200, f"real-name check: HTTP {checked.value.status} {checked.value.text()[:300]}"
    expect(page.get_by_test_id("profile-level")).to_have_attribute("data-level", "L2")
    expect(page.get_by_test_id("profile-level")).not_to_contain_text("L2")  # 实名认证, never the code
    expect(page.get_by_test_id("profile-id")).to_contain_text(id_number[:4])
    expect(page.get_by_test_id("profile-id")).to_contain_text(id_number[-4:])
    wait_ready(page, mode)
    screenshot(page, f"{shot}-5-account-L2")
    text = main_text(page)
    assert id_number not in text, "the full ID number is shown on the account page after the check"
    kept = page.evaluate("(n) => [...document.querySelectorAll('input')].filter(i => i.value === n).length", id_number)
    assert not kept, "an input still holds the full ID number after the check"
    assert me(page)["assurance"] == "L2"
    assert not errors, f"uncaught page errors: {errors}"


# ---- 2. phone-code fallback ---------------------------------------------------------------------


def test_phone_code_sign_in_fallback(new_context: Any, tb_server: Any) -> None:
    """Demo resident signs in by code: a wrong code is refused with a translated message tied to
    the code field; a second code within a minute shows how long to wait; the right code works."""
    context = new_context("normal", **client_address())
    page = context.new_page()
    errors = page_errors(page)
    open_page(page, "/signin", NORMAL)
    code = send_code(page, tb_server, RESIDENT, "signin-phone")

    box = page.get_by_test_id("code-input")
    described_before = set((box.get_attribute("aria-describedby") or "").split())
    box.fill(f"{(int(code) + 1) % 1_000_000:06d}")
    with page.expect_response(is_api("POST", "/auth/signin/code")) as refused:
        page.get_by_test_id("signin-code-submit").click()
    assert refused.value.status == 400, f"a wrong code answered HTTP {refused.value.status}"
    expect(box).to_have_attribute("aria-invalid", "true")
    new_ids = [i for i in (box.get_attribute("aria-describedby") or "").split() if i not in described_before]
    assert new_ids, "the code field is not described by an error message (aria-describedby)"
    message = page.locator(f"[id='{new_ids[0]}']")
    expect(message).to_be_visible()
    said = message.inner_text()
    assert HAN.search(said) and not re.search(r"[A-Za-z]{4,}", said), f"error not in Chinese: {said!r}"
    field_box, message_box = box.bounding_box(), message.bounding_box()
    assert field_box and message_box and abs(message_box["y"] - field_box["y"]) < 200, (
        f"the error {said!r} is not next to the code field ({message_box} vs {field_box})"
    )
    screenshot(page, "identity-code-wrong")

    # A second code within the minute, from a fresh page (so only the server knows): wait message.
    again = context.new_page()
    open_page(again, "/signin", NORMAL)
    again.get_by_test_id("signin-phone").fill(RESIDENT)
    sms_before = last_outbox_id(tb_server, RESIDENT)
    with again.expect_response(is_api("POST", "/auth/codes")) as limited:
        again.get_by_test_id("send-code").click()
    assert limited.value.status == 429, f"a second code within a minute answered HTTP {limited.value.status}"
    expect(again.locator("main")).to_contain_text(WAIT)
    assert last_outbox_id(tb_server, RESIDENT) == sms_before, "a second SMS went out within the minute"
    screenshot(again, "identity-code-wait")
    # The developer outbox page lists the code that was sent.
    open_page(again, "/dev/outbox", NORMAL)
    expect(again.get_by_test_id("outbox-item").filter(has_text=code).first).to_be_visible()
    again.close()

    # The first code still works.
    box.fill(code)
    with page.expect_response(is_api("POST", "/auth/signin/code")) as done:
        page.get_by_test_id("signin-code-submit").click()
    assert done.value.status == 200, f"the right code answered HTTP {done.value.status}"
    page.wait_for_url(path_is("/account"))
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("profile-phone")).to_contain_text(masked_phone(RESIDENT))
    expect(page.get_by_test_id("profile-level")).to_have_attribute("data-level", re.compile("L[23]"))
    assert not errors, f"uncaught page errors: {errors}"


# ---- 3. my passkeys and my sessions -------------------------------------------------------------


def test_my_passkeys_and_sessions(new_context: Any, tb_server: Any) -> None:
    """Add two passkeys, remove one (the list follows); signed in on a second device, that session
    is revoked from the first and the second device's next visit to /account lands on sign-in."""
    first = new_context("normal", **client_address())
    page = first.new_page()
    errors = page_errors(page)
    page.on("dialog", lambda dialog: dialog.accept())
    no_passkey_autofill(first)
    old_phone = Authenticator(first, page)
    phone = fresh_phone("139")

    open_page(page, "/signup", NORMAL)
    code = send_code(page, tb_server, phone, "signup-phone")
    page.get_by_test_id("code-input").fill(code)
    with page.expect_response(is_api("POST", "/auth/signup")):
        page.get_by_test_id("signup-submit").click()
    page.wait_for_url(path_is("/account"))
    wait_ready(page, NORMAL)
    go(page, "link-passkeys", "/account/passkeys", NORMAL)
    items = page.get_by_test_id("passkey-item")
    expect(items).to_have_count(0)

    first_key = add_passkey(page, "旧手机")
    expect(items).to_have_count(1)
    credential_of = {first_key["id"]: old_phone.credentials()[0]}
    # A second device: one authenticator holds one passkey per account (the server excludes it).
    old_phone.remove()
    new_phone = Authenticator(first, page)
    second_key = add_passkey(page, "新手机")
    expect(items).to_have_count(2)
    credential_of[second_key["id"]] = new_phone.credentials()[0]
    screenshot(page, "identity-passkeys-two")

    target = items.filter(has_text=first_key["name"]) if first_key["name"] != second_key["name"] else items.first
    with page.expect_response(is_api("POST", "/me/passkeys/*")) as removed:
        target.first.get_by_test_id("remove-passkey").click()
        confirm_if_asked(page, "remove-passkey-confirm")
    assert removed.value.status == 200, f"removing a passkey: HTTP {removed.value.status}"
    expect(items).to_have_count(1)
    left = page_api(page, "GET", "/me/passkeys")["json"]["items"]
    assert len(left) == 1, f"the account has {len(left)} passkeys after removing one of two"
    expect(items.first).to_contain_text(left[0]["name"])
    screenshot(page, "identity-passkeys-one")

    # A second device signs in with the passkey that is left (the same passkey, synced), the way
    # /signin offers it in the phone field's autofill: the virtual authenticator picks it at once.
    second = new_context("normal", **client_address())
    other = second.new_page()
    Authenticator(second, other).add_credential(credential_of[left[0]["id"]])
    with other.expect_response(is_api("POST", "/auth/passkey")) as autofill:
        other.goto("/signin", wait_until="load")
    assert autofill.value.status == 200, f"autofill passkey sign-in: HTTP {autofill.value.status}"
    other.wait_for_url(path_is("/account"))
    wait_ready(other, NORMAL)

    open_page(page, "/account", NORMAL)
    go(page, "link-sessions", "/account/sessions", NORMAL)
    sessions = page.get_by_test_id("session-item")
    expect(sessions).to_have_count(2)
    expect(page.get_by_test_id("session-current")).to_have_count(1)
    screenshot(page, "identity-sessions-two")
    not_this = sessions.filter(has_not=page.get_by_test_id("session-current"))
    expect(not_this).to_have_count(1)
    with page.expect_response(is_api("POST", "/me/sessions/*")) as revoked:
        not_this.get_by_test_id("revoke-session").click()
    assert revoked.value.status == 200, f"revoking the other session: HTTP {revoked.value.status}"
    expect(sessions).to_have_count(1)

    other.goto("/account", wait_until="load")
    other.wait_for_url(path_is("/signin"))
    assert page_api(other, "GET", "/me")["status"] == 401
    assert me(page)["session"]["id"], "the first device was signed out too"

    # 全部退出: this device as well.
    with page.expect_response(is_api("POST", "/me/sessions/revoke-all")) as all_out:
        page.get_by_test_id("revoke-all").click()
    assert all_out.value.status == 200
    assert page_api(page, "GET", "/me")["status"] == 401, "still signed in after signing out everywhere"
    assert not errors, f"uncaught page errors: {errors}"


# ---- 4. staff -----------------------------------------------------------------------------------


def _choose_window(page: Any, window_code: str) -> None:
    field = page.get_by_test_id("verify-window")
    if field.evaluate("e => e.tagName") == "SELECT":
        options = field.evaluate("e => [...e.options].map(o => [o.value, o.textContent])")
        value = next((v for v, label in options if window_code in v or window_code in label), None)
        assert value is not None, f"window {window_code} is not offered: {options}"
        field.select_option(value)
    else:
        field.fill(window_code)


def test_staff_passkey_posts_and_in_person_check(new_context: Any, tb_server: Any) -> None:
    """The 临泉 clerk: signed in by code, /staff only says to use staff sign-in; with a passkey
    (PIN/fingerprint) staff sign-in shows only 341221 posts and verifies 张伟 in person at FY-LQ-W01."""
    clerk = DEMO_ACCOUNTS[CLERK]
    resident = DEMO_ACCOUNTS[RESIDENT]
    context = new_context("normal", **client_address())
    page = context.new_page()
    errors = page_errors(page)
    authenticator = Authenticator(context, page)

    open_page(page, "/signin", NORMAL)
    sign_in_by_code(page, tb_server, CLERK, NORMAL)
    page.wait_for_url(path_is("/account"))
    open_page(page, "/staff", NORMAL)
    main = page.locator("main")
    expect(main.locator("a[href^='/staff/signin']").first).to_be_visible()
    expect(page.get_by_test_id("staff-post")).to_have_count(0)
    expect(page.get_by_test_id("verify-submit")).to_have_count(0)
    assert page_api(page, "GET", "/staff/posts")["status"] in (401, 403), "a code session reads staff posts"
    screenshot(page, "identity-staff-code-only")

    open_page(page, "/account/passkeys", NORMAL)
    add_passkey(page, "窗口电脑")
    assert len(authenticator.credentials()) == 1
    open_page(page, "/account", NORMAL)
    sign_out(page)

    open_page(page, "/staff/signin", NORMAL)
    profile = passkey_sign_in(page, "staff-signin-passkey")
    assert "user" in profile["session"]["amr"], f"staff session without user verification: {profile['session']}"
    page.wait_for_url(path_is("/staff"))
    wait_ready(page, NORMAL)
    posts = page.get_by_test_id("staff-post")
    api_posts = page_api(page, "GET", "/staff/posts")["json"]["items"]
    assert api_posts and all(p["jurisdiction"].startswith(clerk["post"]["jurisdiction"]) for p in api_posts), api_posts
    expect(posts).to_have_count(len(api_posts))
    shown = " ".join(posts.all_inner_texts())
    others = {a["post"]["unit_code"] for a in DEMO_ACCOUNTS.values() if a.get("post")} - {clerk["post"]["unit_code"]}
    assert not [u for u in others if u in shown], f"posts outside 341221 are listed: {shown!r}"
    screenshot(page, "identity-staff-posts")

    _choose_window(page, clerk["post"]["unit_code"])
    page.get_by_test_id("verify-phone").fill(RESIDENT)
    page.get_by_test_id("verify-name").fill(resident["name"])
    page.get_by_test_id("verify-id-number").fill(resident["id_number"])
    with page.expect_response(is_api("POST", "/staff/verifications")) as verified:
        page.get_by_test_id("verify-submit").click()
    assert verified.value.status == 200, f"in-person check: HTTP {verified.value.status} {verified.value.text()[:300]}"
    result = page.get_by_test_id("verify-result")
    expect(result).to_contain_text("现场核验")  # the level in words, not “L3”
    expect(result).to_contain_text(HAN)  # in the page's language (zh_Hans)
    screenshot(page, "identity-staff-verified")
    note(f"[staff] {len(api_posts)} post(s) in 341221; in-person result: {' '.join(result.inner_text().split())}")
    assert not errors, f"uncaught page errors: {errors}"


# ---- 5. single sign-on consent ------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _authorize_url(client: Any) -> tuple[str, dict[str, str], str]:
    verifier = secrets.token_urlsafe(48)
    params = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": client.redirect_uri,
        "scope": "openid profile loa",
        "nonce": secrets.token_urlsafe(12),
        "state": secrets.token_urlsafe(12),
        "code_challenge": _b64url(hashlib.sha256(verifier.encode()).digest()),
        "code_challenge_method": "S256",
    }
    return "/oauth/authorize?" + urlencode(params), params, verifier


def _decide(page: Any, testid: str, client: Any) -> dict[str, str]:
    """Press allow or deny; the browser is sent back to the department system (caught by a route)."""
    page.get_by_test_id(testid).click()
    page.wait_for_url(lambda url: url.startswith(client.redirect_uri + "?"), wait_until="load")
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_oidc_consent_allow_and_deny(new_context: Any, tb_server: Any, oauth_client: Any) -> None:
    """A department system's sign-in: signed out → /signin?next=…; after the code → /consent with
    the system's name and scopes; deny → error=access_denied; allow → a code that, with the secret
    and the PKCE verifier, gives an ID token for this nonce."""
    context = new_context("normal", **client_address())
    page = context.new_page()
    errors = page_errors(page)
    page.route(
        "http://localhost:9/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>cb</title>"),
    )
    url, params, _verifier = _authorize_url(oauth_client)
    page.goto(url, wait_until="load")
    page.wait_for_url(path_is("/signin"))
    wait_ready(page, NORMAL)
    nxt = parse_qs(urlsplit(page.url).query).get("next", [""])[0]
    assert nxt.startswith("/oauth/authorize?") and params["state"] in nxt, f"next is {nxt!r}"

    sign_in_by_code(page, tb_server, "13800000003", NORMAL)
    page.wait_for_url(path_is("/consent"))
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("consent-client")).to_contain_text(oauth_client.name)
    expect(page.get_by_test_id("consent-scope")).to_have_count(3)
    screenshot(page, "identity-consent")

    denied = _decide(page, "consent-deny", oauth_client)
    assert denied.get("error") == "access_denied" and denied.get("state") == params["state"], denied

    url, params, verifier = _authorize_url(oauth_client)
    page.goto(url, wait_until="load")
    page.wait_for_url(path_is("/consent"))
    wait_ready(page, NORMAL)
    allowed = _decide(page, "consent-allow", oauth_client)
    assert allowed.get("code") and allowed.get("state") == params["state"], allowed

    token = requests.post(
        tb_server.base_url + "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": allowed["code"],
            "redirect_uri": oauth_client.redirect_uri,
            "code_verifier": verifier,
        },
        auth=(oauth_client.client_id, oauth_client.client_secret),
        timeout=10,
    )
    assert token.status_code == 200, f"/oauth/token: {token.status_code} {token.text[:300]}"
    id_token = token.json().get("id_token")
    assert id_token, f"no id_token in {token.json()}"
    claims = json.loads(base64.urlsafe_b64decode(id_token.split(".")[1] + "=="))
    assert claims["nonce"] == params["nonce"] and claims["aud"] in (oauth_client.client_id, [oauth_client.client_id])
    note(f"[oidc] id_token claims: {sorted(claims)}; acr {claims.get('acr')}")
    assert not errors, f"uncaught page errors: {errors}"


# ---- 7. kiosk -----------------------------------------------------------------------------------


def test_kiosk_sign_in_is_forgotten(new_context: Any, tb_server: Any, tb_base_url: str) -> None:
    """Signed in at a kiosk: a kiosk session, nothing stored; after the inactivity reset the person
    is signed out on the server and nothing is left in localStorage or IndexedDB."""
    context = new_context(None, **client_address())
    page = context.new_page()
    errors = page_errors(page)
    page.clock.install()  # fake timers that run in real time, so inactivity can be fast-forwarded
    open_page(page, "/signin?mode=kiosk", KIOSK)
    sign_in_by_code(page, tb_server, "13800000004", KIOSK)
    page.wait_for_url(path_is("/account"))
    wait_ready(page, KIOSK)
    session = me(page)["session"]
    assert session["kiosk"], f"a sign-in at the kiosk did not make a kiosk session: {session}"
    stored = page.evaluate(STORAGE_JS)
    assert stored["localStorage"] == [] and stored["indexedDB"] == [], f"kiosk stored data: {stored}"
    screenshot(page, "identity-kiosk-signed-in")

    page.clock.fast_forward("30:00")
    page.wait_for_url(re.compile(re.escape(tb_base_url) + r"/(\?.*)?$"), timeout=10_000)
    page.wait_for_function(
        "() => fetch('/api/v1/me', {credentials: 'same-origin'}).then(r => r.status === 401)", polling=250
    )
    stored = page.evaluate(STORAGE_JS)
    cookies = [c["name"] for c in context.cookies()]
    note(f"[kiosk sign-in] after reset: {stored}, cookies {cookies}")
    assert stored["localStorage"] == [] and stored["indexedDB"] == [], f"kiosk kept data after reset: {stored}"
    assert "tb_sid" not in cookies, "the session cookie is still there after the kiosk reset"
    assert not errors, f"uncaught page errors: {errors}"
