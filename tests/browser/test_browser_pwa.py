"""What makes it a PWA a person can rely on: installable, reads aloud in 长辈版, and as a kiosk it
forgets the last person and resets itself."""

from __future__ import annotations

import re
import struct
from typing import Any
from urllib.parse import urljoin

from browser_support import MODES, DemoRefs, kiosk_search_to_guide, note, open_page, screenshot, wait_ready
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

# `ready` resolves as soon as a worker is active, which may still be `activating` (a first visit that
# precaches every chunk takes a moment): wait for that to finish.
_SW_READY_JS = """() => Promise.race([
  navigator.serviceWorker.ready.then(reg => reg.active.state === 'activating'
    ? new Promise(done => reg.active.addEventListener('statechange', () => done(reg)))
    : reg
  ).then(reg => ({
    state: reg.active ? reg.active.state : null,
    scope: reg.scope,
    script: reg.active ? reg.active.scriptURL : null,
  })),
  new Promise(resolve => setTimeout(() => resolve(null), 15000)),
])"""


def _png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert body[12:16] == b"IHDR"
    width, height = struct.unpack(">II", body[16:24])
    return int(width), int(height)


def test_installable(new_context: Any, tb_base_url: str) -> None:
    """Manifest (name, short_name, start_url, standalone, 192/512 PNG icons) and an active service worker."""
    context = new_context("normal")
    page = context.new_page()
    open_page(page, "/", MODES["normal"])

    href = page.evaluate("() => { const l = document.querySelector('link[rel=manifest]'); return l && l.href; }")
    assert href, "no <link rel=manifest> on the page"
    resp = context.request.get(href)
    assert resp.status == 200, f"manifest {href}: HTTP {resp.status}"
    manifest = resp.json()
    for key in ("name", "short_name", "start_url"):
        assert manifest.get(key), f"manifest has no {key}: {manifest}"
    assert manifest.get("display") == "standalone", f"manifest display is {manifest.get('display')!r}"

    start = context.request.get(urljoin(href, manifest["start_url"]))
    assert start.status == 200 and "text/html" in start.headers.get("content-type", ""), "start_url does not load"

    icons = manifest.get("icons") or []
    for size in (192, 512):
        icon = next((i for i in icons if f"{size}x{size}" in (i.get("sizes") or "").split()), None)
        assert icon, f"manifest has no {size}x{size} icon: {icons}"
        got = context.request.get(urljoin(href, icon["src"]))
        assert got.status == 200, f"icon {icon['src']}: HTTP {got.status}"
        assert got.headers.get("content-type", "").split(";")[0] == "image/png", (
            f"icon {icon['src']} is {got.headers.get('content-type')}"
        )
        assert _png_size(got.body()) == (size, size), f"icon {icon['src']} is not {size}×{size}"

    sw = page.evaluate(_SW_READY_JS)
    assert sw, "navigator.serviceWorker.ready did not resolve within 15 s: no service worker registered"
    assert sw["state"] == "activated", f"service worker not active: {sw}"
    assert sw["scope"] == tb_base_url + "/", f"service worker scope {sw['scope']} is not the whole app"

    # Chromium's own installability verdict (the checks behind the install prompt). Playwright's
    # contexts are off-the-record profiles, which Chromium never offers to install from: that
    # one reason is about the test browser, not the app.
    cdp = context.new_cdp_session(page)
    verdict = cdp.send("Page.getInstallabilityErrors")
    errors = [e.get("errorId") for e in verdict.get("installabilityErrors", []) if e.get("errorId") != "in-incognito"]
    assert not errors, f"Chromium says the app is not installable: {verdict}"


# Records every utterance instead of speaking (headless Chromium has no voices: the stub lists a
# Chinese one, as a phone with a speech engine does), and ends each utterance right away so a reader
# that speaks sentence by sentence goes on to the next.
_SPEECH_STUB = """(() => {
  window.__tbSpoken = [];
  const synth = window.speechSynthesis;
  if (!synth) return;
  synth.getVoices = () => [{lang: 'zh-CN', name: 'stub', voiceURI: 'stub', default: true, localService: true}];
  const fire = (u, type) => {
    let ev;
    try { ev = new SpeechSynthesisEvent(type, {utterance: u, charIndex: 0, elapsedTime: 0}); }
    catch (e) { ev = new Event(type); }
    u.dispatchEvent(ev);
  };
  let queue = 0;
  synth.speak = (u) => {
    window.__tbSpoken.push({text: u.text, lang: u.lang});
    queue++;
    setTimeout(() => { fire(u, 'start'); fire(u, 'end'); queue--; }, 0);
  };
  synth.cancel = () => { queue = 0; };
  synth.pause = () => {};
  synth.resume = () => {};
  Object.defineProperty(synth, 'speaking', {get: () => queue > 0, configurable: true});
  Object.defineProperty(synth, 'pending', {get: () => queue > 1, configurable: true});
})();"""


def test_read_aloud_speaks_the_page(new_context: Any, demo: DemoRefs) -> None:
    """In 长辈版 the read-aloud button speaks the page, starting with its heading, in Chinese."""
    context = new_context("elder")
    context.add_init_script(_SPEECH_STUB)
    page = context.new_page()
    open_page(page, demo.path("guide"), MODES["elder"])
    heading = " ".join(page.locator("main h1").inner_text().split())

    page.get_by_test_id("read-aloud").click()
    page.wait_for_function("() => window.__tbSpoken.length > 0", timeout=10_000)
    try:  # a reader may speak sentence by sentence: wait until the heading has been spoken
        page.wait_for_function(
            "(h) => window.__tbSpoken.map(u => u.text.replace(/\\s+/g, ' ')).join(' ').includes(h)",
            arg=heading,
            timeout=5_000,
        )
    except PlaywrightTimeout:  # the assertion below reports what was spoken instead
        pass
    spoken = page.evaluate("() => window.__tbSpoken")
    text = " ".join(" ".join(u["text"].split()) for u in spoken)
    note(f"[read-aloud] {len(spoken)} utterance(s), {len(text)} chars: {text[:120]}…")
    assert heading in text, f"read-aloud did not speak the heading {heading!r}; it spoke: {text[:300]!r}"
    langs = {u["lang"] for u in spoken}
    assert all(lang.lower().startswith("zh") for lang in langs), f"utterances not marked Chinese: {langs}"


_STORAGE_JS = """async () => ({
  localStorage: Object.keys(localStorage),
  sessionStorage: Object.keys(sessionStorage),
  indexedDB: (await indexedDB.databases()).map(d => d.name),
  caches: await caches.keys(),
})"""


def test_kiosk_keeps_nothing_and_resets(new_context: Any, tb_base_url: str) -> None:
    """Kiosk: after a search and a guide nothing of the app is in localStorage or IndexedDB, and
    inactivity brings the kiosk back to a clean home page."""
    context = new_context()
    page = context.new_page()
    page.clock.install()  # fake timers that run in real time, so inactivity can be fast-forwarded
    kiosk = MODES["kiosk"]
    kiosk_search_to_guide(page)
    screenshot(page, "kiosk-after-use")

    stored = page.evaluate(_STORAGE_JS)
    cookies = [c["name"] for c in context.cookies()]
    note(f"[kiosk] after use: {stored}, cookies {cookies}")
    assert stored["localStorage"] == [], f"kiosk wrote localStorage: {stored['localStorage']}"
    assert stored["indexedDB"] == [], f"kiosk wrote IndexedDB: {stored['indexedDB']}"
    # Only the kiosk's own marker (so a reload stays a kiosk; test_browser_layout.py), nothing of the visitor.
    assert stored["sessionStorage"] == ["tb.kiosk"], f"kiosk wrote sessionStorage: {stored['sessionStorage']}"

    # Inactivity: jump the page's clock well past any reasonable kiosk timeout.
    page.clock.fast_forward("30:00")
    page.wait_for_url(re.compile(re.escape(tb_base_url) + r"/(\?.*)?$"), timeout=10_000)
    wait_ready(page, kiosk)
    expect(page.get_by_test_id("search-input")).to_have_value("")
    screenshot(page, "kiosk-after-reset")
    stored = page.evaluate(_STORAGE_JS)
    note(f"[kiosk] after reset: {stored}")
    assert stored["localStorage"] == [] and stored["indexedDB"] == [], f"kiosk kept data after reset: {stored}"
    assert stored["sessionStorage"] == ["tb.kiosk"], f"kiosk kept sessionStorage after reset: {stored}"
