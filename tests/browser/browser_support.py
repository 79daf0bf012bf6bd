"""Shared pieces of the browser tests: modes, pages, page loading, axe and the measurement scripts.

Fixtures live in conftest.py; this module holds plain functions the tests import.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ARTIFACTS = Path(os.environ.get("TONGBAN_TEST_ARTIFACTS", REPO / "test-artifacts"))
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
ELDER_METRICS_JS = (HERE / "js" / "elder_metrics.js").read_text(encoding="utf-8")
LAYOUT_METRICS_JS = (HERE / "js" / "layout_metrics.js").read_text(encoding="utf-8")

# The accessibility bar of DESIGN.md §9: WCAG 2.2 AA (axe runs every A/AA rule of 2.0, 2.1, 2.2).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# 长辈版 thresholds (MIIT elder-friendly rules, 2021; see js/elder_metrics.js for the sources).
ELDER_MIN_FONT_PX = 18.0
ELDER_MIN_TARGET_PX = 60.0
ELDER_MIN_CONTRAST = 4.5
ELDER_MIN_LINE_HEIGHT = 1.3

PHONE_WIDTH = 360
PHONE: dict[str, Any] = {
    "viewport": {"width": PHONE_WIDTH, "height": 800},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
    "color_scheme": "light",
    "reduced_motion": "reduce",
}


@dataclass(frozen=True)
class Mode:
    """One way a person uses the PWA; `settings` is what the PWA keeps in localStorage `tb.settings`."""

    name: str
    settings: dict[str, Any] | None  # None: nothing stored (kiosk is selected by the URL instead)
    url_mode: str | None = None  # ?mode=… added to every URL
    data_mode: str = "normal"  # expected <html data-mode>
    text_scale: str | None = None  # expected <html data-text-scale>


MODES: dict[str, Mode] = {
    "normal": Mode("normal", {"lang": "zh_Hans", "textScale": 1, "elder": False}, text_scale="1"),
    "large": Mode("large", {"lang": "zh_Hans", "textScale": 2, "elder": False}, text_scale="2"),
    "elder": Mode("elder", {"lang": "zh_Hans", "textScale": 1, "elder": True}, data_mode="elder"),
    "kiosk": Mode("kiosk", None, url_mode="kiosk", data_mode="kiosk"),
}

PAGES = ["home", "search", "guide", "lists", "list", "list-version", "settings"]


@dataclass(frozen=True)
class DemoRefs:
    """Real codes from the demo data, looked up through the API, so the pages show real content."""

    hukou_code: str  # a matter whose name contains 户口迁移
    hukou_name: str
    hukou_materials: list[str]
    list_code: str
    list_version: int

    def path(self, page: str) -> str:
        return {
            "home": "/",
            "search": "/search?" + urlencode({"q": "户口"}),
            "guide": f"/matters/{self.hukou_code}",
            "lists": "/lists",
            "list": f"/lists/{self.list_code}",
            "list-version": f"/lists/{self.list_code}/versions/{self.list_version}",
            "settings": "/settings",
        }[page]


def with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def storage_state(base_url: str, settings: dict[str, Any] | None) -> dict[str, Any]:
    origins = []
    if settings is not None:
        origins.append(
            {
                "origin": base_url,
                "localStorage": [{"name": "tb.settings", "value": json.dumps(settings)}],
            }
        )
    return {"cookies": [], "origins": origins}


# The page is ready when the app has rendered its <main> with a heading, nothing is marked busy or
# loading (the PWA's <Loading> is `.loading`), and the web fonts are in: screenshots and
# measurements then see the page a person sees.
_READY_JS = """() => {
  const main = document.querySelector('main');
  if (!main || !main.querySelector('h1')) return false;
  if (document.querySelector('[aria-busy="true"], main .loading')) return false;
  return document.fonts.status === 'loaded';
}"""


def open_page(page: Any, url: str, mode: Mode | None = None, timeout: float = 15_000) -> Any:
    """Navigate and wait until the page is rendered and quiet, then check the mode took effect."""
    response = page.goto(url, wait_until="load", timeout=timeout)
    wait_ready(page, mode, timeout)
    return response


def wait_ready(page: Any, mode: Mode | None = None, timeout: float = 15_000) -> None:
    """Wait for the current page to render and go quiet; check <html> carries the expected mode."""
    page.wait_for_function(_READY_JS, timeout=timeout)
    page.wait_for_load_state("networkidle", timeout=timeout)
    page.wait_for_function(_READY_JS, timeout=timeout)
    if mode is not None:
        html = page.evaluate("""() => ({mode: document.documentElement.dataset.mode || null,
                                       scale: document.documentElement.dataset.textScale || null})""")
        where = page.url
        assert html["mode"] == mode.data_mode, f"{where}: <html data-mode> is {html['mode']!r}, want {mode.data_mode!r}"
        if mode.text_scale is not None:
            assert html["scale"] == mode.text_scale, (
                f"{where}: <html data-text-scale> is {html['scale']!r}, want {mode.text_scale!r}"
            )


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    return path


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Inject the local axe-core (no CDN) and return its WCAG 2.2 A/AA violations.

    page.evaluate runs over the DevTools protocol, so the app's Content-Security-Policy neither
    blocks the injection nor has to be bypassed for the whole context.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result: list[dict[str, Any]] = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
             .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})))""",
        AXE_TAGS,
    )
    return result


def format_axe(violations: list[dict[str, Any]], max_nodes: int = 8) -> str:
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} [{v['impact']}] {v['help']} ({len(v['nodes'])} nodes)")
        for node in v["nodes"][:max_nodes]:
            summary = " ".join((node["summary"] or "").split())[:220]
            lines.append(f"      {node['target']}  — {summary}")
    return "\n".join(lines)


def elder_metrics(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        ELDER_METRICS_JS,
        {
            "minFontPx": ELDER_MIN_FONT_PX,
            "minTarget": ELDER_MIN_TARGET_PX,
            "minContrast": ELDER_MIN_CONTRAST,
            "minLineHeight": ELDER_MIN_LINE_HEIGHT,
        },
    )
    return result


def layout_metrics(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(LAYOUT_METRICS_JS, {"width": PHONE_WIDTH})
    return result


# Measured numbers, printed together at the end of the run (conftest's terminal summary).
SUMMARY: list[str] = []


def note(line: str) -> None:
    print(line)
    SUMMARY.append(line)


def dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1)


def save_json(name: str, obj: Any) -> None:
    (ARTIFACTS / "browser").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "browser" / f"{name}.json").write_text(dump(obj), encoding="utf-8")


# ---- checks of a shown page: axe, the 长辈版 bar, one page in one mode, the kiosk walk ---------------

# (what, failures list, count, message) for each measured bar; a non-empty list is a problem.
_ELDER_BARS = [
    ("font", "small", "smallCount", f"main-content text element(s) under {ELDER_MIN_FONT_PX}px"),
    ("targets", "failures", "failureCount", f"target(s) under {ELDER_MIN_TARGET_PX}×{ELDER_MIN_TARGET_PX}px"),
    ("contrast", "failures", "failureCount", f"text element(s) under {ELDER_MIN_CONTRAST}:1 contrast"),
    (
        "lineHeight",
        "failures",
        "failureCount",
        f"text element(s) with line-height under {ELDER_MIN_LINE_HEIGHT}",
    ),
]


def elder_problems(m: dict[str, Any]) -> list[str]:
    problems = []
    if not m["hasMain"] or not m["mainTextCount"]:
        problems.append("no <main> with visible text to measure")
    for key, listed, count, message in _ELDER_BARS:
        if m[key][count]:
            problems.append(f"{m[key][count]} {message}: " + dump(m[key][listed]))
    if m["contrast"]["indeterminate"]:
        problems.append(
            "text over a background image (contrast cannot be checked; avoid it in 长辈版): "
            + dump(m["contrast"]["indeterminate"])
        )
    for testid, key in (("read-aloud", "readAloud"), ("help", "help")):
        if not m[key]["visible"]:
            problems.append(f"no visible [data-testid={testid}] control")
    if m["help"]["visible"] and not m["help"]["inFirstScreen"]:
        problems.append("help is not within the first screen (must be one tap away): " + dump(m["help"]))
    layout = m.get("layout")
    if layout and (layout["scrollWidth"] > layout["deviceWidth"] + 1 or layout["overflowCount"]):
        problems.append(
            f"the page is wider than the {layout['deviceWidth']}px phone (scrollWidth {layout['scrollWidth']}): "
            + dump(layout["overflowing"])
        )
    if m["popups"]:
        problems.append("pop-ups (dialogs or fixed overlays) are not allowed: " + dump(m["popups"]))
    return problems


def elder_summary(page_name: str, m: dict[str, Any]) -> str:
    def val(d: dict[str, Any] | None, key: str) -> str:
        return "-" if not d else str(d[key])

    t = m["targets"]["min"]
    target = "-" if not t else f"{t['w']}×{t['h']} ({t['element']})"
    return (
        f"[长辈版 {page_name}] min font {val(m['font']['min'], 'px')}px in main "
        f"(page {val(m['font']['minPage'], 'px')}px); min target {target} of {m['targets']['count']}; "
        f"min contrast {val(m['contrast']['min'], 'ratio')}:1; "
        f"min line-height {val(m['lineHeight']['min'], 'ratio')}; "
        f"read-aloud {'yes' if m['readAloud']['visible'] else 'NO'}, "
        f"help {'yes' if m['help']['visible'] else 'NO'}"
        f"{' (first screen)' if m['help']['inFirstScreen'] else ''}; popups {len(m['popups'])}; "
        f"fixed/sticky {len(m['fixed'])}"
    )


def check_axe(page: Any, name: str) -> None:
    violations = run_axe(page)
    save_json(f"axe-{name}", violations)
    assert not violations, f"axe found {len(violations)} WCAG 2.2 A/AA violation(s) on {name}:\n" + format_axe(
        violations
    )


def check_elder(page: Any, name: str) -> None:
    m = elder_metrics(page)
    m["layout"] = layout_metrics(page)
    save_json(f"elder-{name}", m)
    note(elder_summary(name, m))
    problems = elder_problems(m)
    assert not problems, f"长辈版 bar not met on {name} ({m['url']}):\n- " + "\n- ".join(problems)


def check_page_in_mode(
    browser: Any,
    base_url: str,
    path: str,
    mode_name: str,
    cookies: list[dict[str, Any]],
    label: str,
    ready: str | Callable[[Any], object] | None = None,
) -> None:
    """Open `path` on a phone of its own in `mode_name` (its settings stored, `cookies` set) and check it:
    still at `path` (not sent to sign-in), a screenshot, axe WCAG 2.2 AA, no sideways scroll, in 长辈版
    the measurements, no uncaught page error. Artifacts are named `{mode_name}-{label}` (the 长辈版
    measurements `label`). `ready`, once the page is quiet: a test id that must be visible, or a
    function given the page that checks what it shows."""
    from playwright.sync_api import expect

    mode = MODES[mode_name]
    state = storage_state(base_url, mode.settings)
    state["cookies"] = cookies
    context = browser.new_context(**PHONE, base_url=base_url, storage_state=state)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        open_page(page, path, mode)
        if isinstance(ready, str):
            expect(page.get_by_test_id(ready).first).to_be_visible()
        elif ready is not None:
            ready(page)
        assert page.url.split("?")[0].endswith(path.split("?")[0]), f"{path} went to {page.url}"
        screenshot(page, f"{mode_name}-{label}")
        check_axe(page, f"{mode_name}-{label}")
        layout = layout_metrics(page)
        assert layout["scrollWidth"] <= layout["deviceWidth"] + 1, f"sideways scroll on {path}: {layout['overflowing']}"
        if mode_name == "elder":
            check_elder(page, label)
        assert not errors, f"uncaught page errors: {errors}"
    finally:
        context.close()


def kiosk_search_to_guide(page: Any) -> None:
    """The kiosk walk: `/?mode=kiosk`, a search for 户口, the first guide found, ready and still a kiosk."""
    from playwright.sync_api import expect

    kiosk = MODES["kiosk"]
    open_page(page, "/?mode=kiosk", kiosk)
    box = page.get_by_test_id("search-input")
    box.fill("户口")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    link = page.get_by_test_id("matter-link").first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r"/matters/[^?]+$"))
    wait_ready(page, kiosk)


# ---- identity: demo people, phone codes, passkeys, the API from inside the page ----------------

IDENTITY_DATA = REPO / "backend" / "tongban"
# name → ID number of the sandbox real-name registry (made-up people, valid check digits).
REGISTRY: dict[str, str] = {
    p["name"]: p["id_number"]
    for p in json.loads((IDENTITY_DATA / "identity" / "demo_registry.json").read_text(encoding="utf-8"))["people"]
}
# phone → demo account (name, id_number, post) from the demo data.
DEMO_ACCOUNTS: dict[str, dict[str, Any]] = {
    p["phone"]: p
    for p in json.loads((IDENTITY_DATA / "demo" / "data" / "accounts.json").read_text(encoding="utf-8"))["people"]
}

# A code stands alone: not six digits inside a case number or the signing text's hex digest ("123456ab").
_CODE_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(?![0-9A-Za-z])")


def fresh_phone(prefix: str = "137") -> str:
    """A mobile number nobody has used in this run (the database is new for every run)."""
    import secrets

    return prefix + "".join(str(secrets.randbelow(10)) for _ in range(11 - len(prefix)))


_ADDRESSES = iter(range(1, 1_000_000))


def client_address() -> dict[str, str]:
    """Context options that give the browser its own client address (TEST-NET-3, RFC 5737).

    Behind nginx every phone has its own address; here every browser comes from 127.0.0.1, and the
    per-address limits (20 SMS codes an hour, 30 sign-ins in 15 minutes) would be shared by the
    whole run. The app trusts one proxy hop (ProxyFix x_for=1), as it does behind nginx.
    """
    n = next(_ADDRESSES)
    return {"extra_http_headers": {"X-Forwarded-For": f"203.0.{113 + n // 250}.{n % 250 + 1}"}}


def outbox(server: Any, phone: str) -> list[dict[str, Any]]:
    """The sandbox SMS messages to `phone`, newest first."""
    return [m for m in server.get_json("/api/v1/dev/outbox")["items"] if m["phone"] == phone]


def outbox_code(server: Any, phone: str, after_id: int = 0) -> str:
    """The 6-digit code of the newest sandbox message to `phone` (newer than `after_id`)."""
    messages = [m for m in outbox(server, phone) if m["id"] > after_id]
    assert messages, f"no sandbox SMS to {phone} after message {after_id}"
    found = _CODE_RE.search(messages[0]["body"])
    assert found, f"no 6-digit code in the sandbox SMS {messages[0]['body']!r}"
    return found.group(1)


def last_outbox_id(server: Any, phone: str) -> int:
    return max((m["id"] for m in outbox(server, phone)), default=0)


def api_path(url: str) -> str:
    return urlsplit(url).path


def is_api(method: str, path: str) -> Any:
    """A predicate for page.expect_response: this method on /api/v1<path> (path may end with *)."""
    full = "/api/v1" + path

    def match(response: Any) -> bool:
        got = api_path(response.url)
        hit = got.startswith(full[:-1]) if full.endswith("*") else got == full
        return hit and response.request.method == method

    return match


# fetch() from inside the page, as the PWA does it: same-origin cookies, X-CSRF-Token from the
# readable tb_csrf cookie (asked for once with a GET when the visit has none yet).
_API_JS = """async ([method, path, body]) => {
  const csrf = () => (document.cookie.split('; ').find(c => c.startsWith('tb_csrf=')) || '').slice(8);
  if (method !== 'GET' && !csrf()) await fetch('/api/v1/health', {credentials: 'same-origin'});
  const res = await fetch('/api/v1' + path, {
    method, credentials: 'same-origin',
    headers: method === 'GET' ? {Accept: 'application/json'}
      : {'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf())},
    body: method === 'GET' ? undefined : JSON.stringify(body || {}),
  });
  let json = null;
  try { json = await res.json(); } catch (e) { json = null; }
  return {status: res.status, json};
}"""


def page_api(page: Any, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """Call /api/v1<path> from the page (its cookies and CSRF token); returns {status, json}."""
    result: dict[str, Any] = page.evaluate(_API_JS, [method, path, body])
    return result


def api_sign_in_by_code(page: Any, server: Any, phone: str, *, signup: bool = False, kiosk: bool = False) -> Any:
    """Sign up or sign in through the API from the page (set-up for tests about other things)."""
    purpose = "signup" if signup else "signin"
    before = last_outbox_id(server, phone)
    sent = page_api(page, "POST", "/auth/codes", {"phone": phone, "purpose": purpose})
    assert sent["status"] == 202, f"sending a {purpose} code to {phone}: {sent}"
    code = outbox_code(server, phone, before)
    done = page_api(
        page, "POST", "/auth/signup" if signup else "/auth/signin/code", {"phone": phone, "code": code, "kiosk": kiosk}
    )
    assert done["status"] in (200, 201), f"{purpose} of {phone}: {done}"
    return done["json"]


class Authenticator:
    """Chromium's virtual WebAuthn authenticator (DevTools protocol) for one page: a platform
    authenticator with resident keys and user verification (a phone's fingerprint or PIN) that
    answers every ceremony by itself."""

    OPTIONS = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }

    def __init__(self, context: Any, page: Any) -> None:
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("WebAuthn.enable", {"enableUI": False})
        self.id = self.cdp.send("WebAuthn.addVirtualAuthenticator", {"options": self.OPTIONS})["authenticatorId"]

    def credentials(self) -> list[dict[str, Any]]:
        got: list[dict[str, Any]] = self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": self.id})[
            "credentials"
        ]
        return got

    def add_credential(self, credential: dict[str, Any]) -> None:
        """Put a passkey exported from another authenticator here (the same passkey, synced)."""
        self.cdp.send("WebAuthn.addCredential", {"authenticatorId": self.id, "credential": credential})

    def remove(self) -> None:
        self.cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": self.id})


# Chromium's virtual authenticator answers a conditional ("autofill") passkey request at once, as
# if the person had picked the passkey offered in the phone field, so /signin would sign in by
# itself on load. To press the 用通行密钥登录 button instead, as a person who ignores the offer
# does, the context reports conditional mediation as unavailable (as browsers without it do).
NO_PASSKEY_AUTOFILL_JS = """(() => {
  if (typeof PublicKeyCredential !== 'undefined')
    PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
})();"""


def no_passkey_autofill(context: Any) -> None:
    """Pages opened from now on in `context` offer no passkey autofill (see NO_PASSKEY_AUTOFILL_JS)."""
    context.add_init_script(NO_PASSKEY_AUTOFILL_JS)


# What a page keeps in the browser (kiosk mode must keep nothing of the person).
STORAGE_JS = """async () => ({
  localStorage: Object.keys(localStorage),
  sessionStorage: Object.keys(sessionStorage),
  indexedDB: (await indexedDB.databases()).map(d => d.name),
})"""


# Passkey ceremonies straight against the API, for set-up only (the tests of the pages click their
# buttons instead). Chromium has PublicKeyCredential.parse*OptionsFromJSON and credential.toJSON().
_PASSKEY_JS = """async ([kind, staff, name]) => {
  const csrf = () => decodeURIComponent(
    (document.cookie.split('; ').find(c => c.startsWith('tb_csrf=')) || '').slice(8));
  const post = async (path, body) => {
    const res = await fetch('/api/v1' + path, {method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf()},
      body: JSON.stringify(body)});
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(path + ': ' + res.status + ' ' + JSON.stringify(json));
    return json;
  };
  if (!csrf()) await fetch('/api/v1/health', {credentials: 'same-origin'});
  if (kind === 'register') {
    const o = await post('/me/passkeys/options', {});
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(o.publicKey);
    const cred = await navigator.credentials.create({publicKey});
    return post('/me/passkeys', {handle: o.handle, credential: cred.toJSON(), name});
  }
  const o = await post('/auth/passkey/options', {staff});
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(o.publicKey);
  const cred = await navigator.credentials.get({publicKey});
  return post('/auth/passkey', {handle: o.handle, credential: cred.toJSON(), staff});
}"""


def api_add_passkey(page: Any, name: str = "test") -> dict[str, Any]:
    """Register a passkey for the signed-in person (the page needs an Authenticator)."""
    result: dict[str, Any] = page.evaluate(_PASSKEY_JS, ["register", False, name])
    return result


def api_passkey_sign_in(page: Any, *, staff: bool = False) -> dict[str, Any]:
    """Sign in with the passkey in the page's Authenticator; returns the profile."""
    result: dict[str, Any] = page.evaluate(_PASSKEY_JS, ["signin", staff, ""])
    return result
