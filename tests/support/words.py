"""Words (issue 10): each language's text is written in that language only.

One set of rules for the catalogues (tests/unit/test_words.py), what the API serves from the demo data
(tests/api/test_words_demo_data.py) and what the browser shows (tests/browser/test_browser_i18n.py):

- Chinese text carries no Latin-letter word outside LATIN_OK (each entry says why). Codes a person
  reads or types (a token with a digit: TB20240315123456, FY-LQ-W01, C1) and single capital letters
  (the X at the end of an ID number, the letters a credit code leaves out) are characters, not words.
  Identity levels are words (实名认证), never L1/L2/L3, which read-aloud spells out as letters.
- Chinese text uses full-width punctuation: no ? ! : ; , ( ) next to a Chinese character.
- English text carries no Chinese outside CJK_OK_EN, where the Chinese itself is the point.
- Nothing a resident reads names a file or a path of this repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Han characters and the CJK punctuation and full-width forms (，。：（）「」…) that belong to them.
CJK = re.compile(f"[{HAN}\u3000-\u303f\uff00-\uffef]")
HAN_CHAR = re.compile(f"[{HAN}]")

LATIN_OK: dict[str, str] = {
    # File formats and sizes, as the phone's file picker and every Chinese app name them.
    "PDF": "file format", "JPEG": "file format", "JPG": "file format", "PNG": "file format",
    "CSV": "file format", "KB": "file size", "MB": "file size",
    # The device's own word for its unlock code: Android and Windows Hello ask for a “PIN 码”.
    "PIN": "the device's word",
    # The prefix printed on every case number (TB20240315123456), which people read out and type.
    "TB": "case number prefix",
    # Search help: the point is that pinyin and initials work in the search box.
    "hukou": "pinyin example", "hkqy": "pinyin example",
    # Staff importing a list: the encoding as spreadsheet software names it in its save dialog.
    "UTF-8": "text encoding",
    # Literal names only a department system's developer or an administrator types: an HTTP header,
    # the wire format, an OAuth scope, URL schemes of redirect addresses.
    "Idempotency-Key": "HTTP header", "JSON": "wire format", "licence:verify": "OAuth scope",
    "http": "URL scheme", "https": "URL scheme",
}
# Traditional Chinese in Taiwan usage says “QR 碼” (mainland usage: 二维码).
LATIN_OK_HANT: dict[str, str] = {"QR": "Taiwan usage"}

# Chinese that English text keeps on purpose: examples of what to type in the search box, and the
# names under which the assisted mode is known (the settings filter finds them).
CJK_OK_EN: dict[str, str] = {
    "户籍": "search example", "户口迁移": "search example",
    "长辈版": "the mode's name", "亲情版": "the mode's name", "关爱版": "the mode's name", "关怀版": "the mode's name",
}

# Identity levels are no codes a resident reads: they are said in words (手机号已验证, 实名认证, 现场核验).
LEVEL_CODE = re.compile(r"L[1-3]")
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)[sd]|%[sd]")
LATIN_TOKEN = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[-:.][A-Za-z0-9]+)*")
URL = re.compile(r"https?://\S+")
HALF_WIDTH = "?!:;,()"
BAD_PUNCTUATION = re.compile(f"[{HAN}][{re.escape(HALF_WIDTH)}]|[{re.escape(HALF_WIDTH)}][{HAN}]")
# A file name or a repository path: README.md, shared/data/…, demo/reference/…, backend/tongban/…
FILE_NAME = re.compile(
    r"[\w.-]+\.(?:md|csv|json|py|txt|tsx?|jsx?|po|pot|mo|html|ya?ml|toml|cfg|ini|sh)\b"
    r"|\b(?:shared|demo|backend|pwa|docs|tests|i18n|scripts|tongban)/[\w./-]+"
    r"|\bgithub\b|\bREADME\b",
    re.IGNORECASE,
)


def latin_words(text: str, *, hant: bool = False, allowed: Mapping[str, str] | None = None) -> list[str]:
    """Latin-letter words in Chinese text that no rule above allows (`allowed`: instead of LATIN_OK)."""
    allowed = {**(LATIN_OK if allowed is None else allowed), **(LATIN_OK_HANT if hant else {})}
    text = URL.sub(" ", PLACEHOLDER.sub(" ", text))
    found = []
    for word in LATIN_TOKEN.findall(text):
        code = bool(re.search(r"\d", word)) and not LEVEL_CODE.fullmatch(word)
        if word in allowed or code or re.fullmatch(r"[A-Z]", word):
            continue
        found.append(word)
    return found


def bad_punctuation(text: str) -> list[str]:
    """Half-width punctuation next to a Chinese character (a placeholder counts as Chinese text)."""
    text = PLACEHOLDER.sub("字", text)
    return [text[max(m.start() - 6, 0):m.end() + 6] for m in BAD_PUNCTUATION.finditer(text)]


def stray_chinese(text: str, also: Iterable[str] = ()) -> list[str]:
    """Chinese characters or full-width punctuation in English text, besides CJK_OK_EN (and `also`)."""
    for word in sorted({*CJK_OK_EN, *also}, key=len, reverse=True):
        text = text.replace(word, " ")
    return CJK.findall(text)


def file_names(text: str) -> list[str]:
    return [m.group(0) for m in FILE_NAME.finditer(text)]
