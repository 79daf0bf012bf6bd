"""Licences and mandates through the production front end (nginx with the production template, its CSP
and limits, in front of the session's gunicorn), as test_browser_cases_nginx.py does for applying:

- 张伟 shows a licence (亮证): the rotating QR and the static one, data: images under nginx's img-src;
- the clerk 陈静's scanner reads his presentation with the fake camera: the ZXing polyfill's WebAssembly,
  served from our origin, compiles under nginx's script-src ('wasm-unsafe-eval'), and the verdict is 有效;
- an agent's request carries Acting-For through nginx to the app (the son reads his father's cases).
No CSP violation and no page error may appear on the way.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import MODES, PHONE, client_address, open_page, page_api, storage_state
from playwright.sync_api import expect
from test_browser_cases_nginx import CSP_LISTENER
from test_browser_scan import CLERK, RESIDENT, camera_page, id_card, qr_video, verdict_of
from test_browser_sso_nginx import nginx_url  # noqa: F401  (the fixture: nginx in front of tb_server)
from test_browser_window import sign_in_by_code_api, staff_context

NORMAL = MODES["normal"]
SON = "13800000003"  # 王小明: an active mandate for his father 王建国 in the demo data


@pytest.fixture
def page_via_nginx(tb_browser: Any, nginx_url: str) -> Iterator[tuple[Any, list[str]]]:  # noqa: F811
    context = tb_browser.new_context(**PHONE, **client_address(), base_url=nginx_url,
                                     storage_state=storage_state(nginx_url, NORMAL.settings))
    context.set_default_timeout(20_000)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"[pageerror] {exc}"))
    try:
        yield page, problems
    finally:
        context.close()


def test_show_a_licence_and_scan_it_through_nginx(page_via_nginx: Any, nginx_url: str, tb_browser: Any,  # noqa: F811
                                                   tb_playwright: Any, tb_server: Any, tmp_path: Path) -> None:
    page, problems = page_via_nginx
    open_page(page, "/settings", NORMAL)
    sign_in_by_code_api(page, tb_server, RESIDENT)
    licence = id_card(page)
    open_page(page, f"/wallet/{licence['id']}/show", NORMAL)
    shown = page.get_by_test_id("show-qr")
    expect(shown).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", shown.element_handle()), "the QR draws"
    csp = [p for p in problems if "CSP violation" in p or "Content Security Policy" in p]
    assert not csp, csp

    made = page_api(page, "POST", f"/me/licences/{licence['id']}/presentations")
    assert made["status"] == 201, made
    clerk = staff_context(tb_browser, nginx_url, tb_server, CLERK)
    try:
        state = clerk.storage_state()
    finally:
        clerk.close()
    video = qr_video(made["json"]["qr"], tmp_path / "presentation.y4m")
    with camera_page(tb_playwright, video, nginx_url, state) as scanner:  # fails on any CSP message or page error
        assert scanner.evaluate("() => location.origin") == nginx_url
        scanner.get_by_test_id("scan-purpose-identity").check()
        scanner.get_by_test_id("scan-camera-start").click()
        box = verdict_of(scanner)
        expect(box).to_have_attribute("data-verdict", "valid")
        expect(scanner.get_by_test_id("verdict-holder")).to_have_text("张伟")
        assert scanner.evaluate("() => typeof window.BarcodeDetector") == "undefined", \
            "this Chromium has no BarcodeDetector: the bundled ZXing polyfill read the code"


def test_an_agent_reads_the_principals_cases_through_nginx(page_via_nginx: Any, tb_server: Any) -> None:
    page, problems = page_via_nginx
    open_page(page, "/settings", NORMAL)
    sign_in_by_code_api(page, tb_server, SON)
    mine = page_api(page, "GET", "/me/mandates")["json"]["as_agent"]
    active = [m for m in mine if m["status"] == "active" and m["principal"]["name"] == "王建国"]
    assert active, mine
    got = page.evaluate("""async (mandate) => {
        const r = await fetch('/api/v1/me/cases', {headers: {'Acting-For': mandate}, credentials: 'same-origin'});
        return {status: r.status};
    }""", active[0]["id"])
    assert got["status"] == 200, got
    refused = page.evaluate("""async () => {
        const r = await fetch('/api/v1/me/cases', {headers: {'Acting-For': 'MD0000000000'},
                                                   credentials: 'same-origin'});
        return {status: r.status, type: (await r.json()).type};
    }""")
    assert refused["status"] == 403 and refused["type"].endswith("mandate-unknown"), refused
    open_page(page, "/family", NORMAL)
    expect(page.locator("main")).to_contain_text("王建国")
    assert not [p for p in problems if "CSP" in p or "Content Security Policy" in p], problems
