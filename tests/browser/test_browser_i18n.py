"""Languages (zh_Hans default, zh_Hant, en) and a friendly error page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import open_page, screenshot
from playwright.sync_api import expect

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Simplified → traditional pairs of characters a government-services UI is full of. A zh_Hant UI
# shows the right-hand forms; the left-hand ones are simplified-only.
S2T = dict(
    zip(
        "办务设语说资单请检项户间页关长体读帮门龄显号网询证级简国动时实现历转图线离态这个们来发开结选择对应从进续变处点击听览汉",
        "辦務設語說資單請檢項戶間頁關長體讀幫門齡顯號網詢證級簡國動時實現歷轉圖線離態這個們來發開結選擇對應從進續變處點擊聽覽漢",
        strict=True,
    )
)

# The UI's own words on a page (not data from the API): headings, labels, buttons, navigation,
# the search box. Text inside an element marked with another language (a language picker that
# names each language in itself, WCAG 3.1.2) is left out.
_UI_TEXT_JS = """() => {
  const pageLang = document.documentElement.lang;
  const out = [];
  const own = (el) => {
    const marked = el.closest('[lang]');
    return !marked || marked === document.documentElement || marked.lang === pageLang;
  };
  const selector = 'h1, h2, label, legend, button, nav a, header a, [role=button]';
  for (const el of document.querySelectorAll(selector)) {
    if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
    if (!own(el) || el.closest('[data-testid=matter-link]')) continue;
    const clone = el.cloneNode(true);
    for (const other of clone.querySelectorAll('[lang]')) if (other.lang !== pageLang) other.remove();
    const t = clone.textContent.replace(/\\s+/g, ' ').trim();
    if (t) out.push(t);
  }
  const box = document.querySelector('[data-testid=search-input]');
  if (box) out.push(box.getAttribute('aria-label') || '', box.getAttribute('placeholder') || '',
                    ...Array.from(box.labels || []).map(l => l.textContent.trim()));
  return {lang: pageLang, title: document.title, texts: out.filter(Boolean)};
}"""


def _ui(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(_UI_TEXT_JS)
    return result


@pytest.mark.parametrize("path", ["/", "/settings"])
def test_english_ui(new_context: Any, path: str) -> None:
    """?lang=en: <html lang=en> and the UI's own words are English."""
    page = new_context().new_page()
    open_page(page, path + "?lang=en")
    ui = _ui(page)
    screenshot(page, f"lang-en-{path.strip('/') or 'home'}")
    assert ui["lang"].lower().startswith("en"), f"<html lang> is {ui['lang']!r} with ?lang=en"
    chinese = [t for t in ui["texts"] if HAN.search(t)]
    assert ui["texts"], "no UI text found"
    assert not chinese, f"Chinese UI text with ?lang=en on {path}: {chinese}"
    assert re.search("[A-Za-z]", ui["title"]), f"title {ui['title']!r} is not English"


@pytest.mark.parametrize("path", ["/", "/settings"])
def test_traditional_chinese_ui(new_context: Any, path: str) -> None:
    """?lang=zh_Hant: <html lang=zh-Hant…> and the UI uses traditional characters, not simplified ones."""
    page = new_context().new_page()
    open_page(page, path + "?lang=zh_Hant")
    ui = _ui(page)
    screenshot(page, f"lang-zh_Hant-{path.strip('/') or 'home'}")
    assert re.match(r"zh-(Hant|TW|HK|MO)", ui["lang"], re.I), f"<html lang> is {ui['lang']!r} with ?lang=zh_Hant"
    text = " ".join(ui["texts"]) + " " + ui["title"]
    simplified = sorted({c for c in text if c in S2T})
    traditional = sorted({c for c in text if c in S2T.values()})
    assert traditional, f"no traditional characters in the zh_Hant UI on {path}: {ui['texts']}"
    assert not simplified, f"simplified characters {simplified} in the zh_Hant UI on {path}: {ui['texts']}"


NOT_FOUND = {
    "zh_Hans": re.compile(r"未找到|找不到|不存在|没有找到"),
    "en": re.compile(r"not found|doesn.t exist|does not exist|could not find|couldn.t find|no such", re.I),
}


@pytest.mark.parametrize("lang", ["zh_Hans", "en"])
def test_unknown_matter_shows_translated_not_found(new_context: Any, lang: str) -> None:
    """/matters/NOPE: a translated not-found message and a way back, never a blank page."""
    page = new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_page(page, f"/matters/NOPE?lang={lang}")
    screenshot(page, f"not-found-{lang}")
    main = page.locator("main")
    expect(main).to_contain_text(NOT_FOUND[lang])
    message = main.inner_text()
    if lang == "en":
        assert not HAN.search(page.locator("main h1").inner_text()), f"untranslated heading: {message[:200]!r}"
    home = page.locator("main a[href='/'], main a[href^='/search'], header a[href='/']")
    assert home.count() >= 1, "the not-found page offers no way back (a link to home or search)"
    assert not errors, f"uncaught page errors: {errors}"
