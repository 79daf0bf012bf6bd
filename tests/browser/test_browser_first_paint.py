"""First paint and stability (issue 10), in Debian's Chromium against the built PWA.

- The shell and the home page are in index.html (rendered at build time): they show with JavaScript
  off, and the person's settings are on <html> before the app's code runs (src/boot.ts, a blocking
  classic script: the CSP allows no inline one).
- A signed-out visit asks who is signed in without a 401, and logs no console error.
- A guide's content arriving late moves nothing in view (CLS from a PerformanceObserver ≤ 0.05), and
  what its first screen does without (办事去哪's windows, the service worker) waits until it is painted.
- Only the language in use is fetched, and the staff, window, wallet and scanner pages are chunks of
  their own that the home page never asks for.

Speed itself is bench/lighthouse's job: nothing here is timed.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from browser_support import MODES, REPO, DemoRefs, wait_ready
from playwright.sync_api import expect

DIST = Path(os.environ.get("TONGBAN_PWA_DIST", REPO / "pwa" / "dist"))
# Sums layout shifts the way CLS counts them (not within 500 ms of input), from the first one.
CLS_JS = """(() => {
  window.__tbShifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      window.__tbShifts.push({ value: e.value, nodes: (e.sources || []).map((s) =>
        s.node ? `${s.node.nodeName}.${s.node.className || ''}` : '?') });
    }
  }).observe({ type: 'layout-shift', buffered: true });
})()"""
LAZY_PAGES = ("Staff", "StaffQueue", "StaffCase", "Reception", "Wallet", "LicencePage", "ScanPage", "zxing",
              "MandatesNew", "MandatesLookup", "Family", "Signin", "Account")


def _asset_requests(page: Any) -> list[str]:
    got: list[str] = []
    page.on("request", lambda r: got.append(r.url.split("/assets/", 1)[1]) if "/assets/" in r.url else None)
    return got


def _problems(page: Any) -> list[str]:
    """Console errors, uncaught exceptions and HTTP errors of a page, as they happen."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.append(f"pageerror: {e}"))
    page.on("response", lambda r: seen.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    return seen


def _catalogue_chunks(files: list[str]) -> set[str]:
    return {m.group(1) for f in files if (m := re.match(r"_tb-i18n_(\w+?-(?:core|rest))-", f))}


def test_the_home_page_shows_without_javascript(new_context: Any) -> None:
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    expect(page.locator("h1")).to_have_text("跨省通办 · 全市通办")
    expect(page.get_by_role("searchbox")).to_be_visible()
    for zone in ("kstb", "yrd", "citywide"):
        expect(page.get_by_test_id(f"zone-{zone}")).to_be_visible()
    expect(page.get_by_role("navigation").get_by_role("link", name="清单")).to_be_visible()
    expect(page.locator("footer")).to_contain_text("12345")
    assert page.locator("#app").get_attribute("data-prerendered") == "home"
    # The search form works without the app too: an ordinary GET to /search.
    assert page.locator("form[role=search]").get_attribute("action") == "/search"


def test_settings_are_on_the_page_before_the_app_runs(new_context: Any) -> None:
    """With the app's code held back, <html> already carries what the boot script read."""
    entry = re.search(r'<script type="module"[^>]*src="/(assets/[^"]+)"', (DIST / "index.html").read_text("utf-8"))
    assert entry, "index.html has no module script"
    cases = [
        ("normal", "/", {"data-mode": "normal", "data-text-scale": "1", "lang": "zh-Hans", "data-prerender": None}),
        ("elder", "/", {"data-mode": "elder", "data-elder": "true", "data-prerender": "hide"}),
        ("large", "/matters/X", {"data-mode": "normal", "data-text-scale": "2", "data-prerender": "hide"}),
        ("normal", "/lists", {"data-mode": "normal", "data-prerender": "shell"}),
        (None, "/?lang=en", {"lang": "en", "data-prerender": "hide"}),
    ]
    for mode, path, want in cases:
        context = new_context(mode)
        context.route(f"**/{entry.group(1)}", lambda route: route.abort())
        page = context.new_page()
        page.goto(path)
        got = {name: page.locator("html").get_attribute(name) for name in want}
        assert got == want, f"{mode} {path}: <html> {got}, want {want}"
        if want.get("data-prerender") == "shell":  # another route: the shell, not the home page's content
            expect(page.locator("header.site-header")).to_be_visible()
            expect(page.locator("h1")).to_be_hidden()
        context.close()


def test_a_signed_out_visit_logs_no_error_and_no_401(new_context: Any, demo: DemoRefs) -> None:
    context = new_context("normal")
    page = context.new_page()
    problems = _problems(page)
    asked: list[tuple[str, int]] = []
    page.on("response", lambda r: asked.append((r.url, r.status)) if "/api/v1/auth/session" in r.url else None)
    for path in ("/", demo.path("guide"), "/lists"):
        page.goto(path)
        wait_ready(page, MODES["normal"])
    expect(page.get_by_test_id("nav-signin")).to_be_visible()  # the app knows: nobody is signed in
    assert asked and all(status == 200 for _, status in asked), asked
    assert not problems, "\n".join(problems)


class Held:
    """Requests held back until the test lets them go (then, and from then on, they go through)."""

    def __init__(self) -> None:
        self.routes: list[Any] = []
        self.released = False

    def __call__(self, route: Any) -> None:
        if self.released:
            route.continue_()
        else:
            self.routes.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.routes:
            route.continue_()


def _painted(page: Any) -> None:
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


# Where the page's landmarks are, relative to the screen (their top edge, CSS pixels).
TOPS_JS = """() => Object.fromEntries(['header.site-header', 'main#main', 'footer.site-footer'].map((sel) => {
  const el = document.querySelector(sel);
  return [sel, el ? el.getBoundingClientRect().top : null];
}))"""


def test_a_guide_arriving_late_moves_nothing_in_view(new_context: Any, demo: DemoRefs) -> None:
    """The guide's content is held back until the page has been painted with it still loading."""
    context = new_context("normal", service_workers="block")
    context.add_init_script(script=CLS_JS)
    held = Held()
    context.route(re.compile(r".*/api/v1/matters/[^/?]+\?.*"), held)
    page = context.new_page()
    page.goto(demo.path("guide"), wait_until="domcontentloaded")
    expect(page.locator("#app:not([data-prerendered]) main .loading")).to_be_visible()  # the app, waiting
    _painted(page)
    before, height = page.evaluate(TOPS_JS), page.evaluate("innerHeight")
    held.release()
    wait_ready(page, MODES["normal"])
    expect(page.locator("h1")).to_contain_text(demo.hukou_name)
    _painted(page)
    after = page.evaluate(TOPS_JS)
    # What was on screen while the guide loaded is where it was (the footer was below the fold).
    moved = {sel: (top, after[sel]) for sel, top in before.items()
             if top is not None and top < height and abs(after[sel] - top) > 1}
    assert not moved, f"moved on screen when the guide arrived (top before, after): {moved}"
    shifts = page.evaluate("window.__tbShifts")
    cls = sum(s["value"] for s in shifts)
    assert cls <= 0.05, f"layout shift while the guide loaded: CLS {cls:.3f}\n{json.dumps(shifts, indent=1)}"


# The page's largest-contentful-paint candidates and the resources it asked for, on its own clock.
LCP_JS = """(() => {
  window.__tbLcp = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__tbLcp.push(e.startTime);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
})()"""
_TIMES_JS = """() => ({ lcp: window.__tbLcp,
  asked: performance.getEntriesByType('resource').map((r) => ({ url: r.name, start: r.startTime })) })"""
_SW_READY_JS = """() => Promise.race([navigator.serviceWorker.ready.then(() => true),
  new Promise((resolve) => setTimeout(() => resolve(false), 15000))])"""
# What a guide's first screen does without (src/later.ts): the windows of 办事去哪 at its end, and the
# service worker (workbox-window, then the worker's precache).
AFTER_FIRST_SCREEN = re.compile(r"/api/v1/(centres|regions|agency-points)\b|/assets/workbox-window[.-]")


def test_a_guide_asks_for_its_windows_and_the_worker_after_its_content_is_painted(
    new_context: Any, demo: DemoRefs
) -> None:
    """办事去哪's windows and the service worker's registration wait until the guide's content is on
    screen (its largest paint), then come: the list is there, the worker registered, nothing moved."""
    context = new_context("normal")
    context.add_init_script(script=CLS_JS)
    context.add_init_script(script=LCP_JS)
    page = context.new_page()
    page.goto(demo.path("guide"))
    wait_ready(page, MODES["normal"])
    expect(page.locator("h1")).to_contain_text(demo.hukou_name)
    expect(page.get_by_test_id("where-to-apply").get_by_test_id("window-places")).to_be_attached()
    assert page.evaluate(_SW_READY_JS), "no service worker registered within 15 s"
    times = page.evaluate(_TIMES_JS)
    assert times["lcp"], "no largest-contentful-paint entry"
    painted = max(times["lcp"])  # the guide's content: its head and summary
    later = [a for a in times["asked"] if AFTER_FIRST_SCREEN.search(a["url"])]
    kinds = {m.group(1) or "workbox-window" for a in later if (m := AFTER_FIRST_SCREEN.search(a["url"]))}
    assert {"centres", "regions", "workbox-window"} <= kinds, f"not asked for at all: {sorted(kinds)}"
    early = [f"{a['url']} at {a['start']:.0f} ms" for a in later if a["start"] <= painted]
    assert not early, f"asked for before the guide's content was painted ({painted:.0f} ms): {early}"
    shifts = page.evaluate("window.__tbShifts")
    assert sum(s["value"] for s in shifts) <= 0.05, json.dumps(shifts, indent=1)


def test_the_home_page_stays_still_while_it_starts(new_context: Any) -> None:
    """The prerendered page is what the app draws: taking it over moves nothing."""
    context = new_context("normal", service_workers="block")
    context.add_init_script(script=CLS_JS)
    page = context.new_page()
    page.goto("/")
    wait_ready(page, MODES["normal"])
    shifts = page.evaluate("window.__tbShifts")
    assert sum(s["value"] for s in shifts) <= 0.05, json.dumps(shifts, indent=1)


@pytest.mark.parametrize(("lang", "first", "never"), [
    ("en", set(), {"zh_Hant-core", "zh_Hant-rest", "zh_Hans-rest"}),
    ("zh_Hant", {"zh_Hant-core"}, {"en-rest"}),
    ("zh_Hans", set(), {"zh_Hant-core", "zh_Hant-rest", "en-rest"}),
])
def test_only_the_language_in_use_is_fetched(new_context: Any, lang: str, first: set[str], never: set[str]) -> None:
    context = new_context()
    page = context.new_page()
    assets = _asset_requests(page)
    page.goto(f"/?lang={lang}")
    wait_ready(page)
    assert page.locator("html").get_attribute("lang") == {"en": "en", "zh_Hant": "zh-Hant", "zh_Hans": "zh-Hans"}[lang]
    assert _catalogue_chunks(assets) == first, f"{lang}: catalogue parts on the home page: {sorted(assets)}"
    # A page of its own chunk brings the rest of the catalogue, for this language (and its fallback) only.
    page.goto("/help")
    wait_ready(page)
    fetched = _catalogue_chunks(assets)
    assert not fetched & never, f"{lang}: fetched {sorted(fetched)}"
    assert f"{lang}-rest" in fetched, sorted(fetched)


def test_the_home_page_leaves_the_other_pages_alone(new_context: Any, demo: DemoRefs) -> None:
    built = {p.name for p in (DIST / "assets").glob("*.js")}
    for name in ("Staff", "Reception", "Wallet", "ScanPage", "zxing"):
        assert any(f.startswith(f"{name}-") for f in built), f"no chunk of its own for {name} in {DIST}"
    context = new_context("normal")
    page = context.new_page()
    assets = _asset_requests(page)
    for path in ("/", demo.path("guide")):
        page.goto(path)
        wait_ready(page, MODES["normal"])
    loaded = [f for f in assets if f.endswith(".js") and f.split("-")[0] in LAZY_PAGES]
    assert not loaded, f"pages of their own chunk loaded by home or a guide: {loaded}"
    # …and one of them does load when it is opened.
    page.goto("/signin")
    wait_ready(page, MODES["normal"])
    assert any(f.startswith("Signin-") for f in assets), sorted(assets)


def test_what_was_typed_before_the_app_started_is_kept(new_context: Any) -> None:
    """On a slow phone the search box is there before the app: what was typed survives its start."""
    entry = re.search(r'<script type="module"[^>]*src="/(assets/[^"]+)"', (DIST / "index.html").read_text("utf-8"))
    assert entry
    context = new_context("normal", service_workers="block")
    held = Held()
    context.route(f"**/{entry.group(1)}", held)
    page = context.new_page()
    page.goto("/", wait_until="commit")  # DOMContentLoaded waits for the held module script
    page.locator("#search-q").fill("户口迁移")
    assert page.locator("#app").get_attribute("data-prerendered") == "home", "the app started too early"
    held.release()
    expect(page.locator("#app")).not_to_have_attribute("data-prerendered", "home")
    wait_ready(page, MODES["normal"])
    expect(page.locator("#search-q")).to_have_value("户口迁移")
    page.get_by_test_id("search-submit").click()
    expect(page).to_have_url(re.compile(r"/search\?q=%E6%88%B7%E5%8F%A3%E8%BF%81%E7%A7%BB"))


@pytest.mark.parametrize("path", ["/help", "/settings"])
def test_a_page_opened_directly_is_the_page_the_menu_opens(new_context: Any, path: str) -> None:
    """A page of its own chunk, loaded over the prerendered home page, keeps all of itself."""
    context = new_context("normal", service_workers="block")
    page = context.new_page()
    page.goto(path)
    wait_ready(page, MODES["normal"])
    page.wait_for_load_state("networkidle")  # the page's own data (the settings page's regions) is in
    direct = page.locator(".tb-route").inner_html()
    page.goto("/")
    wait_ready(page, MODES["normal"])
    page.locator(f"nav a[href='{path}']").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    wait_ready(page, MODES["normal"])
    page.wait_for_load_state("networkidle")
    expect(page.locator(".tb-route")).to_have_js_property("innerHTML", direct)  # retried until it settles
