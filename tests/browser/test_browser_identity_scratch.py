from browser_support import *
from test_browser_identity import *

def test_scratch(new_context, tb_server):
    context = new_context("normal")
    page = context.new_page()
    page.on("console", lambda m: print("CONSOLE", m.text))
    page.on("request", lambda r: print("REQ", r.method, r.url) if "/api/" in r.url else None)
    auth = Authenticator(context, page)
    open_page(page, "/", NORMAL)
    api_sign_in_by_code(page, tb_server, fresh_phone(), signup=True)
    api_add_passkey(page)
    page_api(page, "POST", "/auth/signout", {})
    auth.cdp.send("WebAuthn.setAutomaticPresenceSimulation", {"authenticatorId": auth.id, "enabled": False})
    open_page(page, "/signin", NORMAL)
    print("URL after load", page.url)
    with page.expect_response(is_api("POST", "/auth/passkey/options")):
        page.get_by_test_id("signin-passkey").click()
    print("clicked; URL", page.url)
    import time; time.sleep(1)
    print("URL after 1s", page.url, page.get_by_test_id("signin-passkey").inner_text())
    with page.expect_response(is_api("POST", "/auth/passkey")) as done:
        auth.cdp.send("WebAuthn.setAutomaticPresenceSimulation", {"authenticatorId": auth.id, "enabled": True})
    print("done", done.value.status, page.url)
    page.wait_for_url(path_is("/account"))
