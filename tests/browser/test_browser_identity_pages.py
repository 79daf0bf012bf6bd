"""The identity pages in normal, large-text and 长辈版 modes at phone size: screenshot and axe-core
WCAG 2.2 AA in each; in 长辈版 also the measurements of js/elder_metrics.js (the bar of
test_browser_pages.py). Signed-in pages use a resident (L1, fresh number) or a staff member with a
staff passkey session, both set up through the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from browser_support import (
    MODES,
    PHONE,
    Authenticator,
    api_add_passkey,
    api_passkey_sign_in,
    api_sign_in_by_code,
    client_address,
    elder_metrics,
    elder_problems,
    elder_summary,
    format_axe,
    fresh_phone,
    layout_metrics,
    note,
    open_page,
    run_axe,
    save_json,
    screenshot,
    storage_state,
)

# page → (path, who is signed in: None, "resident" or "staff")
IDENTITY_PAGES: dict[str, tuple[str, str | None]] = {
    "signin": ("/signin", None),
    "signup": ("/signup", None),
    "staff-signin": ("/staff/signin", None),
    "account": ("/account", "resident"),
    "account-passkeys": ("/account/passkeys", "resident"),
    "account-sessions": ("/account/sessions", "resident"),
    "consent": ("/consent", "resident"),
    "staff": ("/staff", "staff"),
}
AXE_MODES = ["normal", "large", "elder"]
STAFF_PHONE = "13800000012"  # 赵磊, clerk at 太和县 (FY-TH-W01); the other identity tests use 临泉


@pytest.fixture(scope="module")
def signed_in_cookies(tb_browser: Any, tb_base_url: str, tb_server: Any) -> dict[str, list[dict[str, Any]]]:
    """Session cookies of a resident (fresh sign-up, L1) and of a staff passkey session."""
    cookies: dict[str, list[dict[str, Any]]] = {}
    for who in ("resident", "staff"):
        context = tb_browser.new_context(**PHONE, **client_address(), base_url=tb_base_url)
        context.set_default_timeout(15_000)
        try:
            page = context.new_page()
            open_page(page, "/settings")
            if who == "resident":
                api_sign_in_by_code(page, tb_server, fresh_phone("136"), signup=True)
            else:
                Authenticator(context, page)
                api_sign_in_by_code(page, tb_server, STAFF_PHONE)
                api_add_passkey(page, "窗口电脑")
                api_passkey_sign_in(page, staff=True)
            cookies[who] = context.cookies()
        finally:
            context.close()
    return cookies


@pytest.fixture(scope="module")
def identity_contexts(
    tb_browser: Any, tb_base_url: str, signed_in_cookies: dict[str, list[dict[str, Any]]]
) -> Iterator[dict[tuple[str, str | None], Any]]:
    """One phone-sized context per (mode, who), made when first needed."""
    made: dict[tuple[str, str | None], Any] = {}

    class Contexts(dict[tuple[str, str | None], Any]):
        def __missing__(self, key: tuple[str, str | None]) -> Any:
            mode, who = key
            state = storage_state(tb_base_url, MODES[mode].settings)
            state["cookies"] = signed_in_cookies[who] if who else []
            context = tb_browser.new_context(**PHONE, base_url=tb_base_url, storage_state=state)
            context.set_default_timeout(15_000)
            made[key] = self[key] = context
            return context

    try:
        yield Contexts()
    finally:
        for context in made.values():
            context.close()


@pytest.fixture(scope="module")
def consent_query(oauth_client: Any) -> str:
    return urlencode(
        {
            "response_type": "code",
            "client_id": oauth_client.client_id,
            "redirect_uri": oauth_client.redirect_uri,
            "scope": "openid profile loa",
            "nonce": "n-axe",
            "state": "s-axe",
            "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            "code_challenge_method": "S256",
        }
    )


def _open(contexts: Any, mode_name: str, page_name: str, consent_query: str) -> Any:
    path, who = IDENTITY_PAGES[page_name]
    if page_name == "consent":
        path += "?" + consent_query
    page = contexts[(mode_name, who)].new_page()
    page.tb_errors = []
    page.on("pageerror", lambda exc: page.tb_errors.append(str(exc)))
    open_page(page, path, MODES[mode_name])
    assert page.url.split("?")[0].endswith(path.split("?")[0]), f"{path} went to {page.url}"
    return page


@pytest.mark.parametrize("page_name", list(IDENTITY_PAGES))
@pytest.mark.parametrize("mode_name", AXE_MODES)
def test_identity_axe_wcag22_aa(identity_contexts: Any, consent_query: str, mode_name: str, page_name: str) -> None:
    """No axe-core violation of WCAG 2.0/2.1/2.2 A and AA on the identity pages, in each mode."""
    page = _open(identity_contexts, mode_name, page_name, consent_query)
    try:
        screenshot(page, f"{mode_name}-identity-{page_name}")
        violations = run_axe(page)
        save_json(f"axe-{mode_name}-identity-{page_name}", violations)
        assert not page.tb_errors, f"uncaught page errors: {page.tb_errors}"
        assert not violations, (
            f"axe found {len(violations)} WCAG 2.2 A/AA violation(s) on {page_name} in {mode_name} mode:\n"
            + format_axe(violations)
        )
    finally:
        page.close()


@pytest.mark.parametrize("page_name", list(IDENTITY_PAGES))
def test_identity_elder_measurements(identity_contexts: Any, consent_query: str, page_name: str) -> None:
    """长辈版: text ≥ 18px, targets ≥ 60×60, contrast ≥ 4.5, line height ≥ 1.3, read-aloud, help, no popup."""
    page = _open(identity_contexts, "elder", page_name, consent_query)
    try:
        m = elder_metrics(page)
        m["layout"] = layout_metrics(page)
        save_json(f"elder-identity-{page_name}", m)
        note(elder_summary(f"identity {page_name}", m))
        problems = elder_problems(m)
        assert not problems, f"长辈版 bar not met on {page_name} ({m['url']}):\n- " + "\n- ".join(problems)
    finally:
        page.close()
