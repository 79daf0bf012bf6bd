"""The user story of DESIGN.md §9, as an elderly resident lives it on a phone in 长辈版:
find 户口迁移 by its pinyin initials, read the guide, find it again by full pinyin, and read the
guide again later with no network."""

from __future__ import annotations

import re
from typing import Any

from browser_support import MODES, note, open_page, screenshot, wait_ready
from playwright.sync_api import expect

ELDER = MODES["elder"]

_CONTROLLED_JS = """() => Promise.race([
  navigator.serviceWorker.ready.then(reg => ({
    active: reg.active ? reg.active.state : null,
    controlled: !!navigator.serviceWorker.controller,
  })),
  new Promise(resolve => setTimeout(() => resolve({active: null, controlled: false}), 15000)),
])"""


# Whether the service worker's runtime cache holds the guide's API answer (what a reload offline needs).
_GUIDE_CACHED_JS = """(code) => caches.open('tb-api').then(c => c.keys())
  .then(keys => keys.some(r => new URL(r.url).pathname === '/api/v1/matters/' + code))"""


def _search(page: Any, query: str) -> Any:
    box = page.get_by_test_id("search-input")
    expect(box).to_be_visible()
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    link = page.get_by_test_id("matter-link").filter(has_text="户口迁移").first
    expect(link, f"no result containing 户口迁移 for {query!r}").to_be_visible()
    expect(page.locator("html")).to_have_attribute("data-mode", "elder")
    return link


def _materials_on_screen(page: Any) -> list[str]:
    """The materials the current 长辈版 step shows (each row of the materials table names one)."""
    names = page.locator("main table.materials th[scope=row]")
    return [" ".join(names.nth(i).inner_text().split()) for i in range(names.count()) if names.nth(i).is_visible()]


def _read_to_materials(page: Any, materials: list[str]) -> dict[str, list[str]]:
    """长辈版 shows one step per screen, a few materials on each: press 下一步, as a person would,
    until every material has been on a screen. Returns the materials each step's URL showed."""
    expect(page.locator("main h1")).to_contain_text("户口迁移")
    seen: dict[str, list[str]] = {}
    for _ in range(20):
        shown = _materials_on_screen(page)
        if shown:
            seen[page.url] = shown
        if {name for names in seen.values() for name in names} >= set(materials):
            assert all(len(names) < len(materials) for names in seen.values()) or len(materials) <= 2, (
                f"all {len(materials)} materials on one 长辈版 screen: {seen}"
            )
            return seen
        before = page.url
        page.get_by_test_id("step-next").click()
        page.wait_for_url(lambda url, before=before: url != before)
        wait_ready(page, ELDER)
    raise AssertionError(f"the materials {materials} never all appeared while paging through the guide: {seen}")


def _expect_guide(page: Any, materials: list[str]) -> None:
    expect(page.locator("main h1")).to_contain_text("户口迁移")
    for name in materials:
        expect(
            page.locator("main").get_by_text(name, exact=False).first, f"material {name!r} is not shown"
        ).to_be_visible()


def test_elder_finds_reads_and_rereads_offline(new_context: Any, tb_server: Any) -> None:
    """hkqy → 户口迁移 guide with its materials; hukou finds it too; the guide opens again offline."""
    context = new_context()  # nothing stored: 长辈版 comes from the link, as from a QR poster
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    open_page(page, "/?mode=elder", ELDER)
    link = _search(page, "hkqy")
    screenshot(page, "story-1-search-hkqy")
    href = link.get_attribute("href") or ""
    code = href.rstrip("/").rsplit("/", 1)[-1]
    link.click()
    page.wait_for_url(re.compile(r"/matters/"))
    wait_ready(page, ELDER)
    materials = [m["name"] for m in tb_server.get_json(f"/api/v1/matters/{code}")["guide"]["materials"]]
    seen = _read_to_materials(page, materials)
    guide_url = page.url
    _expect_guide(page, seen[guide_url])
    screenshot(page, "story-2-guide")

    # The same matter by full pinyin.
    open_page(page, "/?mode=elder", ELDER)
    _search(page, "hukou")
    same = page.locator(f'[data-testid=matter-link][href="/matters/{code}"]')
    expect(same, f"{code} is not on the first page of results for hukou").to_be_visible()
    screenshot(page, "story-3-search-hukou")

    # Offline: the service worker must be active and controlling, and the guide seen while it was.
    sw = page.evaluate(_CONTROLLED_JS)
    assert sw["active"] == "activated", f"service worker not active: {sw}"
    if not sw["controlled"]:
        page.reload(wait_until="load")
        sw = page.evaluate(_CONTROLLED_JS)
    assert sw["controlled"], f"service worker does not control the page even after a reload: {sw}"
    if not page.evaluate(_GUIDE_CACHED_JS, code):
        # The guide was read before the worker took control (it installs on the first visit, and
        # paging through the 长辈版 steps needs no new request): read it once more online, as a
        # person would on a second visit, so it is in the runtime cache.
        note("[offline story] the guide was read before the service worker took control: re-read online")
        open_page(page, guide_url, ELDER)
    assert page.evaluate(_GUIDE_CACHED_JS, code), "the guide read online is not in the service worker's cache"

    context.set_offline(True)
    try:
        response = page.goto(guide_url, wait_until="load")
        wait_ready(page, ELDER)
        _expect_guide(page, seen[guide_url])
        screenshot(page, "story-4-guide-offline")
        assert response is None or response.from_service_worker, (
            "the offline reload was not served by the service worker"
        )
        # Proof that the network really is gone: an uncached API request does not succeed.
        probe = page.evaluate(
            """() => fetch('/api/v1/health?offline-probe=' + Date.now(), {cache: 'no-store'})
                       .then(r => r.status, () => 'network error')"""
        )
        assert probe != 200, f"the network is still reachable while offline (health answered {probe})"
        expect(page.get_by_test_id("offline-banner"), "no offline banner while offline").to_be_visible()
    finally:
        context.set_offline(False)
    assert not errors, f"uncaught page errors: {errors}"
