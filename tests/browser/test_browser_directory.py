"""办事去哪 (where and how to apply), at phone size: the guide lists the windows that take a matter,
nearest to the person's region first, and ends on the action (在线申请, or the window list) in
normal and 长辈版 modes; /apply/<code> for a signed-in person; the directory page (/directory) renders
and filters by region. axe (WCAG 2.2 AA) and the 长辈版 measurements of test_browser_pages.py on the
new pages, reflow at 150 % and 200 % text with labels above their controls, and screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from browser_support import (
    MODES,
    PHONE,
    Mode,
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
    wait_ready,
)
from playwright.sync_api import expect

LINQUAN, TAIHE, FUYANG = "341221", "341222", "341200"
# Text sizes of the settings page (150 % besides the 200 % of MODES["large"]).
LARGE150 = Mode("large150", {"lang": "zh_Hans", "textScale": 1.5, "elder": False}, text_scale="1.5")
ALL_MODES = {**MODES, "large150": LARGE150}
WINDOW_KINDS = ["跨省通办专窗", "全市通办窗口", "综合窗口", "企业服务窗口", "帮办代办窗口"]
LATIN = re.compile(r"[A-Za-z]{2,}")


# ---- the demo data, through the API ----------------------------------------------------------


class Refs:
    """Matters and places of the demo data the tests use, looked up through the API."""

    def __init__(self, server: Any) -> None:
        matters = server.get_json("/api/v1/matters?per_page=100")["items"]

        def first(pred: Any, what: str) -> dict[str, Any]:
            found = [m for m in matters if pred(m)]
            assert found, f"the demo data has no {what}"
            return found[0]

        # 跨省通办, online and at a window, not 全市通办 (so only 跨省通办 windows take it)
        self.kstb = first(
            lambda m: (
                "kstb" in m["scopes"]
                and "citywide" not in m["scopes"]
                and "online" in m["modes"]
                and "proxy_window" in m["modes"]
            ),
            "跨省通办 matter offered online and at a window",
        )
        # 全市通办, at a window only
        self.citywide = first(
            lambda m: m["scopes"] == ["citywide"] and "online" not in m["modes"] and "proxy_window" in m["modes"],
            "全市通办 matter offered at a window only",
        )
        # online only, identity level L1 (a fresh account is enough)
        self.online_l1 = first(
            lambda m: m["modes"] == ["online"] and m["min_assurance"] == "L1", "online-only L1 matter"
        )
        self.centres = server.get_json("/api/v1/centres")["items"]
        self.points = server.get_json("/api/v1/agency-points")["items"]
        self.kstb_centres = [c for c in self.centres if any(w["kind"] == "kstb" for w in c["windows"])]

    def centre(self, code: str) -> dict[str, Any]:
        return next(c for c in self.centres if c["code"] == code)


@pytest.fixture(scope="module")
def refs(tb_server: Any) -> Refs:
    return Refs(tb_server)


@pytest.fixture(scope="module")
def resident_cookies(tb_browser: Any, tb_base_url: str, tb_server: Any) -> list[dict[str, Any]]:
    """A fresh resident (L1), signed up through the API."""
    context = tb_browser.new_context(**PHONE, **client_address(), base_url=tb_base_url)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        open_page(page, "/settings")
        api_sign_in_by_code(page, tb_server, fresh_phone("135"), signup=True)
        cookies: list[dict[str, Any]] = context.cookies()
        return cookies
    finally:
        context.close()


@pytest.fixture
def contexts(tb_browser: Any, tb_base_url: str) -> Iterator[Any]:
    """make(mode, region=None, cookies=None): a phone-sized context with those settings."""
    made: list[Any] = []

    def make(mode: str = "normal", region: str | None = None, cookies: list[dict[str, Any]] | None = None) -> Any:
        settings = ALL_MODES[mode].settings
        if region:
            settings = {**(settings or {}), "region": region}
        state = storage_state(tb_base_url, settings)
        state["cookies"] = cookies or []
        context = tb_browser.new_context(**PHONE, base_url=tb_base_url, storage_state=state)
        context.set_default_timeout(15_000)
        made.append(context)
        return context

    try:
        yield make
    finally:
        for context in made:
            context.close()


def _page(context: Any) -> Any:
    page = context.new_page()
    page.tb_errors = []
    page.on("pageerror", lambda exc: page.tb_errors.append(str(exc)))
    return page


def _codes(locator: Any) -> list[str]:
    codes: list[str] = locator.evaluate_all("els => els.map(e => e.dataset.code)")
    return codes


def _stored_settings(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate("() => JSON.parse(localStorage.getItem('tb.settings') || '{}')")
    return result


def _where(page: Any) -> Any:
    where = page.get_by_test_id("where-to-apply")
    expect(where).to_be_visible()
    return where


def _shown_places(where: Any, testid: str = "centre") -> Any:
    return where.get_by_test_id(testid)


# ---- the guide: which windows, nearest first ---------------------------------------------------


def test_kstb_guide_lists_the_persons_county_first(contexts: Any, refs: Refs) -> None:
    """A 跨省通办 matter for a person in 临泉县: 临泉县's 跨省通办 window first, 3 shown, all on request,
    then the agency points, 临泉's first; picking 太和县 reorders and is stored; 阜阳市 by default."""
    code = refs.kstb["code"]
    page = _page(contexts("normal", region=LINQUAN))
    open_page(page, f"/matters/{code}", MODES["normal"])
    where = _where(page)
    centres = _shown_places(where)
    expect(centres).to_have_count(3)
    first = centres.first
    assert first.get_attribute("data-code") == "FY-LQ", _codes(centres)
    expect(first.locator(".place-name")).to_have_text("临泉县政务服务中心")
    windows = first.get_by_test_id("window")
    expect(windows.first).to_contain_text("跨省通办专窗")
    assert set(windows.evaluate_all("els => els.map(e => e.dataset.kind)")) == {"kstb"}
    expect(first).to_contain_text(refs.centre("FY-LQ")["address"])
    expect(first).to_contain_text(refs.centre("FY-LQ")["hours"])
    phone = first.get_by_test_id("centre-phone")
    expect(phone).to_have_text(refs.centre("FY-LQ")["phone"])
    assert re.fullmatch(r"tel:\d{7,}", phone.get_attribute("href") or ""), phone.get_attribute("href")
    expect(where).to_contain_text("离临泉县最近的排在前面")

    # Every centre with a 跨省通办 window, and only those, after "show all".
    toggle = where.get_by_test_id("centres-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(centres).to_have_count(len(refs.kstb_centres))
    shown = _codes(centres)
    assert sorted(shown) == sorted(c["code"] for c in refs.kstb_centres)
    # nearest first: 临泉县 first, then the city centre and the other counties (same city)
    assert shown[:2] == ["FY-LQ", "FY-CITY"], shown

    # 代收代办点 for a 跨省通办 matter: 临泉's first.
    points = _shown_places(where, "agency-point")
    expect(points).to_have_count(3)
    assert all(c.startswith("FY-LQ-") for c in _codes(points)), _codes(points)
    screenshot(page, "directory-guide-kstb-linquan")

    # The picker: 太和县 goes first, and is kept in the settings.
    page.get_by_test_id("where-region").select_option(TAIHE)
    expect(centres.first).to_have_attribute("data-code", "FY-TH")
    expect(points.first).to_have_attribute("data-code", re.compile(r"^FY-TH-"))
    assert _stored_settings(page).get("region") == TAIHE
    assert not page.tb_errors, page.tb_errors

    # Nothing stored: 阜阳市, so the city centre comes first.
    fresh = _page(contexts("normal"))
    open_page(fresh, f"/matters/{code}", MODES["normal"])
    expect(_shown_places(_where(fresh)).first).to_have_attribute("data-code", "FY-CITY")


def test_citywide_guide_lists_windows(contexts: Any, refs: Refs) -> None:
    """A 全市通办 matter: every centre of the city, with its 全市通办 window (a town's general one)."""
    code = refs.citywide["code"]
    page = _page(contexts("normal", region=TAIHE))
    open_page(page, f"/matters/{code}", MODES["normal"])
    where = _where(page)
    centres = _shown_places(where)
    expect(centres).to_have_count(3)
    expect(centres.first).to_have_attribute("data-code", "FY-TH")
    expect(centres.first.get_by_test_id("window")).to_have_text(["全市通办窗口"])
    where.get_by_test_id("centres-toggle").click()
    city = [c for c in refs.centres if c["region_code"].startswith("3412")]
    expect(centres).to_have_count(len(city))
    # towns have no 全市通办 window: their general window takes it
    town = where.locator('[data-testid=centre][data-code="FY-LQ-YANGQIAO"]')
    expect(town.get_by_test_id("window")).to_have_attribute("data-kind", "general")
    # not 跨省通办: no agency points; window only: no online button
    expect(where.get_by_test_id("agency-point")).to_have_count(0)
    expect(where.get_by_test_id("apply-online")).to_have_count(0)
    expect(where).to_contain_text("请到下面任一窗口递交申请")
    assert not page.tb_errors, page.tb_errors


# ---- the guide ends on the action ---------------------------------------------------------------


def _last_step(page: Any) -> int:
    """长辈版: press Next, as a person would, until there is none; returns how many presses."""
    presses = 0
    nxt = page.locator("main .step-nav button:not(.secondary)")
    while nxt.count():
        before = page.url
        nxt.click()
        page.wait_for_url(lambda url, before=before: url != before)
        wait_ready(page, MODES["elder"])
        presses += 1
        assert presses < 30, "the guide never ends"
    return presses


@pytest.mark.parametrize("mode_name", ["normal", "elder"])
def test_guide_ends_on_the_action(contexts: Any, refs: Refs, mode_name: str) -> None:
    """An online matter ends on 在线申请 (through sign-in); a window-only matter on the window list."""
    mode = MODES[mode_name]
    page = _page(contexts(mode_name, region=LINQUAN))
    for matter, online in ((refs.kstb, True), (refs.citywide, False)):
        code = matter["code"]
        open_page(page, f"/matters/{code}", mode)
        if mode_name == "elder":
            assert _last_step(page) >= 5
            last = page.locator("main section.guide-step")
        else:
            last = page.locator("main .tb-route > section.section").last
            # nothing after it in the page's content (<main> holds one route wrapper)
            assert page.evaluate(
                "() => document.querySelector('main .tb-route').lastElementChild.matches('section.section')")
        expect(last.locator("h2")).to_have_text("办事去哪")
        expect(last).to_have_attribute("aria-labelledby", "g-apply")
        apply = last.get_by_test_id("apply-online")
        if online:
            expect(apply).to_have_text("在线申请")
            expect(apply).to_have_attribute("href", f"/signin?next={quote('/apply/' + code, safe='')}")
            expect(last.get_by_test_id("centre").first).to_have_attribute("data-code", "FY-LQ")
        else:
            expect(apply).to_have_count(0)
            expect(last.get_by_test_id("centre").first).to_be_visible()
            # the window list is the end of the part (the directory link aside)
            assert last.get_by_test_id("window-places").is_visible()
        screenshot(page, f"directory-guide-end-{mode_name}-{'online' if online else 'window'}")

    # 在线申请 leads to sign-in, which comes back to the application.
    open_page(page, f"/matters/{refs.kstb['code']}" + ("?step=99" if mode_name == "elder" else ""), mode)
    page.get_by_test_id("apply-online").click()
    page.wait_for_url(re.compile(r"/signin\?next=%2Fapply%2F"))
    assert not page.tb_errors, page.tb_errors


# ---- /apply/<code> -------------------------------------------------------------------------------


def test_apply_page(contexts: Any, refs: Refs, resident_cookies: list[dict[str, Any]]) -> None:
    """Signed out: sent to sign-in. Signed in at L1: the matter, the level it needs, how to raise
    one's own (the assurance hint), the windows meanwhile; an L1 matter says the level is enough."""
    code = refs.kstb["code"]
    signed_out = _page(contexts("normal"))
    signed_out.goto(f"/apply/{code}")
    signed_out.wait_for_url(re.compile(r"/signin\?next=%2Fapply%2F" + re.escape(code)))

    page = _page(contexts("normal", region=LINQUAN, cookies=resident_cookies))
    open_page(page, f"/apply/{code}", MODES["normal"])
    expect(page.locator("main h1")).to_have_text("在线申请")
    expect(page.get_by_test_id("apply-matter")).to_have_text(refs.kstb["name"])
    expect(page.get_by_test_id("apply-needs")).to_have_attribute("data-level", "L2")
    expect(page.get_by_test_id("apply-needs")).to_contain_text("实名认证")  # in words, never “L2”
    hint = page.get_by_test_id("assurance-hint")
    expect(hint).to_be_visible()
    expect(hint).to_have_attribute("data-level", "L1")
    expect(hint).to_contain_text("手机号")
    expect(page.get_by_test_id("assurance-ok")).to_have_count(0)
    expect(page.get_by_test_id("apply-start")).to_have_count(0)  # the level comes first, not the form
    expect(page.get_by_test_id("centre").first).to_have_attribute("data-code", "FY-LQ")
    screenshot(page, "directory-apply-l1")

    open_page(page, f"/apply/{refs.online_l1['code']}", MODES["normal"])
    expect(page.get_by_test_id("assurance-ok")).to_be_visible()
    expect(page.get_by_test_id("assurance-hint")).to_have_count(0)
    expect(page.get_by_test_id("apply-start")).to_have_attribute("href", f"/apply/{refs.online_l1['code']}/form")
    expect(page.get_by_test_id("centre")).to_have_count(0)
    assert not page.tb_errors, page.tb_errors


# ---- /directory --------------------------------------------------------------------------------


def test_directory_renders_and_filters(contexts: Any, refs: Refs) -> None:
    """From home (and help): every centre with its windows in words, every agency point, 演示数据;
    the region filter shows one county (county centre before its towns) and can go back to all."""
    page = _page(contexts("normal", region=LINQUAN))
    open_page(page, "/help", MODES["normal"])
    expect(page.locator("main").get_by_test_id("link-directory")).to_have_attribute("href", "/directory")
    open_page(page, "/", MODES["normal"])
    page.locator("main").get_by_test_id("link-directory").click()
    page.wait_for_url(re.compile(r"/directory$"))
    wait_ready(page, MODES["normal"])
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("服务大厅和窗口")
    expect(main.get_by_test_id("demo-label")).to_have_text("演示数据")
    centres = main.get_by_test_id("centre")
    points = main.get_by_test_id("agency-point")
    expect(centres).to_have_count(len(refs.centres))
    expect(points).to_have_count(len(refs.points))
    # nearest to 临泉县 first
    assert _codes(centres)[:2] == ["FY-LQ", "FY-LQ-CHANGGUAN"], _codes(centres)
    for kind in WINDOW_KINDS:
        expect(main.get_by_text(kind).first, f"window kind {kind} not shown").to_be_visible()
    # A window named otherwise shows its kind in words: “办不成事”反映窗口（帮办代办窗口）
    odd = main.locator('[data-testid=centre][data-code="FY-CITY"] [data-testid=window][data-kind=help]').last
    expect(odd).to_contain_text("（帮办代办窗口）")
    text = main.inner_text()
    assert not LATIN.search(text), f"English in a resident page: {LATIN.findall(text)}"
    screenshot(page, "directory-all")

    select = page.get_by_test_id("directory-region")
    label_box = page.locator("label[for=directory-region]").bounding_box()
    assert label_box and label_box["height"] > 0
    select.select_option(TAIHE)
    page.wait_for_url(re.compile(rf"/directory\?region={TAIHE}$"))
    expect(centres).to_have_count(sum(1 for c in refs.centres if c["region_code"] == TAIHE))
    assert _codes(centres)[0] == "FY-TH", _codes(centres)
    assert all(c.startswith("FY-TH") for c in _codes(centres))
    expect(points).to_have_count(sum(1 for p in refs.points if p["region_code"] == TAIHE))
    expect(main.get_by_test_id("directory-count")).to_have_text(f"共 {centres.count()} 个服务中心")
    screenshot(page, "directory-taihe")

    # A county with no agency point says so; the whole city again.
    select.select_option("341202")
    expect(centres).to_have_count(1)
    expect(points).to_have_count(0)
    expect(main).to_contain_text("这个地区没有代收代办点")
    select.select_option(FUYANG)
    page.wait_for_url(re.compile(r"/directory$"))
    expect(centres).to_have_count(len(refs.centres))
    # the filter is not the person's region: that stays 临泉县
    assert _stored_settings(page).get("region") == LINQUAN
    assert not page.tb_errors, page.tb_errors


def test_region_in_settings(contexts: Any, refs: Refs) -> None:
    """The region picker on the settings page, kept in tb.settings; in kiosk mode for the visit only."""
    page = _page(contexts("normal"))
    open_page(page, "/settings", MODES["normal"])
    select = page.get_by_test_id("setting-region")
    expect(select).to_have_value(FUYANG)
    expect(page.locator("label[for=set-region]")).to_have_text("您所在的地区")
    select.select_option(LINQUAN)
    assert _stored_settings(page).get("region") == LINQUAN

    kiosk = _page(contexts("kiosk"))
    # a kiosk is in 长辈版: the places are on the guide's last step
    open_page(kiosk, f"/matters/{refs.kstb['code']}?mode=kiosk&step=99", MODES["kiosk"])
    kiosk.get_by_test_id("where-region").select_option(TAIHE)
    expect(kiosk.get_by_test_id("centre").first).to_have_attribute("data-code", "FY-TH")
    assert kiosk.evaluate("() => localStorage.getItem('tb.settings')") is None


# ---- axe, 长辈版, large text ------------------------------------------------------------------------

NEW_PAGES = ["directory", "guide-end", "apply"]


def _open_new_page(contexts: Any, refs: Refs, cookies: list[dict[str, Any]], mode_name: str, name: str) -> Any:
    mode = ALL_MODES[mode_name]
    if name == "directory":
        page = _page(contexts(mode_name, region=LINQUAN))
        open_page(page, "/directory", mode)
    elif name == "guide-end":
        page = _page(contexts(mode_name, region=LINQUAN))
        # 长辈版: the last part (step numbers past the end show the last); otherwise the whole guide
        open_page(page, f"/matters/{refs.kstb['code']}?step=99", mode)
        page.get_by_test_id("centres-toggle").click()
        page.get_by_test_id("agency-points-toggle").click()
        wait_ready(page, mode)
    else:
        page = _page(contexts(mode_name, region=LINQUAN, cookies=cookies))
        open_page(page, f"/apply/{refs.kstb['code']}", mode)
        expect(page.get_by_test_id("assurance-hint")).to_be_visible()
    return page


@pytest.mark.parametrize("page_name", NEW_PAGES)
@pytest.mark.parametrize("mode_name", ["normal", "large150", "large", "elder"])
def test_directory_axe_wcag22_aa(
    contexts: Any, refs: Refs, resident_cookies: list[dict[str, Any]], mode_name: str, page_name: str
) -> None:
    """No axe-core violation of WCAG 2.0/2.1/2.2 A and AA on the new pages, in each mode."""
    page = _open_new_page(contexts, refs, resident_cookies, mode_name, page_name)
    screenshot(page, f"{mode_name}-{page_name}")
    violations = run_axe(page)
    save_json(f"axe-{mode_name}-{page_name}", violations)
    assert not page.tb_errors, f"uncaught page errors: {page.tb_errors}"
    assert not violations, (
        f"axe found {len(violations)} WCAG 2.2 A/AA violation(s) on {page_name} in {mode_name} mode:\n"
        + format_axe(violations)
    )


@pytest.mark.parametrize("page_name", NEW_PAGES)
def test_directory_elder_measurements(
    contexts: Any, refs: Refs, resident_cookies: list[dict[str, Any]], page_name: str
) -> None:
    """长辈版: text ≥ 18px, targets ≥ 60×60, contrast ≥ 4.5, line height ≥ 1.3, read-aloud, help, no popup."""
    page = _open_new_page(contexts, refs, resident_cookies, "elder", page_name)
    m = elder_metrics(page)
    m["layout"] = layout_metrics(page)
    save_json(f"elder-{page_name}", m)
    note(elder_summary(page_name, m))
    problems = elder_problems(m)
    assert not problems, f"长辈版 bar not met on {page_name} ({m['url']}):\n- " + "\n- ".join(problems)


# Per select: its label's box, the select's box, and whether any place card clips its content.
_LABELS_JS = """() => {
  const out = {labels: [], clipped: []};
  for (const s of document.querySelectorAll('main select')) {
    const l = document.querySelector(`label[for="${s.id}"]`);
    if (!l) { out.labels.push({id: s.id, missing: true}); continue; }
    const a = l.getBoundingClientRect(), b = s.getBoundingClientRect();
    out.labels.push({id: s.id, labelBottom: a.bottom, selectTop: b.top, labelLeft: a.left, selectLeft: b.left,
                     selectRight: b.right});
  }
  for (const el of document.querySelectorAll('main .place, main .place *, main .btn, main select')) {
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
      out.clipped.push((el.className || el.tagName) + ': ' + (el.innerText || '').slice(0, 30));
  }
  return out;
}"""


@pytest.mark.parametrize("page_name", NEW_PAGES)
@pytest.mark.parametrize("mode_name", ["large150", "large"])
def test_directory_large_text(
    contexts: Any, refs: Refs, resident_cookies: list[dict[str, Any]], mode_name: str, page_name: str
) -> None:
    """At 150 % and 200 % text on a 360px phone: no sideways scroll, nothing sticks out or is clipped,
    and every label sits above its control."""
    page = _open_new_page(contexts, refs, resident_cookies, mode_name, page_name)
    m = layout_metrics(page)
    found = page.evaluate(_LABELS_JS)
    save_json(f"{mode_name}-{page_name}", {"layout": m, "labels": found})
    width = m["deviceWidth"]
    note(f"[{mode_name} {page_name}] scrollWidth {m['scrollWidth']} (phone {width}); labels {found['labels']}")
    assert m["scrollWidth"] <= width + 1 and not m["overflowCount"], (
        f"{page_name} at {mode_name}: scrollWidth {m['scrollWidth']} on a {width}px phone: {m['overflowing']}"
    )
    assert not found["clipped"], f"clipped content on {page_name} at {mode_name}: {found['clipped']}"
    assert found["labels"], f"no select on {page_name}"
    for s in found["labels"]:
        assert not s.get("missing"), f"select #{s['id']} has no <label for>"
        assert s["labelBottom"] <= s["selectTop"] + 1, f"label of #{s['id']} is not above it: {s}"
        assert s["selectRight"] <= width + 1, f"#{s['id']} sticks out: {s}"
