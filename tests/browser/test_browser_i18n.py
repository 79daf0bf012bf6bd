"""Languages (zh_Hans default, zh_Hant, en) and a friendly error page; each language's text in that
language only (issue 10, "Words"); passkeys on a numeric address said in plain words."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import client_address, fresh_phone, is_api, open_page, screenshot
from playwright.sync_api import expect

from tests.support.words import bad_punctuation, file_names, latin_words, stray_chinese

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


# ---- Words (issue 10): each page in one language ---------------------------------------------------

# Everything a person sees or hears on the page, in blocks: the text of each block-level element
# (its inline children joined, so “帮助” + “?” meet), grouped by the language it is marked with
# (the nearest [lang]), plus the labels a screen reader speaks (aria-label, placeholder, title, alt).
# Sandbox text messages (the outbox) are the data of whoever sent them: only `own` (a phone number)
# is read among them.
_VISIBLE_TEXT_JS = """(own) => {
  const visible = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: false});
  const langOf = (el) => { const m = el.closest('[lang]'); return m ? m.lang : ''; };
  const blockOf = (el) => {
    for (let b = el; b; b = b.parentElement) {
      const d = getComputedStyle(b).display;
      if (!d.startsWith('inline') && d !== 'contents') return b;
    }
    return document.body;
  };
  const foreignSms = (el) => {
    const item = el.closest('[data-testid=outbox-item]');
    return item && !item.textContent.includes(own);
  };
  const groups = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script, style, template, noscript') || !visible(el) || foreignSms(el)) continue;
    const key = blockOf(el);
    const lang = langOf(el);
    if (!groups.has(key)) groups.set(key, new Map());
    const byLang = groups.get(key);
    byLang.set(lang, (byLang.get(lang) || '') + n.textContent);
  }
  const out = [];
  for (const byLang of groups.values())
    for (const [lang, text] of byLang) {
      const t = text.replace(/\\s+/g, ' ').trim();
      if (t) out.push([lang, t]);
    }
  for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], img[alt]')) {
    if (!visible(el) || foreignSms(el)) continue;
    for (const a of ['aria-label', 'placeholder', 'title', 'alt']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) out.push([langOf(el), v.trim()]);
    }
  }
  return {lang: document.documentElement.lang, title: document.title, texts: out};
}"""

WORDS_PAGES = ["home", "search", "guide", "lists", "list-version", "signin", "outbox"]
SEARCH_QUERY = "户口"


def _words_path(name: str, demo: Any) -> str:
    return {
        "home": "/",
        "search": f"/search?q={SEARCH_QUERY}",
        "guide": f"/matters/{demo.hukou_code}",
        "lists": "/lists",
        # The national list's first version: its provenance once named demo/reference/README.md.
        "list-version": "/lists/kstb-national/versions/1",
        "signin": "/signin",
        "outbox": "/dev/outbox",
    }[name]


def _with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def _problems_zh(texts: list[list[str]], title: str) -> list[str]:
    """Chinese pages: no English word outside the allowlist, no file name, no half-width punctuation."""
    found = []
    for lang, text in [*texts, ["", title]]:
        if lang and not lang.lower().startswith("zh"):
            continue  # marked as another language on purpose (a language named in itself)
        for what, bad in (("Latin words", latin_words(text)), ("file names", file_names(text)),
                          ("half-width punctuation", bad_punctuation(text))):
            if bad:
                found.append(f"{what} {bad} in {text[:160]!r}")
    return found


def _problems_en(texts: list[list[str]]) -> list[str]:
    """English pages: no Chinese outside content marked lang="zh-…" (the catalogue's own data), and no
    file name. The query the person typed is theirs, whatever its language."""
    found = []
    for lang, text in texts:
        if lang.lower().startswith("zh"):
            continue
        if chinese := stray_chinese(text, also=[SEARCH_QUERY]):
            found.append(f"Chinese {chinese} in {text[:160]!r}")
        if names := file_names(text):
            found.append(f"file names {names} in {text[:160]!r}")
    return found


def _send_a_code(page: Any, lang: str) -> str:
    """A sign-up code to a fresh number, sent from a page in `lang`: the outbox then has a message of ours."""
    phone = fresh_phone("136")
    open_page(page, _with_lang("/signup", lang))
    page.get_by_test_id("signup-phone").fill(phone)
    with page.expect_response(is_api("POST", "/auth/codes")) as sent:
        page.get_by_test_id("send-code").click()
    assert sent.value.status == 202, f"sending a code: HTTP {sent.value.status} {sent.value.text()[:300]}"
    return phone


@pytest.mark.parametrize("lang", ["zh_Hans", "en"])
def test_each_page_speaks_one_language(new_context: Any, demo: Any, lang: str) -> None:
    """Home, search results, a guide, the lists, a list version, sign-in and the SMS outbox: in zh_Hans no
    English word (演示数据 / demo, L2, localhost) outside the allowlist, no file name (README.md), no
    half-width punctuation beside Chinese; in en no Chinese outside what is marked lang="zh-Hans"."""
    page = new_context(**client_address()).new_page()
    phone = _send_a_code(page, lang)
    problems: dict[str, list[str]] = {}
    seen = 0
    for name in WORDS_PAGES:
        open_page(page, _with_lang(_words_path(name, demo), lang))
        if name == "outbox":
            expect(page.get_by_test_id("outbox-item").filter(has_text=phone)).to_have_count(1)
        got = page.evaluate(_VISIBLE_TEXT_JS, phone)
        assert got["lang"].lower().startswith("zh" if lang == "zh_Hans" else "en"), f"{name}: <html lang={got['lang']}>"
        seen += len(got["texts"])
        found = _problems_zh(got["texts"], got["title"]) if lang == "zh_Hans" else _problems_en(got["texts"])
        if found:
            problems[name] = found
            screenshot(page, f"words-{lang}-{name}")
    assert seen > 100, f"too little text read ({seen} blocks): is the collector broken?"
    report = "\n".join(f"{name}:\n  " + "\n  ".join(found) for name, found in problems.items())
    assert not problems, f"{lang}: text in the wrong language, or a file name:\n{report}"


def test_passkeys_at_a_numeric_address_are_said_in_plain_words(new_context: Any, tb_base_url: str) -> None:
    """At http://127.0.0.1 (WebAuthn refuses a numeric address) the sign-in page offers no passkey button
    that can only fail and no developer hint (“例如 localhost”): it says in plain words that passkeys
    cannot be used here, and the phone code works as before. How to get passkeys working (open the
    server by name) is on the developer page, the SMS outbox. At localhost the button is there."""
    numeric = tb_base_url.replace("//localhost:", "//127.0.0.1:")
    assert numeric != tb_base_url, tb_base_url
    page = new_context(**client_address()).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    open_page(page, f"{numeric}/signin")
    main = page.locator("main")
    expect(page.get_by_test_id("signin-passkey")).to_have_count(0)
    expect(page.get_by_test_id("signin-passkey-unavailable")).to_be_visible()
    expect(page.get_by_test_id("signin-passkey-unavailable")).to_contain_text("通行密钥")
    expect(page.get_by_test_id("send-code")).to_be_enabled()
    page.wait_for_timeout(500)  # a passkey request started on load would have failed by now
    expect(page.locator("[role=alert] .problem")).to_have_count(0)
    text = main.inner_text()
    assert "localhost" not in text and not latin_words(text), f"developer words on the sign-in page: {text[:400]!r}"
    screenshot(page, "words-signin-numeric-address")

    open_page(page, f"{numeric}/dev/outbox")
    note = page.get_by_test_id("dev-passkey-note")
    expect(note).to_be_visible()
    expect(page.get_by_test_id("dev-localhost-link")).to_have_attribute("href", re.compile(r"^http://localhost:\d+/$"))
    gap = page.evaluate("""() => { const ns = [...document.querySelectorAll('main .notice')];
        return ns.length < 2 ? null : ns[1].getBoundingClientRect().top - ns[0].getBoundingClientRect().bottom }""")
    assert gap is not None and gap >= 8, f"the two notices touch (gap {gap} px)"
    screenshot(page, "words-outbox-numeric-address")

    open_page(page, f"{tb_base_url}/signin")
    expect(page.get_by_test_id("signin-passkey")).to_be_enabled()
    expect(page.get_by_test_id("signin-passkey-unavailable")).to_have_count(0)
    open_page(page, f"{tb_base_url}/dev/outbox")
    expect(page.get_by_test_id("dev-passkey-note")).to_have_count(0)
    assert not errors, f"uncaught page errors: {errors}"


# ---- search as people type it (issue 10): the hint's own example in Traditional, English names --------


def _search(page: Any, text: str) -> list[str]:
    box = page.get_by_test_id("search-input")
    box.fill(text)
    page.get_by_test_id("search-submit").click()
    page.wait_for_url(re.compile(r"/search\?q="))
    expect(page.get_by_test_id("matter-link").first).to_be_visible()
    return [str(h).rsplit("/", 1)[-1] for h in page.get_by_test_id("matter-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")]


def test_traditional_search_finds_what_its_own_hint_suggests(new_context: Any, demo: Any) -> None:
    """zh_Hant: the hint under the search box suggests 戶口遷移; typing it finds 户口迁移 (written in
    Simplified in the catalogue), first."""
    page = new_context().new_page()
    open_page(page, "/?lang=zh_Hant")
    hint = page.locator("#search-hint").inner_text()
    example = re.search(r"[\u4e00-\u9fff]{4}", hint.split("：", 1)[-1].split(":", 1)[-1])
    assert example and example.group(0) == "戶口遷移", hint
    codes = _search(page, example.group(0))
    assert codes[0] == demo.hukou_code, codes
    screenshot(page, "i18n-search-traditional")


def test_english_search_finds_matters_by_their_english_names(new_context: Any, tb_server: Any) -> None:
    """en: "household registration" finds the household-registration matters, in the order the API ranks
    them; the Chinese names are shown marked as Chinese."""
    expected = [m["code"] for m in tb_server.get_json("/api/v1/matters?q=household%20registration")["items"]]
    assert expected, "demo matters carry English names"
    page = new_context().new_page()
    open_page(page, "/?lang=en")
    codes = _search(page, "household registration")
    assert codes == expected[: len(codes)] and len(codes) >= 1, (codes, expected)
    assert page.get_by_test_id("matter-link").first.get_attribute("lang") == "zh-Hans"
    expect(page.get_by_test_id("query-words")).to_have_count(0)  # English words: nothing to mark
    _search(page, "户口")  # Chinese typed on an English page: the title marks it as Chinese
    words = page.locator("h1").get_by_test_id("query-words")
    expect(words).to_have_text("户口")
    assert words.get_attribute("lang") == "zh"
    expect(page.locator("h1")).to_contain_text("Search results for")
