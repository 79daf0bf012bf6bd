"""Words (issue 10): every translation in the zh_Hans, zh_Hant and en catalogues (the backend's
messages.po and the PWA's pwa.po) is written in its own language only. The rules and the short
allowlists, each with its reason, are in tests/support/words.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.support.words import bad_punctuation, file_names, latin_words, stray_chinese

I18N = Path(__file__).resolve().parents[2] / "i18n"
DOMAINS = ("messages", "pwa")


def _translations(locale: str, domain: str) -> list[tuple[str, str]]:
    with (I18N / locale / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
        catalogue = read_po(fh, locale=None)
    out = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        out += [(msgid, s) for s in strings if s]
    return out


def _report(found: list[tuple[str, str, list[str]]]) -> str:
    return "\n".join(f"  {what} in {msgstr!r} (msgid {msgid!r})" for msgid, msgstr, what in found[:30])


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant"])
def test_chinese_translations_have_no_english_words(locale: str, domain: str) -> None:
    """No Latin-letter word outside the allowlist: no “demo”, no “L2”, no “localhost”, no untranslated English."""
    found = [(i, s, w) for i, s in _translations(locale, domain) if (w := latin_words(s, hant=locale == "zh_Hant"))]
    assert not found, f"{locale}/{domain}: Latin-letter words in Chinese text:\n{_report(found)}"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant"])
def test_chinese_translations_use_full_width_punctuation(locale: str, domain: str) -> None:
    """需要帮助？ not 需要帮助?: no half-width ? ! : ; , ( ) next to a Chinese character or a placeholder."""
    found = [(i, s, p) for i, s in _translations(locale, domain) if (p := bad_punctuation(s))]
    assert not found, f"{locale}/{domain}: half-width punctuation in Chinese text:\n{_report(found)}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_english_translations_have_no_chinese(domain: str) -> None:
    """English stays English, except the few Chinese words that are the point (search examples, 长辈版)."""
    found = [(i, s, c) for i, s in _translations("en", domain) if (c := stray_chinese(s))]
    assert not found, f"en/{domain}: Chinese in English text:\n{_report(found)}"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant", "en"])
def test_no_translation_names_a_file_of_the_repository(locale: str, domain: str) -> None:
    """Where facts come from is said in words (国办发〔2020〕35号…), never as README.md or shared/data/."""
    found = [(i, s, f) for i, s in _translations(locale, domain) if (f := file_names(s))]
    assert not found, f"{locale}/{domain}: file names in text people read:\n{_report(found)}"


@pytest.mark.parametrize(
    ("text", "hant", "expected"),
    [
        ("演示数据 / demo", False, ["demo"]),
        ("实名认证（L2）", False, ["L2"]),
        ("通行密钥要求用域名打开网站（例如 localhost）", False, ["localhost"]),
        ("下载证照（PDF），以 TB 开头，例如 TB20240315123456，最后一位可能是 X", False, []),
        ("{name} 的 QR 碼", True, []),
        ("{name} 的 QR 码", False, ["QR"]),
    ],
)
def test_the_rules_catch_what_the_issue_found(text: str, hant: bool, expected: list[str]) -> None:
    """The checker itself: the issue's own examples fail, the allowed codes and formats pass."""
    assert latin_words(text, hant=hant) == expected


def test_the_punctuation_and_file_rules_catch_what_the_issue_found() -> None:
    assert bad_punctuation("需要帮助?") and bad_punctuation("本版事项({n} 项)") and bad_punctuation("{kind} ({n})")
    assert not bad_punctuation("需要帮助？") and not bad_punctuation("{n} KB") and not bad_punctuation("licence:verify")
    assert file_names("来源见 shared/data/README.md") and file_names("来源见 demo/reference/README.md。")
    assert not file_names("国办发〔2020〕35号附件公布的清单") and not file_names("下载表格（CSV 格式）")
    assert stray_chinese("演示数据 / demo") and stray_chinese("Help session code (帮办)")
    assert not stray_chinese("e.g. 户口迁移, hukou or hkqy")
